"""Keyword scoring (Okapi BM25) over Snowball-stemmed words: catches exact terms ("TMJ", "dura mater")
that a small sentence encoder blurs, and serves as the plain baseline in the evaluation."""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from functools import lru_cache

import snowballstemmer

STOPWORDS = frozenset(
    """a an the and or but if of to in on for with at by from as is are was were be been being do does
    did doing have has had it its it's this that these those i me my we our you your he she they them
    their what which who whom how when where why can could would should will shall may might must about
    into than then there so such not no any some all also just very much many more most s t""".split()  # noqa: SIM905
)

_ENGLISH = snowballstemmer.stemmer("english")
_ENGLISH_LOCK = threading.Lock()  # a Snowball stemmer keeps its word in itself while it works


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball's English stemmer (Porter2): 'bones'→'bone', 'releases'→'releas', 'therapies'→'therapi'."""
    with _ENGLISH_LOCK:
        return _ENGLISH.stemWord(word)


def tokenize(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [stem(w) for w in words if w not in STOPWORDS]


class BM25:
    def __init__(self, documents: list[str], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.docs = [Counter(tokenize(d)) for d in documents]
        self.lengths = [sum(d.values()) for d in self.docs]
        self.avg_length = sum(self.lengths) / max(1, len(self.lengths))
        frequency = Counter(term for d in self.docs for term in d)
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in frequency.items()}

    def scores(self, query: str) -> list[float]:
        terms = tokenize(query)
        result = []
        for doc, length in zip(self.docs, self.lengths, strict=False):
            score = 0.0
            norm = self.k1 * (1 - self.b + self.b * length / self.avg_length)
            for term in terms:
                tf = doc.get(term, 0)
                if tf:
                    score += self.idf[term] * tf * (self.k1 + 1) / (tf + norm)
            result.append(score)
        return result
