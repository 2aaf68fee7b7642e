"""Conversation topic: which therapy the conversation is about, so that an elliptical follow-up
("what are its benefits?") is searched as a question about that therapy."""

from __future__ import annotations

import re

from bot.retrieval.need import Need, need_of

SUBJECT_NAMES = {"CST": "Cranial Sacral Therapy (CST)", "SER": "Somato-Emotional Release (SER)"}
# Each therapy's names as written, whole ("craniosacral therapy (CST)"), so that a question can be
# asked again of the other therapy by swapping them; "the emotional one" is SER too.
_NAMES = {
    "CST": re.compile(r"\b(?:cst\b|cranio[\s-]*sacral|cranial[\s-]*sacral)(?: therapy)?(?: \(cst\))?", re.I),
    "SER": re.compile(
        r"\b(?:ser\b|somato[\s-]*emotional|somatoemotional)(?: release)?(?: \(ser\))?"
        r"|\bemotional release\b|\b(?:the )?emotional (?:one|part|side|therapy)\b",
        re.I,
    ),
}


def subjects_in(text: str) -> list[str]:
    """The therapies a text names, in a fixed order (CST before SER)."""
    return [subject for subject, pattern in _NAMES.items() if pattern.search(text)]


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
    r"\b(it|its|it's|this|that|they|them|their|these|those|the (therapy|treatment|technique)|he|his|him)\b"
    r"|^\s*(?:(?:ok|okay|so|right|hmm|great|thanks|cool)\W+)?(and|also|what about|how about)\b"
    # a short question that carries on: "ok but roughly? 3? 10?"
    r"|^\s*(?:ok|okay|but|hmm|right)\b(?=[^.?!]{0,25}\?)"
    # a choice among what was just named: "which one should I start with?"
    r"|\bwhich one\b|\b(?:either|both) (?:one|of them)\b|\bthe other one\b",
    re.I,
)


def is_follow_up(question: str) -> bool:
    """Does the question lean on what came before ("what are its benefits?", "and the risks?")?"""
    return bool(_REFERS_BACK.search(question)) or len(question.split()) <= 2


BARE_FOLLOW_UP_WORDS = 6
# A verb that makes a short message a question of its own; "like in grams?" has none.
_ASKS_ON_ITS_OWN = re.compile(
    r"\b(?:is|are|was|were|am|do|does|did|can|could|will|would|should|shall|may|might|must|have|has|had)\b",
    re.I,
)


def in_context(question: str, previous: str) -> str | None:
    """A bare follow-up ("roughly?", "is that normal?", "like in grams?") names neither a therapy
    nor a kind of fact: it asks its question of the one before, so the two are read together."""
    if not previous or subjects_in(question) or len(question.split()) > BARE_FOLLOW_UP_WORDS:
        return None
    if need_of(question) is not Need.GENERAL:
        return None
    if not is_follow_up(question) and _ASKS_ON_ITS_OWN.search(question):
        return None  # "will I have to talk?" is a whole question
    return f"{previous.rstrip()} {question.strip()}"


def search_query(question: str, topic: str | None) -> str:
    """The text to search for: a follow-up gets the conversation's topic added, since alone it
    names no therapy; any other question is searched as it is."""
    if not topic or subjects_in(question) or not is_follow_up(question):
        return question
    names = SUBJECT_NAMES.values() if topic == "both" else [SUBJECT_NAMES.get(topic, "")]
    return f"{question} ({' and '.join(n for n in names if n)})"


_ONLY_A_THERAPY = re.compile(
    r"^\W*(?:(?:ok|okay|so|and|right|hmm|cool|thanks|sorry|no|oh)\W+)*(?:i meant|i mean|meant)?"
    r"(?:what about|how about|same for|same with|and|what of)?"
    r"\W*(?:for |with |about )?(?:the )?(?P<subject>[\w -]{2,40}?)(?: (?:too|as well|also|then|please))?\W*$",
    re.I,
)
_IT = re.compile(r"\bit\b", re.I)
MAX_ASKED_AGAIN_CHARS = 60  # a name and a few words; also keeps the pattern's backtracking short


def asked_again(question: str, previous: str) -> str | None:
    """The previous question asked of another therapy, when this one only names it: after "What
    is craniosacral therapy?", "what about SER?" asks "What is Somato-Emotional Release (SER)?"."""
    if len(question) > MAX_ASKED_AGAIN_CHARS or not previous:
        return None
    match = _ONLY_A_THERAPY.match(question)
    if not match:
        return None
    subject = match.group("subject").strip()
    named, before = subjects_in(subject), subjects_in(previous)
    if len(named) != 1 or named == before or _NAMES[named[0]].sub("", subject).strip() not in ("", "one"):
        return None  # more than a name: "and SER for anxiety?" is a question of its own
    if not before and _IT.search(previous):
        # "how does it work?" then "sorry, I meant the emotional release one"
        return _IT.sub(SUBJECT_NAMES[named[0]], previous, count=1)
    if len(before) != 1:
        return None
    return _NAMES[before[0]].sub(SUBJECT_NAMES[named[0]], previous, count=1)
