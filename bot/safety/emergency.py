"""The emergency reply: short, calm, the right numbers for the clinic's region, no passage."""

from __future__ import annotations

from dataclasses import dataclass

from bot.reply import Reply, ReplyType
from bot.safety.crisis import SELF_HARM, SUICIDE, VIOLENCE, Screening


@dataclass(frozen=True)
class RegionHelp:
    emergency: str  # the emergency number
    crisis_line: str  # for suicidal thoughts and self-harm
    urgent_advice: str = ""  # non-emergency medical advice line, where one exists


REGIONS = {
    "US": RegionHelp("911", "call or text 988 (Suicide & Crisis Lifeline), any time, free and confidential"),
    "UK": RegionHelp(
        "999",
        "call Samaritans on 116 123, any time, free",
        "call NHS 111 if it is urgent but not an emergency",
    ),
    "EU": RegionHelp("112", "call 112 and ask for help, or contact a local crisis line"),
}
DEFAULT_REGION = "US"


def care_note(concern: Screening, region: str) -> str:
    """For a message that is no emergency but deserves care (low mood, grief, past self-harm or
    abuse): one short, warm line with where to talk to someone."""
    help_ = REGIONS.get(region, REGIONS[DEFAULT_REGION])
    if concern.kind == VIOLENCE:
        return f"If you ever feel unsafe, you deserve support: {help_.crisis_line}; in danger, call {help_.emergency}."
    return f"If things feel hard, you don't have to carry it alone: {help_.crisis_line}."


def compose_emergency(screening: Screening, region: str) -> Reply:
    help_ = REGIONS.get(region, REGIONS[DEFAULT_REGION])
    if screening.kind in (SUICIDE, SELF_HARM):
        body = (
            "I'm really sorry you're feeling this way. You deserve support right now.\n"
            f"If you are in danger or might act on these thoughts, call {help_.emergency} now.\n"
            f"To talk to someone, {help_.crisis_line}.\n"
            "If you can, reach out to someone you trust and don't stay alone."
        )
    elif screening.kind == VIOLENCE:
        body = (
            "I'm sorry this is happening. Your safety comes first.\n"
            f"If you are in danger now, call {help_.emergency}.\n"
            f"If you need someone to talk to, {help_.crisis_line}."
        )
    else:  # MEDICAL
        advice = (
            f"\n{help_.urgent_advice[0].upper()}{help_.urgent_advice[1:]}." if help_.urgent_advice else ""
        )
        body = (
            f"This may be a medical emergency. Call {help_.emergency} now, or ask someone near you "
            "to call. Don't wait to see if it passes, and don't drive yourself." + advice
        )
    return Reply(
        type=ReplyType.EMERGENCY,
        body=body,
        notes=("I'm an automated assistant and can't help in an emergency; the services above can.",),
    )
