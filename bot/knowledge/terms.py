"""The domain's own words: how people write the therapies' names and the acronyms they use.
Passages are indexed and queries searched with the same normalisation, so "cst", "cranio sacral"
and "Cranial Sacral Therapy" meet the same passages."""

from __future__ import annotations

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
