"""The reply when the assistant's own servers fail (the action server is down): still crisis
first, using the screen's patterns (the similarity model lives in the action server), then an
honest "temporarily unavailable" with the clinic's contact details. Light: the Rasa server
imports it."""

from __future__ import annotations

from bot.conversation.clinic import ClinicProfile
from bot.conversation.input_check import clean_text
from bot.reply import Reply, ReplyType
from bot.safety.crisis import screen
from bot.safety.emergency import REGIONS, compose_emergency


def degraded_reply(text: str | None, profile: ClinicProfile) -> Reply:
    danger = screen(clean_text(text))
    if danger and danger.urgent:
        return compose_emergency(danger, profile.region)
    emergency = REGIONS[profile.region].emergency
    return Reply(
        type=ReplyType.NO_ANSWER,
        body=(
            "Sorry, the assistant is temporarily unavailable. Please try again in a few minutes. "
            f"To reach {profile.name}: {profile.how_to_reach()}"
        ),
        notes=(f"If this is an emergency, call {emergency}.",),
    )
