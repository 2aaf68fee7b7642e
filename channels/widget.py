"""The website chat widget's channel: Rasa's socket.io channel, sending each reply as ONE event
that carries the text and the composed payload (Rasa's own output would split the text into
several events and crash on the payload), with checked input and session persistence.

A session belongs to the socket that opened or resumed it with its signed token
(channels/widget_session.py): a socket posts only into the session it joined. Only pages of this
server's own origin, the clinic's website and the origins listed in credentials.yml may open
the socket; each session and each address has a message budget (channels/limits.py)."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import engineio
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from socketio import AsyncServer

from bot.conversation.clinic import load_profile
from bot.reply import composed_payload
from channels.fallback import with_fallback
from channels.limits import Throttle, client_address, is_local, slow_down
from channels.named import Named
from channels.requests import message_problem, metadata_problem
from channels.widget_session import SessionSigner

logger = logging.getLogger(__name__)
MAX_SOCKETS_PER_ADDRESS = 20  # a waiting room's visitors, not a script's hundreds


class WidgetOutput(OutputChannel):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, sio: AsyncServer, bot_message_evt: str) -> None:
        self.sio = sio
        self.bot_message_evt = bot_message_evt

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        payload = composed_payload(message)
        event = (
            {"text": message.get("text", ""), "custom": payload}
            if payload
            else {"text": message.get("text", "")}
        )
        await self.sio.emit(self.bot_message_evt, event, room=recipient_id)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.sio.emit(self.bot_message_evt, {"text": text}, room=recipient_id)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self.sio.emit(self.bot_message_evt, {"custom": json_message}, room=recipient_id)


def site_origin(url: str | None) -> str | None:
    """"https://clinic.example" for "https://clinic.example/any/page"."""
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


class SiteOriginEngine(engineio.AsyncServer):
    """engine.io's same-origin check, widened by the sites that embed the widget (engine.io
    takes either same-origin or a list, not both)."""

    site_origins: tuple[str, ...] = ()

    def _cors_allowed_origins(self, environ: dict[str, Any]) -> list[str]:
        return [*super()._cors_allowed_origins(environ), *self.site_origins]


class WidgetSocketServer(AsyncServer):
    def _engineio_server_class(self) -> type[engineio.AsyncServer]:
        return SiteOriginEngine


class WidgetInput(Named, SocketIOInput):
    """Configured like Rasa's socketio channel; `cors_allowed_origins` lists the websites that
    may embed the widget besides the clinic's `website` (its demo page is same-origin)."""

    channel_name = "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetInput:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        origins = credentials.get("cors_allowed_origins") or []
        listed = origins if isinstance(origins, list) else str(origins).split(",")
        channel.cors_allowed_origins = tuple(o.strip().rstrip("/") for o in listed if o.strip())
        return channel

    cors_allowed_origins: tuple[str, ...] = ()

    def get_output_channel(self) -> OutputChannel | None:
        return WidgetOutput(self.sio, self.bot_message_evt) if self.sio else None

    def site_origins(self) -> tuple[str, ...]:
        website = site_origin(load_profile().website)
        return (*self.cors_allowed_origins, *([website] if website else []))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = with_fallback(on_new_message)
        sio = WidgetSocketServer(async_mode="sanic", cors_allowed_origins=None)  # None: same-origin
        sio.eio.site_origins = self.site_origins()
        blueprint = SocketBlueprint(sio, self.socketio_path, "widget_socketio_webhook", __name__)
        self.sio = sio
        signer = SessionSigner.configured()
        throttle = Throttle.configured()
        joined: dict[str, str] = {}  # socket id → the one session it may post into
        addresses: dict[str, str] = {}  # socket id → where it connected from

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> Any:
            return response.json({"status": "ok"})

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict[str, Any], *_: Any) -> bool:
            request = environ.get("sanic.request")
            peer = request.ip if request is not None else None
            address = client_address(peer, request.headers if request is not None else {})
            if not is_local(address) and list(addresses.values()).count(address) >= MAX_SOCKETS_PER_ADDRESS:
                return False  # refused: one address holding open sockets by the hundred
            addresses[sid] = address
            return True

        @sio.on("disconnect", namespace=self.namespace)
        async def disconnect(sid: str) -> None:
            joined.pop(sid, None)
            addresses.pop(sid, None)

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            wait = throttle.wait_seconds(sid, addresses.get(sid, "unknown"))  # sessions cost too
            if wait:
                await sio.emit("error_message", {"error": slow_down(wait), "retry_after": wait}, room=sid)
                return
            data = data if isinstance(data, dict) else {}
            session = signer.resume(data.get("session_id"), data.get("session_token")) or signer.new_session()
            previous = joined.get(sid)
            if previous and previous != session.session_id:
                sio.leave_room(sid, previous)
            joined[sid] = session.session_id
            # python-socketio < 5.10: enter_room is synchronous (pinned in pyproject.toml).
            sio.enter_room(sid, session.session_id)
            await sio.emit("session_confirm", session.as_dict(), room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                await sio.emit("error_message", {"error": "A message must be an object."}, room=sid)
                return
            session_id, text = joined.get(sid), data.get("message", "")
            if session_id is None:
                await sio.emit("error_message", {"error": "Request a session first."}, room=sid)
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
            problem = message_problem(text) or metadata_problem(metadata)
            if problem:
                await sio.emit("error_message", {"error": problem}, room=sid)
                return
            # The budget is the socket's: asking for a new session does not renew it.
            wait = throttle.wait_seconds(sid, addresses.get(sid, "unknown"), text)
            if wait:
                await sio.emit("error_message", {"error": slow_down(wait), "retry_after": wait}, room=sid)
                return
            output = WidgetOutput(sio, self.bot_message_evt)
            await on_new_message(
                UserMessage(
                    text,
                    output,
                    session_id,
                    input_channel=self.name(),
                    metadata=metadata if isinstance(metadata, dict) else {},
                )
            )

        return blueprint
