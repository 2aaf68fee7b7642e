"""Rasa's REST channel with its input checked: a malformed request gets a 400 with a reason,
instead of a 500, an empty answer, or a conversation shared by every anonymous caller."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request

from channels.fallback import with_fallback
from channels.named import Named
from channels.requests import ID_RULE, BadBody, is_conversation_id, json_object, message_problem, refuse

MAX_METADATA_CHARS = 2048  # metadata is the integration's, never stored (bot.safety.privacy)


def request_problem(body: dict[str, Any]) -> str | None:
    """Why a webhook body cannot be processed, or None."""
    if not is_conversation_id(body.get("sender")):
        return f"'sender' must be a conversation id: {ID_RULE}."
    problem = message_problem(body.get("message"))
    if problem:
        return problem
    if body.get("metadata") is not None and not isinstance(body["metadata"], dict):
        return "'metadata' must be a JSON object."
    if body.get("metadata") and len(json.dumps(body["metadata"])) > MAX_METADATA_CHARS:
        return f"'metadata' must be at most {MAX_METADATA_CHARS} characters of JSON."
    return None


class CheckedRestInput(Named, RestInput):
    channel_name = "rest"  # same URL as Rasa's own: /webhooks/rest/webhook

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(with_fallback(on_new_message))

        @blueprint.on_request
        async def check_body(request: Request) -> Any:
            if request.method != "POST":
                return None
            try:
                problem = request_problem(json_object(request))
            except BadBody as error:
                return refuse(f"{error} Send 'sender' and 'message'.")
            return refuse(problem) if problem else None

        return blueprint
