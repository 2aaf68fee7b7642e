"""Turn retrieved passages into a reply: the passage, the line that names its source section,
and the notes that must travel with health information."""

from __future__ import annotations

from bot.reply import DISCLAIMER, Reply, ReplyType, Source
from bot.retrieval.retrieve import Hit

EXAMPLE_QUESTIONS = (
    "What is craniosacral therapy?",
    "What is somato-emotional release?",
    "What happens during a session?",
    "Who might consider CST and SER?",
)


def examples_list(limit: int = 4) -> str:
    return "\n".join(f"• {q}" for q in EXAMPLE_QUESTIONS[:limit])


def compose_answer(hits: list[Hit], notes: tuple[str, ...] = ()) -> Reply:
    """Answer with the best passage; list the other hits as sources too, best first."""
    best = hits[0].passage
    return Reply(
        type=ReplyType.ANSWER,
        body=best.text,
        sources=tuple(Source(h.passage.section, h.passage.id, h.score, h.passage.text) for h in hits),
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


def compose_no_answer(reason: str = "") -> Reply:
    lead = reason or "The clinic's article doesn't cover that, so I can't answer it reliably."
    return Reply(
        type=ReplyType.NO_ANSWER,
        body=f"{lead}\n\nI can help with questions like:\n{examples_list()}",
    )
