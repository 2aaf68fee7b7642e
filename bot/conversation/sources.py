""""Where does this come from?": the works the clinic's article lists as its references, for a
visitor who asks for its sources or for more to read. Never offered as support for a claim (the
evidence reply says what independent reviews found)."""

from __future__ import annotations

import re

from bot.knowledge.ingest import Reference
from bot.reply import DISCLAIMER, Reply, ReplyType, Source

_ASKS_FOR_SOURCES = re.compile(
    r"\b(?:sources?|references?|citations?|cited|bibliography|footnotes?)\b"
    r"|\b(?:text)?books?\b.{0,40}\b(?:about|on|by|wrote|written|write|publish\w*|read|recommend\w*)\b"
    r"|\b(?:wrote|written|write|publish\w*|author\w*)\b.{0,40}\b(?:text)?books?\b"
    r"|\b(?:where|what) (?:can|could|should) i read\b|\bread (?:more|up) (?:about|on)\b|\bfurther reading\b"
    r"|\bwhere (?:does|do|did) (?:your|the|this|that|all this|the article's) (?:\w+ )?(?:information|info|facts?) come from\b",
    re.I,
)
# "is there a source of funding?" or "what's the source of the fluid?" ask no reading list, nor
# "who was Vredevoogd, the co-author on Upledger's book?" (who someone was).
# Nor "any references from former clients?" (testimonials).
_OTHER_SOURCE = re.compile(
    r"\bsources? of (?!information|info)\w+|\bwho (?:is|was|were|are)\b"
    r"|\breferences? (?:from|by) (?:\w+ )?(?:clients?|patients?|customers?|people)\b|\btestimonials?\b",
    re.I,
)


def asks_for_sources(text: str) -> bool:
    return bool(_ASKS_FOR_SOURCES.search(text)) and not _OTHER_SOURCE.search(text)


def compose_sources(references: list[Reference]) -> Reply:
    if not references:
        return Reply(
            type=ReplyType.NO_ANSWER,
            body="The clinic's article doesn't list its sources.",
            missing="its sources",
            notes=(DISCLAIMER,),
        )
    listed = "\n".join(f"• {r.text}" for r in references)
    return Reply(
        type=ReplyType.ANSWER,
        body=(
            f"The clinic's article lists these works as its references:\n{listed}\n\n"
            "They are the article's sources, not independent tests of it: ask me whether CST is "
            "proven to hear what independent reviews found."
        ),
        sources=tuple(
            Source(section=r.section, passage_id=f"{r.source.removesuffix('.md')}/references", score=1.0, text=r.text)
            for r in references[:1]
        ),
        source_line=f"Source: the clinic's article, section “{references[0].section}”.",
        notes=(DISCLAIMER,),
    )
