"""Normalise how people write the therapies' names, so that "cst", "cranio sacral" and
"Cranial Sacral Therapy" meet the same passages, and fix typos against the corpus' words."""

from __future__ import annotations

import difflib
import re

_SPELLINGS = [
    # The article itself writes "cranosacral" once; people write it every which way.
    (re.compile(r"\bcran(?:ial|io|i|o)?[\s-]*sacral\b", re.I), "craniosacral"),
    (re.compile(r"\bsomato[\s-]*emotional\b", re.I), "somato-emotional"),
]
_ACRONYMS = [
    (re.compile(r"(?<!\()\bCST\b", re.I), "craniosacral therapy (CST)"),
    (re.compile(r"(?<!\()\bSER\b", re.I), "somato-emotional release (SER)"),
    (re.compile(r"(?<!\()\bTMJ\b", re.I), "temporomandibular joint (TMJ)"),
    (re.compile(r"(?<!\()\bPTSD\b", re.I), "post-traumatic stress disorder (PTSD)"),
]


def canonical_names(text: str) -> str:
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    return text


def expand_acronyms(text: str) -> str:
    for pattern, replacement in _ACRONYMS:
        text = pattern.sub(replacement, text)
    return text


class TypoFixer:
    """Replaces a word the corpus never uses with a close corpus word ("benifits" → "benefits")."""

    def __init__(self, corpus_words: set[str]) -> None:
        self.vocabulary = {w for w in corpus_words if len(w) >= 4}

    def fix(self, text: str) -> str:
        def replace(match: re.Match) -> str:
            word = match.group(0)
            lower = word.lower()
            if len(lower) < 5 or lower in self.vocabulary:
                return word
            # Strict: a loose match turns unknown words into known ones ("computing" → "coping").
            close = difflib.get_close_matches(lower, self.vocabulary, n=1, cutoff=0.86)
            return close[0] if close and abs(len(close[0]) - len(lower)) <= 2 else word

        return re.sub(r"[A-Za-z]+", replace, text)


def normalise_query(text: str, typos: TypoFixer | None = None) -> str:
    text = canonical_names(text)
    if typos:
        text = typos.fix(text)
    return expand_acronyms(text)
