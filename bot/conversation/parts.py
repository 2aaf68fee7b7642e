"""Several questions in one message ("How many sessions will I need and how much is each?"): the
parts, so that one reply can answer each of them."""

from __future__ import annotations

import re
from dataclasses import replace

from bot.reply import Reply, ReplyType

# A new question starts after a question mark, or after "and"/"also"/"plus" (with or without a
# comma) when a question word follows. "the difference between CST and SER" stays one question.
_QUESTION_START = (
    r"(?:how|what|whats|what's|when|where|who|why|which|do|does|did|is|are|can|could|will|would|should|"
    r"may|might|has|have)\b"
)
_BOUNDARY = re.compile(rf"\?+\s*(?=\S)|,?\s+(?:and|also|plus|&)\s+(?={_QUESTION_START})", re.I)
MAX_PARTS = 4  # more than this is a list, not a message of questions: answered as one
MIN_PART_WORDS = 2

# When parts answer differently, the reply's type is the most informative part's type.
_TYPE_ORDER = (
    ReplyType.ANSWER,
    ReplyType.CLINIC_INFO,
    ReplyType.EVIDENCE,
    ReplyType.MEDICAL_BOUNDARY,
    ReplyType.NO_ANSWER,
    ReplyType.OUT_OF_SCOPE,
    ReplyType.SMALLTALK,
)


def question_parts(text: str) -> list[str]:
    """The message's questions; one item when it asks one thing (or too many to split)."""
    parts = [p.strip(" ,;") for p in _BOUNDARY.split(text) if p and p.strip(" ,;")]
    if not 2 <= len(parts) <= MAX_PARTS or any(len(p.split()) < MIN_PART_WORDS for p in parts):
        return [text]
    return [p if p.endswith("?") else f"{p}?" for p in parts]


def combined(parts: list[str], replies: list[Reply]) -> Reply:
    """One reply that answers each part in turn, under the part it answers."""
    if len(replies) == 1:
        return replies[0]
    kind = min((r.type for r in replies), key=_TYPE_ORDER.index)
    body = "\n\n".join(f"“{part}”\n{reply.body}" for part, reply in zip(parts, replies, strict=True))
    notes = tuple(dict.fromkeys(n for r in replies for n in r.notes))
    first = next((r for r in replies if r.type is kind), replies[0])
    return replace(
        first,
        type=kind,
        body=body,
        sources=tuple(s for r in replies for s in r.sources),
        source_line=" ".join(dict.fromkeys(r.source_line for r in replies if r.source_line)),
        notes=notes,
        missing="; ".join(r.missing for r in replies if r.missing),
    )
