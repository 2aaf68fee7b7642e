"""The real Rasa server and action server, started from the trained model, answer over REST."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.e2e.client import TOKEN, Chat

pytestmark = pytest.mark.e2e


@pytest.fixture
def chat(servers):
    return Chat(servers.rasa_url, f"e2e-{uuid.uuid4().hex[:10]}")


def test_question_is_answered_with_passage_source_and_disclaimer(chat):
    reply = chat.ask("What is craniosacral therapy?")
    assert reply["type"] == "answer"
    assert reply["sources"][0]["section"].endswith("What is Cranial Sacral Therapy (CST)?")
    assert "light touch" in reply["texts"] or "gentle, hands-on technique" in reply["texts"]
    assert "Source: the clinic's article" in reply["texts"]
    assert "not medical advice" in reply["texts"]


def test_follow_up_uses_the_previous_topic(chat):
    assert chat.ask("what is SER?")["type"] == "answer"
    reply = chat.ask("what are its benefits?")
    assert reply["sources"][0]["section"] == "Benefits of Somato-Emotional Release"


def test_every_reply_follows_the_metadata_contract(chat):
    for message in ["hi", "how does CST work", "capital of France?", "thanks", ""]:
        reply = chat.ask(message)
        assert reply["type"] in {"answer", "no_answer", "out_of_scope", "smalltalk"}
        for source in reply["sources"]:
            assert set(source) >= {"section", "passage_id", "score"}
            assert isinstance(source["score"], float)
        assert (reply["type"] == "answer") == bool(reply["sources"])


@pytest.mark.parametrize(
    "message",
    ["", "   ", "🙂🙏", "x" * 20000, "¿Qué es la terapia craneosacral?", "what\x00 is\x1b CST", "<b>hi</b>"],
)
def test_bad_input_gets_a_reply_not_a_crash(chat, message):
    reply = chat.ask(message)
    assert reply["texts"]


def test_html_in_the_question_is_never_echoed(chat):
    reply = chat.ask("<img src=x onerror=alert(1)>")
    assert "<img" not in reply["texts"] and "onerror" not in reply["texts"]


@pytest.mark.parametrize(
    "body",
    [
        '{"sender": "a", "message": 5}',
        '{"message": "hi"}',
        "[]",
        "{not json",
        '{"sender": "", "message": "hi"}',
    ],
)
def test_malformed_request_gets_a_400_with_a_reason(servers, body):
    response = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400
    assert response.json()["error"]


def test_conversation_survives_a_rasa_restart(servers, chat):
    chat.ask("tell me about somato emotional release")
    servers.stop_one("rasa")
    servers.start_rasa()
    servers.wait_ready(120)
    reply = chat.ask("how does it work?")
    assert reply["sources"][0]["section"] == "How Somato-Emotional Release Works"
    tracker = requests.get(
        f"{servers.rasa_url}/conversations/{chat.sender}/tracker", params={"token": TOKEN}, timeout=10
    ).json()
    user_texts = [e["text"] for e in tracker["events"] if e["event"] == "user"]
    assert user_texts == ["tell me about somato emotional release", "how does it work?"]
