"""Several questions in one message: split into parts, answered in one reply."""

from __future__ import annotations

import pytest

from bot.conversation.parts import combined, question_parts
from bot.reply import Reply, ReplyType, Source


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "How many sessions will I need and how much is each?",
            ["How many sessions will I need?", "how much is each?"],
        ),
        ("what is SER and how much does a session cost?", ["what is SER?", "how much does a session cost?"]),
        ("is it safe? does it hurt?", ["is it safe?", "does it hurt?"]),
        (
            "How many sessions would I need, and what do they cost?",
            ["How many sessions would I need?", "what do they cost?"],
        ),
    ],
)
def test_a_message_of_several_questions_is_split_into_them(message, parts):
    assert question_parts(message) == parts


@pytest.mark.parametrize(
    "message",
    [
        "What is the difference between CST and SER?",  # "and" joins two things, not two questions
        "Can CST and SER be done together?",
        "hi, what is SER?",
        "what? why? how? when? who?",  # too many to be a message of questions
    ],
)
def test_one_question_stays_whole(message):
    assert question_parts(message) == [message]


def test_the_combined_reply_answers_each_part_under_it():
    article = Reply(
        ReplyType.ANSWER, "SER is …", sources=(Source("What is SER?", "p1", 0.9),), source_line="Source: …"
    )
    clinic = Reply(ReplyType.CLINIC_INFO, "I don't have the prices.", notes=("Example profile.",))
    reply = combined(["what is SER?", "what does it cost?"], [article, clinic])
    assert reply.type is ReplyType.ANSWER  # the most informative part decides the type
    assert (
        reply.body.index("what is SER?")
        < reply.body.index("SER is …")
        < reply.body.index("what does it cost?")
    )
    assert [s.section for s in reply.sources] == ["What is SER?"]
    assert reply.notes == ("Example profile.",)


def test_what_each_part_lacks_is_kept():
    lacking = [
        Reply(ReplyType.NO_ANSWER, "…", missing="how many sessions people usually need"),
        Reply(ReplyType.NO_ANSWER, "…", missing="tinnitus"),
    ]
    assert combined(["a b?", "c d?"], lacking).missing == "how many sessions people usually need; tinnitus"
