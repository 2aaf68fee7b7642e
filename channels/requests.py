"""What every channel checks on the way in, defined once: how a JSON body is read, which
conversation ids are accepted, and how long a message may be."""

from __future__ import annotations

import json
import re
from typing import Any

from sanic import response
from sanic.request import Request

from channels.limits import slow_down

# Far more than a question; the assistant itself reads at most 1,000 characters of it (the
# crisis screen reads it all).
MAX_MESSAGE_CHARS = 100_000
# Ids a caller names (a REST sender, a front-desk caller) have no colon: the server's own names
# do ("frontdesk:…", "slack:…", "web:…"), so no caller can name another channel's conversation.
_CONVERSATION_ID = re.compile(r"[A-Za-z0-9_.@-]{1,128}")
ID_RULE = "an id of 1-128 letters, digits or _.@-"


def is_conversation_id(value: Any) -> bool:
    """One id policy for every channel; the whole value must match (no trailing newline)."""
    return isinstance(value, str) and _CONVERSATION_ID.fullmatch(value) is not None


def namespaced(channel: str, name: str) -> str:
    """The conversation id the server gives a caller's `name` within `channel`."""
    return f"{channel}:{name}"


def message_problem(text: Any, field: str = "message") -> str | None:
    if not isinstance(text, str):
        return f"'{field}' must be a string."
    if len(text) > MAX_MESSAGE_CHARS:
        return f"'{field}' is longer than {MAX_MESSAGE_CHARS} characters."
    return None


MAX_METADATA_CHARS = 2048  # metadata is the integration's, never stored (bot.safety.privacy)


def metadata_problem(metadata: Any) -> str | None:
    if metadata is not None and not isinstance(metadata, dict):
        return "'metadata' must be a JSON object."
    if metadata and len(json.dumps(metadata)) > MAX_METADATA_CHARS:
        return f"'metadata' must be at most {MAX_METADATA_CHARS} characters of JSON."
    return None


class BadBody(ValueError):
    """The request body is not a JSON object."""


def is_json(request: Request) -> bool:
    return request.headers.get("content-type", "").split(";")[0].strip() == "application/json"


def json_object(request: Request) -> dict[str, Any]:
    """The request's JSON object; BadBody for anything else (broken JSON, a list, no body)."""
    try:
        body = request.json
    except Exception as error:  # sanic raises its own BadRequest subclasses for broken JSON
        raise BadBody("The body is not valid JSON.") from error
    if not isinstance(body, dict):
        raise BadBody("The body must be a JSON object.")
    return body


def refuse(message: str, status: int = 400) -> response.HTTPResponse:
    return response.json({"error": message}, status=status)


def too_fast(seconds: int) -> response.HTTPResponse:
    """429 with the words every channel uses, and when to try again."""
    refusal = refuse(slow_down(seconds), status=429)
    refusal.headers["Retry-After"] = str(seconds)
    return refusal
