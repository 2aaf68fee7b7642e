"""Find the passages that answer a question: dense similarity plus a keyword bonus."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.knowledge.ingest import Passage
from bot.knowledge.passage import sentences_of
from bot.retrieval.concepts import ConceptCheck, load_everyday_words
from bot.retrieval.lexical import BM25, tokenize
from bot.retrieval.query import TypoFixer, normalise_query

if TYPE_CHECKING:
    from bot.knowledge.embedding import Encoder
    from bot.knowledge.index import LoadedIndex
    from bot.settings import Settings


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float  # what ranks: cosine + keyword bonus
    similarity: float  # cosine similarity alone: what the answer threshold is calibrated on
    lead: str = ""  # the passage's sentence that matched the question best, if one did


class Retriever:
    def __init__(self, index: LoadedIndex, encoder: Encoder, settings: Settings) -> None:
        self.passages = index.passages
        self.vectors = index.vectors
        self.rows = index.rows
        self.encoder = encoder
        self.settings = settings
        # Keywords see everything a passage is indexed under, alternative questions included.
        self.keywords = BM25([" ".join(p.search_texts()) for p in self.passages])
        self.typos = TypoFixer(
            {w for p in self.passages for w in re.findall(r"[a-z]+", p.search_texts()[0].lower())}
        )
        # Which row of a passage is which of its search texts (rows are stored in that order).
        self.row_offsets: list[int] = []
        previous, offset = None, 0
        for passage in index.rows:
            offset = offset + 1 if passage == previous else 0
            self.row_offsets.append(offset)
            previous = passage
        knowledge = [t for p in self.passages for t in (p.text, *p.headings)]
        benefits = [
            t
            for p in self.passages
            if any("benefit" in h.lower() for h in p.headings)
            for t in (p.text, *p.headings)
        ]
        everyday = load_everyday_words(settings.knowledge_dir)
        self.concepts = ConceptCheck(knowledge, everyday, self.typos, benefits)
        named = complaints_named(self.passages, self.concepts)
        self.complaints = {p.id: stems for p, stems in zip(self.passages, named, strict=True)}

    def complaints_of(self, passage: Passage) -> frozenset[str]:
        """The complaints a benefit passage names that no more than one other names ("depress")."""
        return self.complaints.get(passage.id, frozenset())

    def search(self, query: str, k: int | None = None, keyword_weight: float | None = None) -> list[Hit]:
        k = k or self.settings.top_k
        weight = self.settings.keyword_weight if keyword_weight is None else keyword_weight
        query = self.normalised(query)
        query_vector = self.encoder.encode_one(query).reshape(1, -1)
        # The corpus is small: score every row, so the keyword bonus can reorder all passages.
        similarities, ids = self.vectors.search(query_vector, self.vectors.ntotal)
        cosine = [-1.0] * len(self.passages)
        best_row = [0] * len(self.passages)
        for row, similarity in zip(ids[0], similarities[0], strict=False):
            if row >= 0 and similarity > cosine[self.rows[row]]:  # a passage scores as its best-matching row
                cosine[self.rows[row]] = float(similarity)
                best_row[self.rows[row]] = row
        keyword = self.keywords.scores(query)
        top_keyword = max(keyword) or 1.0
        scores = [cosine[i] + weight * keyword[i] / top_keyword for i in range(len(self.passages))]
        order = sorted(range(len(self.passages)), key=lambda i: scores[i], reverse=True)
        ranked = self.in_document_order_on_ties(order, cosine)
        # A passage takes the score of the place it fills, so that scores stay best first.
        places = zip(ranked[:k], order, strict=False)
        return [
            Hit(self.passages[i], scores[slot], cosine[i], self.lead(i, best_row[i])) for i, slot in places
        ]

    def lead(self, passage: int, row: int) -> str:
        """The sentence of a passage whose own row matched best ("" when the whole passage, its
        heading or an alternative question matched best)."""
        sentences = sentences_of(self.passages[passage].text)
        offset = self.row_offsets[row] - 2  # rows: text with heading, heading, sentences…, questions…
        return sentences[offset] if len(sentences) > 1 and 0 <= offset < len(sentences) else ""

    def in_document_order_on_ties(self, order: list[int], cosine: list[float]) -> list[int]:
        """Passages of one section that tie on similarity matched through their shared heading;
        among them the keyword bonus is noise, so they keep their places in the ranking but fill
        them in the document's order (a section's opening passage first)."""
        groups: dict[tuple[tuple[str, ...], float], list[int]] = {}
        for i in order:
            groups.setdefault((self.passages[i].headings, cosine[i]), []).append(i)
        slots = {i: sorted(group) for group in groups.values() for i in group}
        taken: dict[tuple[tuple[str, ...], float], int] = {}
        result = []
        for i in order:
            key = (self.passages[i].headings, cosine[i])
            result.append(slots[i][taken.get(key, 0)])
            taken[key] = taken.get(key, 0) + 1
        return result

    @lru_cache(maxsize=2048)  # noqa: B019 - one retriever per process; search and scope both ask
    def normalised(self, query: str) -> str:
        """The query with names unified, typos fixed and acronyms expanded (search and scope both ask)."""
        return normalise_query(query, self.typos)

    def shares_words_with_corpus(self, query: str) -> bool:
        """Does the question use any (non-stop) word that the knowledge uses? A question in
        none of the article's words ("tell me a joke") is outside it, however close its vector."""
        return any(term in self.keywords.idf for term in tokenize(self.normalised(query)))


# A complaint named by more benefit items than this is too general to pick one ("pain", "emotional").
SPECIFIC_COMPLAINT_ITEMS = 2
# An item's heading names its complaint; its text only in rarer words ("anxiety", "migraines", not
# "associated" or "quality"; verb forms are commoner than that).
COMPLAINT_BELOW = 4.5


def complaints_named(passages: list[Passage], concepts: ConceptCheck) -> list[frozenset[str]]:
    """Per passage, the complaints it names that point to it: a benefit list's item ("Anxiety,
    depression, and emotional distress") names depression, which no other item names."""
    named = [
        concepts.complaints(p.headings[-1], knowledge=True)
        | concepts.complaints(p.text, COMPLAINT_BELOW, knowledge=True)
        if is_benefit_item(p)
        else frozenset()
        for p in passages
    ]
    counts: dict[str, int] = {}
    for stems in named:
        for s in stems:
            counts[s] = counts.get(s, 0) + 1
    return [frozenset(s for s in stems if counts[s] <= SPECIFIC_COMPLAINT_ITEMS) for stems in named]


def is_benefit_item(passage: Passage) -> bool:
    """An item of a benefits list: under a heading of benefits, with a heading of its own."""
    under = passage.headings[:-1]
    return any("benefit" in h.lower() for h in under) and "benefit" not in passage.headings[-1].lower()
