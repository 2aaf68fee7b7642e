"""What the assistant says: one composed reply that every channel renders, and its payload (the
answer metadata contract that integrations rely on)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

# Travels once with every health answer.
DISCLAIMER = "General information only, not medical advice. I'm an automated assistant."


class ReplyType(str, Enum):
    """The kinds of reply; `type` in the payload. A str Enum, so it compares equal to its value."""

    ANSWER = "answer"
    NO_ANSWER = "no_answer"
    OUT_OF_SCOPE = "out_of_scope"
    EMERGENCY = "emergency"
    MEDICAL_BOUNDARY = "medical_boundary"
    CLINIC_INFO = "clinic_info"
    SMALLTALK = "smalltalk"
    EVIDENCE = "evidence"


@dataclass(frozen=True)
class Source:
    section: str  # the heading path as people read it ("A › B")
    passage_id: str
    score: float
    text: str = ""  # the passage, for staff who want to read the source itself
    url: str = ""  # the section in the published article (profile's article_url + the heading's anchor)


@dataclass(frozen=True)
class Reply:
    type: ReplyType
    body: str  # the answer itself
    sources: tuple[Source, ...] = ()  # best first; empty for non-answers
    source_line: str = ""  # names the section the body comes from
    notes: tuple[str, ...] = ()  # evidence note, disclaimer: each at most once
    topic: str | None = None  # the conversation's topic after this reply; set by the assistant only
    missing: str = ""  # no_answer: what the article lacks ("tinnitus", "how often people have sessions")

    def __post_init__(self) -> None:
        object.__setattr__(self, "type", ReplyType(self.type))  # an unknown type fails here

    @property
    def text(self) -> str:
        """The reply as plain text, for channels that show one block of text."""
        return "\n\n".join(part for part in (self.body, self.source_line, *self.notes) if part)

    def payload(self) -> dict[str, Any]:
        """The `custom` payload sent with every reply (the answer metadata contract)."""
        return {
            "type": self.type.value,
            "sources": [
                {
                    "section": s.section,
                    "passage_id": s.passage_id,
                    "score": round(s.score, 4),
                    "text": s.text,
                    "url": s.url,
                }
                for s in self.sources
            ],
            "source_url": self.sources[0].url if self.sources and self.source_line else "",
            "answer": self.body,
            "source_line": self.source_line,
            "notes": list(self.notes),
            "missing": self.missing,
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> Reply:
        """The reply back from its payload (clients of the contract, e.g. end-to-end tests)."""
        return cls(
            type=ReplyType(payload["type"]),
            body=payload.get("answer", ""),
            sources=tuple(Source(**source) for source in payload.get("sources", [])),
            source_line=payload.get("source_line", ""),
            notes=tuple(payload.get("notes", [])),
            missing=payload.get("missing", ""),
        )


def composed_payload(message: dict[str, Any]) -> dict[str, Any] | None:
    """The composed payload in a message that Rasa hands a channel or a client (it has a known
    `type` and an `answer`), or None for any other message."""
    custom = message.get("custom")
    if not isinstance(custom, dict) or "answer" not in custom:
        return None
    return custom if custom.get("type") in {t.value for t in ReplyType} else None
