"""Turn retrieved passages into a reply: the passage, the line that names its source section,
and the notes that must travel with health information."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.knowledge.passage import Passage, sentences_of
from bot.reply import DISCLAIMER, Reply, ReplyType, Source
from bot.retrieval.need import KINDS, Need
from bot.retrieval.retrieve import Hit

EXAMPLE_QUESTIONS = (
    "What is craniosacral therapy?",
    "What is somato-emotional release?",
    "What happens during a session?",
    "Who might consider CST and SER?",
)


def examples_list(limit: int = 4) -> str:
    return "\n".join(f"• {q}" for q in EXAMPLE_QUESTIONS[:limit])


def compose_answer(
    hits: list[Hit],
    notes: tuple[str, ...] = (),
    need: Need = Need.GENERAL,
    link: Callable[[Passage], str] = lambda passage: "",
) -> Reply:
    """Answer with the best passage, its most direct sentence first; list the other hits as
    sources too, best first (`link` gives a source's address in the published article)."""
    best = hits[0].passage
    return Reply(
        type=ReplyType.ANSWER,
        body=direct_text(hits[0], need),
        sources=tuple(
            Source(h.passage.section, h.passage.id, h.score, h.passage.text, link(h.passage)) for h in hits
        ),
        source_line=f"Source: the clinic's article, section “{best.section}”.",
        notes=(*notes, DISCLAIMER),
    )


def compose_out_of_scope() -> Reply:
    return Reply(
        type=ReplyType.OUT_OF_SCOPE,
        body=(
            "That's outside what I can help with: I answer questions about Craniosacral Therapy "
            "(CST) and Somato-Emotional Release (SER) from the clinic's article, and about the "
            f"clinic itself.\n\nYou could ask:\n{examples_list(3)}"
        ),
    )


def direct_text(hit: Hit, need: Need) -> str:
    """The passage in the article's own words, led by the sentence that answers most directly:
    one that suits the kind of fact asked for ("does it hurt?" → the light-touch sentence), else
    the one that matched the question best. Sentences are moved, never reworded."""
    sentences = sentences_of(hit.passage.text)
    cue = KINDS[need].suits_text if need in KINDS else None
    suiting = [s for s in sentences if cue and cue.search(s)]
    lead = suiting[0] if suiting else hit.lead
    if len(sentences) < 2 or not lead or lead == sentences[0] or lead not in sentences:
        return hit.passage.text
    return " ".join([lead, *(s for s in sentences if s != lead)])


# A question about someone's health: a no-answer to it also points to a doctor.
_HEALTH_QUESTION = re.compile(
    r"\b(?:help|helps|treat|treats|good for|work for|works for|work on|benefit|relieve|fix|ease|"
    r"my (?:baby|child|son|daughter|kid|body)|condition|symptoms?|injur\w*)\b",
    re.I,
)


def compose_missing(missing_sentence: str, missing: str, question: str, contact: str, evidence_note: str) -> Reply:
    """Say exactly what the article lacks, then what the visitor can do."""
    health = bool(_HEALTH_QUESTION.search(question))
    then = "The practitioner can tell you more at a session, or you can ask the clinic first. " + contact
    if health:
        then += "\nFor a health concern, your doctor is the right person to ask."
    return Reply(
        type=ReplyType.NO_ANSWER,
        body=f"{missing_sentence}\n\n{then}",
        notes=(evidence_note, DISCLAIMER) if health else (DISCLAIMER,),
        missing=missing,
    )


def compose_no_answer(reason: str = "") -> Reply:
    lead = reason or "The clinic's article doesn't cover that, so I can't answer it reliably."
    return Reply(
        type=ReplyType.NO_ANSWER,
        body=f"{lead}\n\nI can help with questions like:\n{examples_list()}",
    )
