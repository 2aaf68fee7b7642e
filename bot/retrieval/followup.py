"""Conversation topic: which therapy the conversation is about, so that an elliptical follow-up
("what are its benefits?") is searched as a question about that therapy."""

from __future__ import annotations

import re

SUBJECT_NAMES = {"CST": "Cranial Sacral Therapy (CST)", "SER": "Somato-Emotional Release (SER)"}
_MENTIONS = {
    "CST": re.compile(r"\b(cst|cranio[\s-]*sacral|cranial[\s-]*sacral|craniosacral)", re.I),
    "SER": re.compile(r"\b(ser|somato[\s-]*emotional|somatoemotional|emotional release)\b", re.I),
}


def subjects_in(text: str) -> list[str]:
    """The therapies a text names, in a fixed order (CST before SER)."""
    return [subject for subject, pattern in _MENTIONS.items() if pattern.search(text)]


def topic_after(question: str, answered_section: str | None, previous_topic: str | None) -> str | None:
    """The conversation's topic after this turn: what the user named, else what the answer was
    about, else what it was before."""
    for text in (question, answered_section or ""):
        named = subjects_in(text)
        if len(named) == 1:
            return named[0]
        if named:
            return "both"
    return previous_topic


_REFERS_BACK = re.compile(
    r"\b(it|its|it's|this|that|they|them|their|these|those|the (therapy|treatment|technique))\b"
    r"|^\s*(?:(?:ok|okay|so|right|hmm|great|thanks|cool)\W+)?(and|also|what about|how about)\b",
    re.I,
)


def is_follow_up(question: str) -> bool:
    """Does the question lean on what came before ("what are its benefits?", "and the risks?")?"""
    return bool(_REFERS_BACK.search(question)) or len(question.split()) <= 2


def search_query(question: str, topic: str | None) -> str:
    """The text to search for: a follow-up gets the conversation's topic added, since alone it
    names no therapy; any other question is searched as it is."""
    if not topic or subjects_in(question) or not is_follow_up(question):
        return question
    names = SUBJECT_NAMES.values() if topic == "both" else [SUBJECT_NAMES.get(topic, "")]
    return f"{question} ({' and '.join(n for n in names if n)})"
