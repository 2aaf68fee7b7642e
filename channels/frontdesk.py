"""The front-desk console: a staff page where a receptionist types a caller's question and sees
the answer to read out, its type, the top sources with scores, and the clinic's contact facts.

  GET  /webhooks/frontdesk/          the console page
  GET  /webhooks/frontdesk/profile   the clinic's contact facts              (token)
  POST /webhooks/frontdesk/ask       {"caller": id, "question": text} → reply (token)

With CST_FRONTDESK_TOKEN set (or `token` in credentials.yml), the API needs the header
`Authorization: Bearer <token>`; without one, it answers requests from this machine only.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from bot.conversation.clinic import load_profile
from bot.conversation.gaps import GapLog, report
from bot.reply import composed_payload
from bot.settings import env
from channels.fallback import with_fallback
from channels.limits import Budget, RateLimiter, Throttle, client_address, is_local
from channels.named import Named
from channels.requests import (
    ID_RULE,
    BadBody,
    is_conversation_id,
    json_object,
    message_problem,
    namespaced,
    refuse,
    too_fast,
)
from channels.web import WEB_DIR, add_page_routes

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
# Headers a proxy adds: a request that carries one did not come from this machine directly.
PROXY_HEADERS = (
    "x-forwarded-for", "x-real-ip", "forwarded", "x-forwarded-host", "x-forwarded-proto",
    "x-forwarded-port", "x-client-ip", "true-client-ip", "via",
)
DENIED = {"error": "Not allowed: send the front-desk token (Authorization: Bearer …)."}
MAX_WRONG_TOKENS = 5  # per address and minute, then 429


def is_direct_local(request: Request) -> bool:
    """Without a token the console serves this machine only: a loopback peer, a loopback Host
    (a web page on this machine reaching it by DNS rebinding names another host) and no proxy
    headers."""
    host = request.headers.get("host", "").lower()
    host = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    proxied = any(request.headers.get(name) for name in PROXY_HEADERS)
    return not proxied and is_local(request.ip) and host in LOCAL_HOSTS


class FrontDeskInput(Named, InputChannel):
    channel_name = "frontdesk"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> FrontDeskInput:
        token = (credentials or {}).get("token") or env("CST_FRONTDESK_TOKEN") or None
        return cls(token)

    def __init__(self, token: str | None = None) -> None:
        self.token = token
        # Wrong tokens per address: five a minute, then 429 (channels/limits.py).
        self.failures = RateLimiter(Budget(burst=MAX_WRONG_TOKENS, per_minute=MAX_WRONG_TOKENS))
        self.throttle = Throttle.configured()
        self.profile = load_profile()  # validated at start-up, like the action server's

    def allowed(self, request: Request) -> bool:
        """An address that sent too many wrong tokens is not even checked (a right guess during
        the lock-out is refused too: guessing is slowed, not just answered differently)."""
        if self.failures.exhausted(client_address(request.ip, request.headers)):
            return False
        if self.token:
            given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            return hmac.compare_digest(given.encode(), self.token.encode())
        return is_direct_local(request)

    def refusal(self, request: Request) -> Any:
        """401, or 429 while an address has sent too many wrong tokens."""
        address = client_address(request.ip, request.headers)
        if self.failures.exhausted(address):
            return response.json({"error": "Too many wrong tokens; wait a minute and try again."}, status=429)
        self.failures.wait_seconds(address)  # counts this wrong token
        return response.json(DENIED, status=401)

    def contact_facts(self) -> dict[str, Any]:
        p = self.profile
        return {
            "name": p.name,
            "phone": p.phone,
            "email": p.email,
            "address": p.address,
            "booking_url": p.booking_url,
            "opening_hours": [list(x) for x in p.opening_hours],
            "region": p.region,
            "example": p.example,
        }

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = with_fallback(on_new_message, self.profile)
        blueprint = Blueprint("frontdesk", __name__)

        add_page_routes(
            blueprint,
            WEB_DIR / "frontdesk" / "index.html",
            {
                **{name: WEB_DIR / "frontdesk" / name for name in ("console.js", "console.css")},
                "reply-view.js": WEB_DIR / "shared" / "reply-view.js",
            },
        )

        @blueprint.route("/profile", methods=["GET"])
        async def profile(request: Request) -> Any:
            if not self.allowed(request):
                return self.refusal(request)
            return response.json(self.contact_facts())

        @blueprint.route("/gaps", methods=["GET"])
        async def gaps(request: Request) -> Any:
            if not self.allowed(request):
                return self.refusal(request)
            found = report(GapLog().entries())
            return response.json({"total": sum(g.count for g in found), "gaps": [g.as_dict() for g in found]})

        @blueprint.route("/ask", methods=["POST"])
        async def ask(request: Request) -> Any:
            if not self.allowed(request):
                return self.refusal(request)
            try:
                body = json_object(request)
            except BadBody as error:
                return refuse(f"{error} Send 'caller' and 'question'.")
            caller, question = body.get("caller"), body.get("question")
            if not is_conversation_id(caller):
                return refuse(f"'caller' must be {ID_RULE}.")
            problem = message_problem(question, "question")
            if problem or not question.strip():
                return refuse(problem or "'question' must be non-empty text.")
            address = client_address(request.ip, request.headers)
            wait = self.throttle.wait_seconds(caller, address, question)
            if wait:
                return too_fast(wait)
            collector = CollectingOutputChannel()
            conversation = namespaced(self.name(), caller)
            await on_new_message(UserMessage(question, collector, conversation, input_channel=self.name()))
            replies = [p for p in (composed_payload(m) for m in collector.messages) if p]
            if not replies:
                return refuse("The assistant did not answer; try again.", status=503)
            return response.json(replies[-1])

        return blueprint
