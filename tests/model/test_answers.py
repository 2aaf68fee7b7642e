"""What a visitor sees for questions, follow-ups, smalltalk and bad input (bot/ only, no Rasa)."""

from __future__ import annotations

import pytest

from bot.assistant import Turn
from bot.conversation.compose import DISCLAIMER


def ask(assistant, text, topic=None, intent=None, confidence=0.0):
    return assistant.respond(Turn(text, intent=intent, confidence=confidence, topic=topic))


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("What is craniosacral therapy?", "What is Cranial Sacral Therapy (CST)?"),
        ("what is SER", "What is Somato-Emotional Release (SER)?"),
        ("benifits of cst", "Benefits of Cranial Sacral Therapy"),
        ("Can it improve my sleep?", "Benefits of Cranial Sacral Therapy › Improved Sleep Patterns"),
        ("my jaw hurts, TMJ — would craniosacral therapy help", "› Relief from Chronic Pain"),
        ("do I need to undress?", "What to Expect During a Session"),
        ("whats the dura mater", "How CST Works › The Dura Mater"),
    ],
)
def test_question_is_answered_from_the_right_section(assistant, question, section):
    reply = ask(assistant, question)
    assert reply.type == "answer"
    assert section in reply.sources[0].section
    assert reply.body  # the passage itself


def test_answer_names_its_source_section_and_carries_the_disclaimer_once(assistant):
    reply = ask(assistant, "How does somato-emotional release work?")
    assert reply.source_line == "Source: the clinic's article, section “How Somato-Emotional Release Works”."
    assert reply.text.count(DISCLAIMER) == 1


def test_answer_is_one_passage_not_a_whole_section(assistant):
    reply = ask(assistant, "Can SER help with trauma?")
    assert reply.body.startswith("Resolution of Emotional Trauma:")
    assert "Reduction of Chronic Pain:" not in reply.body


def test_sources_are_ordered_best_first_with_scores(assistant):
    reply = ask(assistant, "what is CST good for")
    scores = [s.score for s in reply.sources]
    assert len(scores) == 3 and scores == sorted(scores, reverse=True)
    payload = reply.payload()
    assert payload["type"] == "answer"
    assert set(payload["sources"][0]) >= {"section", "passage_id", "score"}


@pytest.mark.parametrize(
    ("first", "follow_up", "section"),
    [
        ("what is SER?", "what are its benefits?", "Benefits of Somato-Emotional Release"),
        ("what is CST?", "what are its benefits?", "Benefits of Cranial Sacral Therapy"),
        ("tell me about somato emotional release", "how does it work", "How Somato-Emotional Release Works"),
        ("what's craniosacral therapy", "and who invented it?", "What is Cranial Sacral Therapy (CST)?"),
    ],
)
def test_follow_up_question_uses_the_conversations_topic(assistant, first, follow_up, section):
    topic = ask(assistant, first).topic
    reply = ask(assistant, follow_up, topic=topic)
    assert reply.type == "answer"
    assert reply.sources[0].section.endswith(section)


def test_a_new_question_is_not_bent_towards_the_previous_topic(assistant):
    topic = ask(assistant, "what is SER?").topic
    reply = ask(assistant, "what is the capital of France?", topic=topic)
    assert reply.type == "out_of_scope" and not reply.sources


@pytest.mark.parametrize(
    "question",
    ["What is the capital of France?", "tell me a joke", "write me a python function", "what is reiki?"],
)
def test_question_outside_the_article_is_not_answered_with_a_passage(assistant, question):
    reply = ask(assistant, question)
    assert reply.type in {"out_of_scope", "no_answer"}
    assert reply.sources == ()
    assert "What is craniosacral therapy?" in reply.body  # says what it can help with


@pytest.mark.parametrize(
    ("text", "intent"),
    [("hi", "greet"), ("thanks!", "thanks"), ("bye", "goodbye"), ("/greet", "greet")],
)
def test_smalltalk_gets_a_short_reply_without_sources(assistant, text, intent):
    reply = ask(assistant, text, intent=intent, confidence=0.9)
    assert reply.type == "smalltalk" and reply.sources == ()


def test_welcome_says_it_is_automated_and_lists_example_questions(assistant):
    reply = ask(assistant, "hello")
    assert "automated assistant" in reply.body
    assert "What is somato-emotional release?" in reply.body


@pytest.mark.parametrize("question", ["are you a bot?", "Am I talking to a real person?", "are u human"])
def test_asked_whether_it_is_a_bot_it_says_it_is_automated(assistant, question):
    reply = ask(assistant, question)
    assert reply.type == "smalltalk" and "automated assistant" in reply.body


def test_a_greeting_with_a_question_gets_the_answer(assistant):
    reply = ask(assistant, "hi, what is somato-emotional release?", intent="greet", confidence=0.8)
    assert reply.type == "answer"


BAD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t  ",
    "very long": "craniosacral " * 1600 + "x" * 3000,
    "emoji only": "🙂🙏✨",
    "Spanish": "¿Qué es la terapia craneosacral y para qué sirve?",
    "Chinese": "颅骶疗法是什么",
    "html": "<img src=x onerror=alert(1)>",
    "script": "<script>alert('x')</script> what is SER?",
    "control characters": "what\x00 is\x07 CST\x1b[31m?",
    "None": None,
}


@pytest.mark.parametrize("name", BAD_INPUTS)
def test_bad_input_gets_a_sensible_reply_never_an_error(assistant, name):
    reply = ask(assistant, BAD_INPUTS[name])
    assert reply.type in {"answer", "no_answer", "out_of_scope"}
    assert reply.body
    assert "<img" not in reply.text and "<script" not in reply.text


def test_a_20000_character_message_is_answered_quickly(assistant):
    import time

    started = time.perf_counter()
    ask(assistant, "what is craniosacral therapy? " * 700)
    assert time.perf_counter() - started < 2.0


def test_non_english_message_is_told_the_language_limit(assistant):
    assert "English" in ask(assistant, BAD_INPUTS["Spanish"]).body


@pytest.mark.parametrize(
    ("first", "follow_up", "reply_type"),
    [
        ("how much does a session cost", "and how long is it?", "clinic_info"),
        ("How much is a first session?", "how long does that take", "clinic_info"),
        ("How much is a session?", "and how many would I need?", "no_answer"),
        ("what happens in a session", "how long does that take", "clinic_info"),
    ],
)
def test_a_follow_up_to_a_clinic_question_asks_about_the_session(assistant, first, follow_up, reply_type):
    reply = assistant.converse((first, follow_up))
    assert reply.type == reply_type
    if reply_type == "clinic_info":
        assert "minutes" in reply.body  # the profile's session length


def test_what_the_therapist_does_when_emotions_come_up_is_answered_from_that_section(assistant):
    reply = ask(assistant, "if something emotional comes up during the cst part what does the therapist do")
    assert reply.sources[0].section.endswith("Emotional Exploration (for SER)")
