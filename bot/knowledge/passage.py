"""The unit of knowledge that flows from ingestion through the index to the reply. Light: the
safety code reads passages too, in the Rasa server's environment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from bot.knowledge.terms import canonical_names, expand_acronyms

PATH_SEPARATOR = " › "


class PassageKind(str, Enum):
    PARAGRAPH = "paragraph"
    ITEM = "item"  # one item of a list, shown with its lead-in
    OVERVIEW = "overview"  # a list's lead-in plus the names of its items


@dataclass(frozen=True)
class Passage:
    """One retrievable unit of knowledge."""

    id: str
    headings: tuple[str, ...]  # e.g. ("Benefits of Cranial Sacral Therapy", "Improved Sleep Patterns")
    text: str  # what the assistant shows: clean, self-contained prose
    source: str  # knowledge file name
    kind: PassageKind = PassageKind.PARAGRAPH
    questions: tuple[str, ...] = ()  # alternative questions that this passage answers

    def __post_init__(self) -> None:
        # Passages also come back from the index manifest (JSON lists and strings).
        object.__setattr__(self, "headings", tuple(self.headings))
        object.__setattr__(self, "questions", tuple(self.questions))
        object.__setattr__(self, "kind", PassageKind(self.kind))

    @property
    def section(self) -> str:
        """The heading path as people read it: "Benefits of … › Improved Sleep Patterns"."""
        return PATH_SEPARATOR.join(self.headings)

    def as_record(self) -> dict:
        """Plain JSON-ready data, for the index manifest."""
        return {
            "id": self.id,
            "headings": list(self.headings),
            "text": self.text,
            "source": self.source,
            "kind": self.kind.value,
            "questions": list(self.questions),
        }

    def search_texts(self) -> list[str]:
        """What the passage is indexed under: its text with its nearest headings (which carry the
        topic, "SER" or "benefits", that an item often omits), and those headings alone, since
        the article's headings read like the questions people ask ("What is SER?")."""
        nearest_headings = self.headings[-2:] if self.kind is PassageKind.ITEM else self.headings[-1:]
        nearest = PATH_SEPARATOR.join(nearest_headings)
        texts = [f"{nearest}: {self.text}", nearest]
        sentences = sentences_of(self.text)
        if len(sentences) > 1:  # one fact in a long paragraph should not drown in the others
            texts += [f"{self.headings[-1]}: {sentence}" for sentence in sentences]
        texts += self.questions
        return [expand_acronyms(canonical_names(t)) for t in texts]


# A full stop that ends a title or an initial, not a sentence: "pioneered by Dr. John E. Upledger".
_ABBREVIATION_END = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|Jr|Sr|Mt|vs|etc)|\b[A-Z][a-z]* [A-Z])\.$")


def sentences_of(text: str) -> list[str]:
    """A passage's sentences, as it is indexed (one row each) and as answers quote them."""
    sentences: list[str] = []
    for piece in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text):
        if sentences and _ABBREVIATION_END.search(sentences[-1]):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def anchor(passage: Passage) -> str:
    """The fragment of the passage's section in the published article (GitHub-style heading slug;
    a list item's section is the heading above it)."""
    item = passage.kind is PassageKind.ITEM and len(passage.headings) > 1
    headings = passage.headings[:-1] if item else passage.headings
    heading = headings[-1] if headings else ""
    return re.sub(r"[^\w\- ]", "", heading.lower()).strip().replace(" ", "-")
