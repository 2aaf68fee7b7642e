"""Find the assistant's composed reply in the messages Rasa hands an output channel."""

from __future__ import annotations

from typing import Any


def composed_payload(message: dict[str, Any]) -> dict[str, Any] | None:
    """The `custom` payload composed by bot/ (it has a `type`), or None for other messages."""
    custom = message.get("custom")
    if isinstance(custom, dict) and isinstance(custom.get("type"), str) and "answer" in custom:
        return custom
    return None
