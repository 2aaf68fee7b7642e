"""Every user message gets a reply: when Rasa produced none (the action server is down or
failed), the channel sends the degraded reply of bot/conversation/degraded.py instead of silence."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.conversation.clinic import ClinicProfile, load_profile
from bot.conversation.degraded import degraded_reply
from bot.settings import renamed_variables_set

logger = logging.getLogger(__name__)
for warning in renamed_variables_set():  # every channel imports this module: said once per server
    logger.warning(warning)
Handler = Callable[[UserMessage], Awaitable[Any]]


class RecordingOutput(OutputChannel):
    """Passes every reply on to the channel's own output, counting them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


def with_fallback(on_new_message: Handler, profile: ClinicProfile | None = None) -> Handler:
    profile = profile or load_profile()

    async def handle(message: UserMessage) -> Any:
        recorder = RecordingOutput(message.output_channel)
        message.output_channel = recorder
        try:
            result = await on_new_message(message)
        except Exception as error:  # log the kind of failure, never the message text
            logger.error("Processing a message failed: %s", type(error).__name__)
            result = None
        if recorder.sent == 0:
            logger.warning("No reply was produced (is the action server up?); sending the fallback reply.")
            # In a worker thread: it screens the whole message for danger, which must not hold
            # up the server's other conversations.
            reply = await asyncio.to_thread(degraded_reply, message.text, profile)
            await recorder.inner.send_response(
                message.sender_id, {"text": reply.text, "custom": reply.payload()}
            )
        return result

    return handle
