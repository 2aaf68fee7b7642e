"""The assistant's policy, run on the real article with the fake encoder: the order of checks,
the typed replies, and the conversation topic that the assistant alone keeps."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.assistant import Assistant, Turn
from bot.conversation.clinic import load_profile
from bot.knowledge.index import build_index, load_index
from bot.reply import Reply, ReplyType
from bot.retrieval.retrieve import Retriever


@pytest.fixture(scope="module")
def assistant(settings, encoder, tmp_path_factory) -> Assistant:
    small = replace(settings, index_dir=tmp_path_factory.mktemp("index"))
    build_index(small, encoder)
    retriever = Retriever(load_index(small, encoder.model_id), encoder, small)
    return Assistant(retriever, small, load_profile())


def ask(assistant: Assistant, text: str, topic: str | None = None) -> Reply:
    return assistant.respond(Turn(text, topic=topic))


def test_every_reply_has_a_typed_kind(assistant):
    texts = ("hello", "What is somato-emotional release?", "I want to kill myself", "what are your prices?")
    assert all(isinstance(ask(assistant, text).type, ReplyType) for text in texts)


def test_danger_comes_before_everything_else(assistant):
    reply = ask(assistant, "hello! what does CST cost? I want to kill myself")
    assert reply.type is ReplyType.EMERGENCY and not reply.sources


def test_a_question_naming_a_therapy_sets_the_topic(assistant):
    assert ask(assistant, "What is somato-emotional release?").topic == "SER"
    assert ask(assistant, "What is craniosacral therapy?").topic == "CST"


def test_a_reply_that_names_no_therapy_keeps_the_conversations_topic(assistant):
    assert ask(assistant, "thanks", topic="SER").topic == "SER"
    assert ask(assistant, "what are your opening hours?", topic="CST").topic == "CST"


def test_an_answer_names_its_section_and_carries_the_disclaimer_once(assistant):
    reply = ask(assistant, "What is somato-emotional release?")
    assert reply.type is ReplyType.ANSWER
    assert reply.sources and reply.sources[0].section in reply.source_line
    assert reply.text.count("not medical advice") == 1


def test_the_payload_round_trips_to_the_same_reply(assistant):
    payload = ask(assistant, "What happens during a session?").payload()
    rebuilt = Reply.from_payload(payload)
    assert rebuilt.type is ReplyType.ANSWER and rebuilt.payload() == payload


def test_an_unknown_reply_type_is_refused_when_the_reply_is_made():
    with pytest.raises(ValueError, match="not_a_type"):
        Reply(type="not_a_type", body="…")
