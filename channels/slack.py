"""Slack, for the clinic team (Slack is a staff tool, not for talking with patients).

Rasa's Slack connector, configured from the environment, with what it lacks:
- each Slack event is processed once: Slack re-sends an event (X-Slack-Retry-Num) when it thinks
  delivery failed, whatever the reason; a retried event id gets an empty 200 and no second reply;
- one reply is one Slack message in the question's thread (Rasa's output would post every
  paragraph as a message, and fail on the composed payload);
- url_verification answers {"challenge": …}, after the signature check;
- without CST_SLACK_BOT_TOKEN and CST_SLACK_SIGNING_SECRET the webhook answers 503 and says why.

Environment: CST_SLACK_BOT_TOKEN, CST_SLACK_SIGNING_SECRET, optional CST_SLACK_CHANNEL (a channel id where
the bot answers every message; elsewhere it answers mentions and direct messages) and
CST_SLACK_API_BASE_URL (tests point it at a fake Slack on loopback).
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from slack_sdk.web.async_client import AsyncWebClient

from bot.render import display_parts
from bot.reply import composed_payload
from bot.settings import env
from channels.fallback import with_fallback
from channels.named import Named
from channels.requests import BadBody, is_json, json_object, namespaced, refuse

logger = logging.getLogger(__name__)
DEFAULT_API = "https://slack.com/api/"
# Slack shows each reply type's label (bot.render) behind an icon.
ICONS = {"emergency": ":rotating_light:", "medical_boundary": ":stethoscope:", "evidence": ":books:"}


def slack_text(payload: dict[str, Any]) -> str:
    """One Slack message (mrkdwn) for a composed reply."""
    parts = display_parts(payload)
    lines = [f"{ICONS.get(parts.type, '')} *{escape(parts.label)}*".strip()] if parts.label else []
    lines.append(escape(parts.answer))
    if parts.source_line:
        source = escape(parts.source_line)
        lines.append(f"_<{parts.source_url}|{source}>_" if parts.source_url else f"_{source}_")
    lines += [f"_{escape(line)}_" for line in parts.notes if line]
    return "\n\n".join(lines)


def escape(text: str) -> str:
    """Slack's three control characters, so user or passage text never becomes markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SeenEvents:
    """Slack event ids already taken, for an hour (Slack retries within minutes). With several
    Rasa replicas a retry may reach another replica, so they share the record in Redis when
    CST_REDIS_URL is set (the scale-out profile sets it); otherwise it is kept in memory."""

    def __init__(self, ttl_seconds: float = 3600, limit: int = 50_000, redis_url: str | None = None) -> None:
        self.ttl, self.limit = ttl_seconds, limit
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._redis = None
        if redis_url:
            import redis

            self._redis = redis.Redis.from_url(redis_url, socket_timeout=2)

    def first_time(self, event_id: str) -> bool:
        if self._redis is not None:
            # SET NX is atomic: exactly one replica sees the event for the first time.
            return bool(self._redis.set(f"cst:slack-event:{event_id}", 1, nx=True, ex=int(self.ttl)))
        now = time.monotonic()
        while self._seen and (
            len(self._seen) > self.limit or next(iter(self._seen.values())) < now - self.ttl
        ):
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        self._seen[event_id] = now
        return True


class SlackReplyOutput(SlackBot):
    def __init__(self, token: str, channel: str | None, thread_id: str | None, base_url: str) -> None:
        super().__init__(token, channel, thread_id)
        self.client = AsyncWebClient(token, base_url=base_url)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        reply = composed_payload(message)
        if reply is not None:
            await self._post_message(self.slack_channel or recipient_id, text=slack_text(reply), mrkdwn=True)
        elif message.get("text"):
            await self._post_message(self.slack_channel or recipient_id, text=escape(message["text"]))


class SlackChannel(Named, SlackInput):
    channel_name = "slack"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> SlackChannel:
        credentials = credentials or {}
        token = credentials.get("slack_token") or env("CST_SLACK_BOT_TOKEN", "")
        secret = credentials.get("slack_signing_secret") or env("CST_SLACK_SIGNING_SECRET", "")
        channel = cls(
            slack_token=token or "not-configured",
            slack_channel=credentials.get("slack_channel") or env("CST_SLACK_CHANNEL") or None,
            slack_retry_reason_header="x-slack-retry-reason",
            slack_retry_number_header="x-slack-retry-num",
            errors_ignore_retry=[],  # every retry is handled by event id instead
            use_threads=True,
            slack_signing_secret=secret or "not-configured",
            conversation_granularity="thread",
        )
        channel.configured = bool(token and secret)
        channel.api_base_url = env("CST_SLACK_API_BASE_URL") or DEFAULT_API
        channel.seen = SeenEvents(redis_url=env("CST_REDIS_URL") or None)
        return channel

    configured = False
    api_base_url = DEFAULT_API
    seen = SeenEvents()

    def _get_conversation_id(
        self, sender_id: str | None, channel_id: str | None, thread_id: str | None
    ) -> str | None:
        """Slack's thread conversations, in a namespace no REST or widget caller can name."""
        conversation = super()._get_conversation_id(sender_id, channel_id, thread_id)
        return namespaced(self.name(), conversation) if conversation else None

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackReplyOutput(self.slack_token, channel or self.slack_channel, thread_id, self.api_base_url)

    async def process_message(
        self,
        request: Request,
        on_new_message: Callable[[UserMessage], Awaitable[Any]],
        text: str,
        sender_id: str | None,
        metadata: dict | None,
    ) -> Any:
        # One reply per message: Slack retries an event (same event id), and sends a mention in a
        # channel twice, as `message` and as `app_mention` (other ids, the same channel and ts).
        try:
            body = json_object(request) if is_json(request) else {}
        except BadBody:
            body = {}
        event = body.get("event") if isinstance(body.get("event"), dict) else {}
        keys = [str(body["event_id"])] if body.get("event_id") else []
        if event.get("channel") and event.get("ts"):
            keys.append(f"message:{event['channel']}:{event['ts']}")
        fresh = [self.seen.first_time(key) for key in keys]  # every key is marked as seen
        if not all(fresh):
            retry = request.headers.get(self.retry_num_header)
            logger.info("Slack event delivered again (retry %s); already handled.", retry)
            return response.text("", headers={"X-Slack-No-Retry": "1"})
        return await super().process_message(request, on_new_message, text, sender_id, metadata)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(with_fallback(on_new_message))

        @blueprint.on_request
        async def before(request: Request) -> Any:
            if not request.path.endswith("/webhook"):
                return None
            if not self.configured:
                missing = "set CST_SLACK_BOT_TOKEN and CST_SLACK_SIGNING_SECRET"
                return refuse(f"Slack is not configured: {missing}.", status=503)
            if request.method != "POST":
                return refuse("Slack sends events with POST.", status=405)
            if not self.is_request_from_slack_authentic(request):
                return refuse("Bad or stale Slack signature.", status=401)
            if not is_json(request):
                return None  # interactive payloads come form-encoded; Rasa's connector reads them
            try:
                body = json_object(request)
            except BadBody as error:
                return refuse(str(error))
            if body.get("type") == "url_verification":
                return response.json({"challenge": body.get("challenge", "")})
            return None

        return blueprint
