"""Rasa's REST channel with its input checked: a malformed request gets a 400 with a reason,
instead of a 500, an empty answer, or a conversation shared by every anonymous caller."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint
from sanic.request import Request

from channels.fallback import with_fallback
from channels.limits import Throttle, client_address
from channels.named import Named
from channels.requests import (
    ID_RULE,
    BadBody,
    is_conversation_id,
    json_object,
    message_problem,
    metadata_problem,
    refuse,
    too_fast,
)


def request_problem(body: dict[str, Any]) -> str | None:
    """Why a webhook body cannot be processed, or None."""
    if not is_conversation_id(body.get("sender")):
        return f"'sender' must be a conversation id: {ID_RULE}."
    problem = message_problem(body.get("message"))
    if problem:
        return problem
    return metadata_problem(body.get("metadata"))


class CheckedRestInput(Named, RestInput):
    channel_name = "rest"  # same URL as Rasa's own: /webhooks/rest/webhook

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()  # Rasa would take the caller's word for it ("input_channel": "slack")

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        blueprint = super().blueprint(with_fallback(on_new_message))
        throttle = Throttle.configured()

        @blueprint.on_request
        async def check_body(request: Request) -> Any:
            if request.method != "POST":
                return None
            try:
                body = json_object(request)
            except BadBody as error:
                return refuse(f"{error} Send 'sender' and 'message'.")
            problem = request_problem(body)
            if problem:
                return refuse(problem)
            address = client_address(request.ip, request.headers)
            wait = throttle.wait_seconds(body["sender"], address, body["message"])
            return too_fast(wait) if wait else None

        return blueprint
