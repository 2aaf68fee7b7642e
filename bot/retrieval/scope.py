"""Is a question one the article answers, one about the therapies that it does not answer, or
one outside the assistant's scope altogether?"""

from __future__ import annotations

import re
from enum import Enum

from bot.retrieval.followup import subjects_in
from bot.retrieval.retrieve import Hit
from bot.settings import Settings

# Therapies the article does not describe: a passage about CST is no answer about them.
OTHER_THERAPIES = re.compile(
    r"\b(acupunctur\w*|reiki|homeopath\w*|homoeopath\w*|chiropract\w*|physiotherap\w*|"
    r"physical therap\w*|naturopath\w*|reflexolog\w*|aromatherap\w*|hypnotherap\w*|hypnosis|"
    r"emdr|cupping|dry needling|ayurved\w*|kinesiolog\w*|rolfing|bowen therapy|"
    r"cognitive behaviou?ral therapy|cbt|psychotherap\w*|chinese medicine)\b",
    re.I,
)


class Scope(Enum):
    ANSWER = "answer"  # the article covers the question
    NO_ANSWER = "no_answer"  # about CST or SER, but the article does not cover it
    OUT_OF_SCOPE = "out_of_scope"  # about something else


# Who is asking is not what is asked: "I'm a physiotherapist - which structures does it work on?"
SELF_DESCRIPTION = re.compile(
    r"\b(?:i'?m|i am|im|as|speaking as) an? (?:\w+ )?(?:physio\w*|osteopath\w*|chiropract\w*|nurse|doctor|gp|"
    r"midwife|paramedic|psychologist|psychotherapist|counsell?or|massage therapist|acupuncturist|student)\b",
    re.I,
)


def about_other_therapy(question: str) -> bool:
    """Is the question about another therapy only ("what is reiki?")?"""
    question = SELF_DESCRIPTION.sub(" ", question)
    return bool(OTHER_THERAPIES.search(question)) and not subjects_in(question)


def scope_of(question: str, hits: list[Hit], shares_words: bool, settings: Settings) -> Scope:
    """Whether the article covers a question, given the passages found for it."""
    names_our_therapies = bool(subjects_in(question))
    if about_other_therapy(question):
        return Scope.OUT_OF_SCOPE
    best = hits[0].similarity if hits else 0.0
    covered = best >= settings.strong_match or (best >= settings.answer_threshold and shares_words)
    if covered:
        return Scope.ANSWER
    return Scope.NO_ANSWER if names_our_therapies else Scope.OUT_OF_SCOPE
