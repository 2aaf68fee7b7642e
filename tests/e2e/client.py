"""A small client for the real servers in end-to-end tests."""

from __future__ import annotations

from dataclasses import dataclass

import requests

from bot.reply import Reply, composed_payload

TOKEN = "e2e-test-token"  # Rasa's HTTP API token in tests (tracker access)


@dataclass
class Chat:
    base_url: str
    sender: str

    def send(self, message) -> list[dict]:
        response = requests.post(
            f"{self.base_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": message},
            timeout=30,
        )
        response.raise_for_status()
        return response.json()

    def ask(self, message) -> dict:
        """The reply's custom payload (type, sources, answer, notes), with its texts joined."""
        messages = self.send(message)
        [payload] = [p for p in (composed_payload(m) for m in messages) if p]
        payload["texts"] = "\n".join(m["text"] for m in messages if "text" in m)
        return payload

    def reply(self, message) -> Reply:
        """The reply as the assistant composed it, rebuilt from the REST payload."""
        return Reply.from_payload(self.ask(message))
