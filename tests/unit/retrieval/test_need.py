"""What a question needs to count as answered: the kind of fact, and whether any passage gives it."""

from __future__ import annotations

import pytest

from bot.knowledge.passage import Passage
from bot.retrieval.need import Need, lacks, need_of, suits, with_hint


@pytest.mark.parametrize(
    ("question", "need"),
    [
        ("How many sessions will I need?", Need.COUNT),
        ("how many treatments do people usually need", Need.COUNT),
        ("how often should i come in", Need.FREQUENCY),
        ("When was craniosacral therapy developed?", Need.WHEN),
        ("what year was SER invented", Need.WHEN),
        ("anything I should do or avoid after my session?", Need.AFTERCARE),
        ("can i do craniosacral therapy on myself at home", Need.SELF_PRACTICE),
        ("what is the difference between cranial osteopathy and CST", Need.COMPARISON),
        ("does it hurt", Need.FEEL),
        ("is it painful?", Need.FEEL),
        ("how firm is the pressure they use", Need.FEEL),
        ("What happens during a craniosacral therapy session?", Need.SESSION),
        ("how does craniosacral therapy actually work?", Need.HOW_IT_WORKS),
        ("who is it for", Need.SUITABILITY),
        ("What is craniosacral therapy?", Need.DEFINITION),
        ("Hi, first time here. What actually is craniosacral therapy?", Need.DEFINITION),
        ("what is cst good for", Need.BENEFITS),
        ("tell me about the sacrum", Need.GENERAL),
        ("who came up with SER?", Need.ORIGIN),
        ("was Upledger a proper doctor or just a healer?", Need.ORIGIN),
        ("is Dr Upledger still alive?", Need.FOUNDER_LIFE),
        ("my dad, he died last year, can SER help with grief?", Need.GENERAL),
        ("in a nutshell, what's the big idea?", Need.SUMMARY),
        ("what does the therapist do if emotions come up during the session?", Need.EMOTIONS),
        ("if I start crying on the table, is that ok?", Need.EMOTIONS),
        ("and how many would I need?", Need.COUNT),
    ],
)
def test_the_kind_of_fact_a_question_asks_for(question, need):
    assert need_of(question) is need


def test_a_body_part_that_hurts_asks_about_a_benefit_not_how_the_touch_feels():
    assert need_of("my jaw hurts, TMJ — would craniosacral therapy help") is not Need.FEEL


def passage(text: str, *headings: str) -> Passage:
    return Passage(id="p", headings=headings or ("Section",), text=text, source="a.md")


def test_a_count_question_is_unanswerable_without_a_number_of_sessions():
    near = [passage("Some people notice changes over subsequent sessions.")]
    assert lacks(Need.COUNT, near) == "how many sessions people usually need"
    assert lacks(Need.COUNT, [passage("Most people need 3 sessions to start with.")]) is None


def test_a_when_question_needs_a_date_of_development():
    assert lacks(Need.WHEN, [passage("It was pioneered by Dr. Upledger.")])
    assert lacks(Need.WHEN, [passage("It was developed by Dr. Upledger in 1975.")]) is None


def test_kinds_without_a_required_fact_never_lack_one():
    assert lacks(Need.GENERAL, []) is None and lacks(Need.FEEL, []) is None


def test_passages_that_suit_a_kind_by_heading_or_by_text():
    assert suits(Need.SESSION, passage("Lie down.", "What to Expect During a Session"))
    assert not suits(Need.SESSION, passage("During a CST session the touch is light.", "What is CST?"))
    assert suits(Need.FEEL, passage("A light touch is used.", "What is CST?"))
    assert not suits(Need.FEEL, passage("Relief from chronic pain.", "Benefits"))


def test_a_kind_adds_the_words_an_article_answers_it_in():
    assert with_hint("does it hurt", Need.FEEL).startswith("does it hurt (")
    assert with_hint("what is CST", Need.GENERAL) == "what is CST"
