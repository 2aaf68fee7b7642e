"""Rasa's SQL tracker store (SQLite by default, PostgreSQL when scaled out) that stores user
messages with personal identifiers redacted (bot/privacy.py). Rasa keeps the original text in
memory for the turn, so the reply is still computed on what the person wrote.

Loading this module also keeps the Rasa server's logs private (bot/safety/private_logs.py)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import BotUttered, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.safety.privacy import stored_form
from bot.safety.private_logs import keep_logs_private

logger = logging.getLogger(__name__)


CACHED_CONVERSATIONS = 2000


class RedactingSQLTrackerStore(SQLTrackerStore):
    """Also keeps recently saved conversations in memory: Rasa re-reads and re-parses a whole
    conversation from the database on every message, which made turn 200 three times slower
    than turn 1. A cached conversation is used only while the database still ends with the
    event this process saved last (another replica's turn, or a turn that failed before it was
    saved, makes it reload). What stays in memory between messages is redacted like the
    database: `retrieve` hands the cached conversation out (a turn that fails takes it along),
    and `save` puts it back with the turn's original text replaced by the redacted text."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep_logs_private()  # the web server's own loggers exist by now
        self._recent: OrderedDict[str, tuple[DialogueStateTracker, int, int | None]] = OrderedDict()

    def _last_event_id(self, sender_id: str) -> int | None:
        with self.session_scope() as session:
            return (
                session.query(sa.func.max(self.SQLEvent.id))
                .filter(self.SQLEvent.sender_id == sender_id)
                .scalar()
            )

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        cached = self._recent.pop(sender_id, None)
        if cached is not None:
            tracker, length, last_id = cached
            if len(tracker.events) == length and self._last_event_id(sender_id) == last_id:
                return tracker
        return await super().retrieve(sender_id)

    def _remember(self, tracker: DialogueStateTracker) -> None:
        self._recent.pop(tracker.sender_id, None)
        # A session that restarted during the turn: the database now starts the conversation
        # at the new session, the object in memory does not; load it afresh next time.
        starts = [i for i, event in enumerate(tracker.events) if isinstance(event, SessionStarted)]
        if starts and starts[-1] > 1:
            return
        self._recent[tracker.sender_id] = (
            tracker,
            len(tracker.events),
            self._last_event_id(tracker.sender_id),
        )
        while len(self._recent) > CACHED_CONVERSATIONS:
            self._recent.popitem(last=False)

    async def save(self, tracker: DialogueStateTracker) -> None:
        # As SQLTrackerStore.save, with each new event redacted before it is serialised. The
        # redaction runs in a worker thread: a long message must not hold up other conversations.
        await self.stream_events(tracker)
        with self.session_scope() as session:
            events = list(self._additional_events(session, tracker))
        redacted = await asyncio.to_thread(
            lambda: [stored_form(event.as_dict()) for event in events]
        )
        with self.session_scope() as session:
            for event, data in zip(events, redacted, strict=True):
                session.add(
                    self.SQLEvent(
                        sender_id=tracker.sender_id,
                        type_name=event.type_name,
                        timestamp=data.get("timestamp"),
                        intent_name=data.get("parse_data", {}).get("intent", {}).get("name"),
                        action_name=data.get("name"),
                        data=json.dumps(data),
                    )
                )
            session.commit()
        for event, data in zip(events, redacted, strict=True):
            keep_only_redacted(event, data)
        self._remember(tracker)


def keep_only_redacted(event: Event, stored: dict[str, Any]) -> None:
    """The event in memory holds no more than its stored form: texts redacted, no metadata
    (tracker.latest_message is the same object)."""
    if isinstance(event, BotUttered):
        event.text, event.data = stored.get("text"), stored.get("data") or {}
    if not isinstance(event, UserUttered):
        return
    event.text = stored.get("text")
    event.parse_data = stored.get("parse_data") or {}
    event.entities = list(event.parse_data.get("entities") or [])
    event.metadata = {}


keep_logs_private()
