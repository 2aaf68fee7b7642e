"""The Rasa action translates between the tracker and bot/ (financial-demo style: tracker fixture
→ action → messages and events)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def action(assistant):  # the assistant fixture loads the model once, before the actions import it
    from actions.actions import ActionRespond

    return ActionRespond()


def tracker_from(name: str, **changes) -> Tracker:
    state = json.loads((FIXTURES / name).read_text())
    state.update(changes)
    return Tracker.from_dict(state)


def run(action, tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain={}))  # as rasa-sdk awaits it
    return dispatcher.messages, events


def test_follow_up_in_the_tracker_is_answered_with_the_topics_benefits(action):
    messages, events = run(action, tracker_from("tracker_follow_up.json"))
    [message] = messages
    assert message["custom"]["type"] == "answer"
    assert message["custom"]["sources"][0]["section"] == "Benefits of Somato-Emotional Release"
    assert message["text"].startswith("SER offers a wide range of benefits")
    assert events == [SlotSet("topic", "SER")]


def test_every_reply_carries_the_metadata_contract(action):
    tracker = tracker_from(
        "tracker_follow_up.json",
        latest_message={"text": "hello", "intent": {"name": "greet", "confidence": 0.99}},
    )
    [message], _ = run(action, tracker)
    assert message["custom"]["type"] == "smalltalk"
    assert message["custom"]["sources"] == []


def test_a_message_without_text_or_intent_gets_a_reply(action):
    tracker = tracker_from("tracker_follow_up.json", latest_message={}, slots={})
    [message], events = run(action, tracker)
    assert message["custom"]["type"] == "no_answer"
    assert events == [SlotSet("topic", None)]
