"""Rasa's REST channel with its input checked: a malformed request gets a 400 with a reason,
instead of a 500, an empty answer, or a conversation shared by every anonymous caller."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from channels.fallback import with_fallback

SENDER_ID = re.compile(r"^[A-Za-z0-9_.:@-]{1,128}$")
MAX_MESSAGE_CHARS = 100_000  # far more than a question; the assistant itself reads at most 1,000


def request_problem(body: Any) -> str | None:
    """Why a webhook body cannot be processed, or None."""
    if not isinstance(body, dict):
        return "The body must be a JSON object with 'sender' and 'message'."
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not SENDER_ID.match(sender):
        return "'sender' must be a conversation id of 1-128 letters, digits or _.:@-"
    if not isinstance(message, str):
        return "'message' must be a string."
    if len(message) > MAX_MESSAGE_CHARS:
        return f"'message' is longer than {MAX_MESSAGE_CHARS} characters."
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        return "'metadata' must be a JSON object."
    return None


class CheckedRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"  # same URL as Rasa's own: /webhooks/rest/webhook

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(with_fallback(on_new_message))

        @blueprint.on_request
        async def check_body(request: Request) -> Any:
            if request.method != "POST":
                return None
            try:
                body = request.json
            except Exception:  # sanic raises its own BadRequest subclasses for broken JSON
                return response.json({"error": "The body is not valid JSON."}, status=400)
            problem = request_problem(body)
            if problem:
                return response.json({"error": problem}, status=400)
            return None

        return blueprint
