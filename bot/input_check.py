"""Make any user text safe to process, and say what is wrong with text that is no question."""

from __future__ import annotations

import re
import unicodedata

# Enough for any real question; the retriever never sees more (the crisis screen sees it all).
MAX_QUESTION_CHARS = 1000

_ENGLISH_HINTS = frozenset(
    [
        "a",
        "an",
        "the",
        "is",
        "are",
        "was",
        "what",
        "how",
        "who",
        "why",
        "when",
        "where",
        "which",
        "can",
        "could",
        "do",
        "does",
        "did",
        "i",
        "you",
        "it",
        "my",
        "me",
        "your",
        "to",
        "of",
        "in",
        "on",
        "for",
        "and",
        "or",
        "with",
        "this",
        "that",
        "be",
        "have",
        "has",
        "will",
        "would",
        "should",
        "about",
        "help",
        "not",
        "no",
        "yes",
        "hi",
        "hello",
        "hey",
        "thanks",
        "thank",
        "ok",
        "please",
    ]
)


def clean_text(text: str | None) -> str:
    """Drop control and zero-width characters, fold white space."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip()


def strip_markup(text: str) -> str:
    """Text without HTML tags: markup is never a question, and is never echoed back."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>?", " ", text)).strip()


def input_problem(text: str) -> str | None:
    """A reply for text that cannot be a question (empty, only symbols, not English), else None."""
    if not text:
        return "I didn't receive any text."
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return "I can only read words, not only symbols or emoji."
    letters = "".join(words)
    non_latin = sum(1 for ch in letters if ord(ch) > 0x24F)
    lowered = [w.lower() for w in words]
    if non_latin > len(letters) / 2 or (
        len(lowered) >= 3 and not _ENGLISH_HINTS.intersection(lowered) and _looks_foreign(lowered)
    ):
        return "Sorry, I can only answer in English for now."
    return None


_FOREIGN_FUNCTION_WORDS = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "que",
        "es",
        "una",
        "por",
        "para",
        "como",
        "qué",
        "cómo",
        "le",
        "les",
        "est",
        "une",
        "des",
        "pour",
        "avec",
        "quoi",
        "der",
        "die",
        "das",
        "ist",
        "und",
        "nicht",
        "wie",
        "was",
        "ein",
        "eine",
        "il",
        "lo",
        "che",
        "di",
        "per",
        "sono",
    ]
)


def _looks_foreign(words: list[str]) -> bool:
    return sum(w in _FOREIGN_FUNCTION_WORDS for w in words) >= 1
