"""A query as the index reads it: the therapies' names unified, typos fixed against the corpus'
words, acronyms expanded (see bot.knowledge.terms)."""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Hamming

from bot.knowledge.terms import canonical_names, expand_acronyms

# Strict: a loose match turns unknown words into known ones ("computing" → "coping"). 86 is the
# cutoff difflib had here; rapidfuzz's ratio is the same 2·matches / total length (its matches the
# longest common subsequence, which difflib's block matching can undercount by a letter or two).
MIN_RATIO = 86.0
MAX_LENGTH_CHANGE = 2
# A swap fix only from this length: shorter words swap into other real words ("quite" → "quiet").
MIN_SWAP_LENGTH = 6


class TypoFixer:
    """Replaces a word the corpus never uses with a close corpus word ("benifits" → "benefits",
    "tehrapy" → "therapy")."""

    def __init__(self, corpus_words: set[str]) -> None:
        self.vocabulary = frozenset(w for w in corpus_words if len(w) >= 4)
        # Ties go to the first: the alphabetically last, as with difflib, whatever the set's order.
        ordered = sorted(self.vocabulary, reverse=True)
        lengths = range(5, max(map(len, ordered), default=0) + MAX_LENGTH_CHANGE + 1)
        self._near = {n: tuple(w for w in ordered if abs(len(w) - n) <= MAX_LENGTH_CHANGE) for n in lengths}
        self._same_length = {n: tuple(w for w in ordered if len(w) == n) for n in lengths}

    def correction(self, word: str) -> str | None:
        """The corpus word a lower-case word is a typo of, or None."""
        n = len(word)
        if n < 5 or word in self.vocabulary:
            return None
        near = self._near.get(n, ())
        best = process.extractOne(word, near, scorer=fuzz.ratio, score_cutoff=MIN_RATIO)
        if best:
            return best[0]
        if n < MIN_SWAP_LENGTH:
            return None
        # Two neighbouring letters swapped: the commonest slip, which the ratio counts as two
        # edits and so misses in words under 8 letters. Exactly one swap, nothing else.
        same_length = self._same_length.get(n, ())
        swapped = process.extract(word, same_length, scorer=OSA.distance, score_cutoff=1, limit=None)
        return next((w for w, _, _ in swapped if Hamming.distance(word, w) == 2), None)

    def fix(self, text: str) -> str:
        def replace(match: re.Match) -> str:
            word = match.group(0)
            return self.correction(word.lower()) or word

        return re.sub(r"[A-Za-z]+", replace, text)


# "whats cst" is "what is cst": unspelled, the typo fixer would leave "what cst" (a question of no kind).
_WHATS = re.compile(r"\b(?:whats|wats|wots|whts)\b", re.I)


def normalise_query(text: str, typos: TypoFixer | None = None) -> str:
    text = canonical_names(_WHATS.sub("what is", text))
    if typos:
        text = typos.fix(text)
    return expand_acronyms(text)
