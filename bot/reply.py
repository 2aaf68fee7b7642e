"""What the assistant says: one composed reply that every channel renders."""

from __future__ import annotations

from dataclasses import dataclass

# The reply types of the answer metadata contract that integrations rely on.
REPLY_TYPES = (
    "answer",
    "no_answer",
    "out_of_scope",
    "emergency",
    "medical_boundary",
    "clinic_info",
    "smalltalk",
    "evidence",
)


@dataclass(frozen=True)
class Source:
    section: str
    passage_id: str
    score: float
    text: str = ""  # the passage, for staff who want to read the source itself


@dataclass(frozen=True)
class Reply:
    type: str
    body: str  # the answer itself
    sources: tuple[Source, ...] = ()  # best first; empty for non-answers
    source_line: str = ""  # names the section the body comes from
    notes: tuple[str, ...] = ()  # evidence note, disclaimer: each at most once
    topic: str | None = None  # the conversation's topic after this reply (see bot.followup)

    def __post_init__(self) -> None:
        if self.type not in REPLY_TYPES:
            raise ValueError(f"unknown reply type {self.type!r}")

    @property
    def text(self) -> str:
        """The reply as plain text, for channels that show one block of text."""
        return "\n\n".join(part for part in (self.body, self.source_line, *self.notes) if part)

    def payload(self) -> dict:
        """The `custom` payload sent with every reply (the answer metadata contract)."""
        return {
            "type": self.type,
            "sources": [
                {"section": s.section, "passage_id": s.passage_id, "score": round(s.score, 4), "text": s.text}
                for s in self.sources
            ],
            "answer": self.body,
            "source_line": self.source_line,
            "notes": list(self.notes),
        }
