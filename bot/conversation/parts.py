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
    r"may|might)\b(?!['’]t)"  # "and can't handle massage" asks nothing
)
_ASKS = re.compile(rf"\?|^\W*{_QUESTION_START}|\b(?:tell me|explain|wondering)\b", re.I)
# A space before "and" starts where its run of white space starts: tried from every space of a
# long run, the run was read again from each (quadratic).
_BOUNDARY = re.compile(rf"\?+\s*(?=\S)|,?(?<!\s)\s+(?:and|also|plus|&)\s+(?={_QUESTION_START})", re.I)
MAX_PARTS = 4  # more than this is a list, not a message of questions: answered as one
MIN_PART_WORDS = 2


_ANSWERED = (ReplyType.ANSWER, ReplyType.CLINIC_INFO, ReplyType.EVIDENCE, ReplyType.MEDICAL_BOUNDARY)


def question_parts(text: str) -> list[str]:
    """The message's questions; one item when it asks one thing (or too many to split)."""
    pieces = [p.strip(" ,;") for p in _BOUNDARY.split(text) if p and p.strip(" ,;")]
    # Each part as its pieces, joined once at the end: a message of many pieces is not copied
    # again for each piece (quadratic).
    asked: list[list[str]] = []
    background: list[str] = []
    for piece in pieces:  # "What's your rate? The other clinic says 80%." is one question
        if _ASKS.search(piece):
            asked.append(_stripped_with(background, piece))
            background = []
        elif asked:
            asked[-1].append(piece)
        else:
            background = _stripped_with(background, piece)  # told before the first question
    parts = [" ".join(part) for part in asked]
    if not 2 <= len(parts) <= MAX_PARTS or any(len(p.split()) < MIN_PART_WORDS for p in parts):
        return [text]
    return [p if p.endswith(("?", ".", "!")) else f"{p}?" for p in parts]


def _stripped_with(pieces: list[str], piece: str) -> list[str]:
    """The pieces of `f"{' '.join(pieces)} {piece}".strip()` (for pieces built by this function),
    added to in place."""
    if piece.strip():
        pieces.append(piece.rstrip() if pieces else piece.strip())
    return pieces


def combined(parts: list[str], replies: list[Reply]) -> Reply:
    """One reply that answers each part in turn, under the part it answers."""
    if len(replies) == 1:
        return replies[0]
    # The first question asked is the message's main one, unless it was not understood and a
    # later one was answered (a first part the article is silent on stays the main one).
    kind = replies[0].type
    if kind is ReplyType.OUT_OF_SCOPE or (kind is ReplyType.NO_ANSWER and not replies[0].missing):
        kind = next((r.type for r in replies if r.type in _ANSWERED), kind)
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
