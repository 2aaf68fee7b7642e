"""Rasa custom actions: translate between Rasa's tracker and dispatcher and bot/. No decisions
about what to say are made here."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.assistant import RECENT_TURNS, Turn, shared_assistant
from bot.conversation.gaps import GapLog

# Loaded once when the action server imports this module: a missing or stale index stops the
# server at start-up with a clear message instead of answering wrongly later.
ASSISTANT = shared_assistant()
GAPS = GapLog()
LONG_MESSAGE_CHARS = 5_000
LONG_MESSAGES = asyncio.Semaphore(1)


def turn_from_tracker(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    user_texts = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return Turn(
        text=message.get("text") or "",
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        topic=tracker.get_slot("topic"),
        recent_user_texts=tuple(user_texts[:-1][-RECENT_TURNS:]),
    )


class ActionRespond(Action):
    def name(self) -> str:
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        turn = turn_from_tracker(tracker)
        # In a worker thread, so the server's loop stays free; long messages (the crisis screen
        # reads all of a message) one at a time, so however many arrive they share one thread's
        # time with the short ones instead of crowding them out.
        if len(turn.text) > LONG_MESSAGE_CHARS:
            async with LONG_MESSAGES:
                reply = await asyncio.to_thread(ASSISTANT.respond, turn)
        else:
            reply = await asyncio.to_thread(ASSISTANT.respond, turn)
        GAPS.record(turn.text or "", reply)  # what the knowledge lacks, for the clinic (make gaps)
        dispatcher.utter_message(text=reply.text, json_message=reply.payload())
        return [SlotSet("topic", reply.topic)]
