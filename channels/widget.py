"""The website chat widget's channel: Rasa's socket.io channel, sending each reply as ONE event
that carries the text and the composed payload (Rasa's own output would split the text into
several events and crash on the payload), with checked input and session persistence."""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from socketio import AsyncServer

from bot.reply import composed_payload
from channels.fallback import with_fallback
from channels.named import Named
from channels.requests import is_conversation_id, message_problem

logger = logging.getLogger(__name__)


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


class WidgetInput(Named, SocketIOInput):
    """Configured like Rasa's socketio channel; `cors_allowed_origins` lists the websites that
    may embed the widget (its own demo page is same-origin and needs none)."""

    channel_name = "socketio"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> WidgetInput:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        origins = credentials.get("cors_allowed_origins") or []
        listed = origins if isinstance(origins, list) else str(origins).split(",")
        channel.cors_allowed_origins = tuple(o.strip() for o in listed if o.strip())
        return channel

    cors_allowed_origins: tuple[str, ...] = ()

    def get_output_channel(self) -> OutputChannel | None:
        return WidgetOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = with_fallback(on_new_message)
        # An empty list switches python-socketio's own CORS check off (Rasa's --cors applies);
        # a list of origins enforces it.
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=list(self.cors_allowed_origins))
        blueprint = SocketBlueprint(sio, self.socketio_path, "widget_socketio_webhook", __name__)
        self.sio = sio

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> Any:
            return response.json({"status": "ok"})

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if is_conversation_id(requested) else uuid.uuid4().hex
            # python-socketio < 5.10: enter_room is synchronous (pinned in pyproject.toml).
            sio.enter_room(sid, session_id)
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict):
                await sio.emit("error_message", {"error": "A message must be an object."}, room=sid)
                return
            session_id, text = data.get("session_id"), data.get("message", "")
            if not is_conversation_id(session_id):
                await sio.emit("error_message", {"error": "Request a session first."}, room=sid)
                return
            problem = message_problem(text)
            if problem:
                await sio.emit("error_message", {"error": problem}, room=sid)
                return
            metadata = data.get(self.metadata_key) or {}
            if isinstance(metadata, str):
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = {}
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
