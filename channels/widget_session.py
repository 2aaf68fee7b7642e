"""Widget sessions belong to the browser that opened them: the server names every session and
signs its name; a socket resumes a session only with that signature (a session id alone, which
any script on the page can read, is not enough)."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass

from bot.settings import env

logger = logging.getLogger(__name__)

SESSION_PREFIX = "web:"  # a name no other channel's caller can give (channels.requests)


@dataclass(frozen=True)
class Session:
    session_id: str
    token: str

    def as_dict(self) -> dict[str, str]:
        return {"session_id": self.session_id, "session_token": self.token}


class SessionSigner:
    def __init__(self, secret: str) -> None:
        self._key = secret.encode()

    @classmethod
    def configured(cls) -> SessionSigner:
        """CST_WIDGET_SECRET, shared by every replica; `make run` sets one. Without it sessions
        last as long as this process."""
        secret = env("CST_WIDGET_SECRET")
        if not secret:
            logger.warning("CST_WIDGET_SECRET is not set: widget sessions end when this server restarts.")
            secret = secrets.token_hex(32)
        return cls(secret)

    def sign(self, session_id: str) -> str:
        return hmac.new(self._key, session_id.encode(), hashlib.sha256).hexdigest()

    def new_session(self) -> Session:
        session_id = f"{SESSION_PREFIX}{uuid.uuid4().hex}"
        return Session(session_id, self.sign(session_id))

    def resume(self, session_id: object, token: object) -> Session | None:
        """The session if `token` is its signature; None for anything else."""
        if not (isinstance(session_id, str) and isinstance(token, str)):
            return None
        if not session_id.startswith(SESSION_PREFIX) or len(session_id) > 128:
            return None
        if not hmac.compare_digest(self.sign(session_id), token):
            return None
        return Session(session_id, token)
