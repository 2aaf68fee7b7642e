"""Rasa's SQL tracker store (SQLite by default, PostgreSQL when scaled out) that stores user
messages with personal identifiers redacted (bot/privacy.py). Rasa keeps the original text in
memory for the turn, so the reply is still computed on what the person wrote.

Loading this module also redacts the Rasa server's logs (see `redact_logs`)."""

from __future__ import annotations

import asyncio
import json
import logging
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

from bot.safety.privacy import redact, redact_event

logger = logging.getLogger(__name__)


CACHED_CONVERSATIONS = 2000


class RedactingSQLTrackerStore(SQLTrackerStore):
    """Also keeps recently saved conversations in memory: Rasa re-reads and re-parses a whole
    conversation from the database on every message, which made turn 200 three times slower
    than turn 1. A cached conversation is used only while the database still ends with the
    event this process saved last (another replica's turn, or a turn that failed before it was
    saved, makes it reload)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
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
                self._recent[sender_id] = cached
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
        redacted = await asyncio.to_thread(lambda: [redact_event(event.as_dict()) for event in events])
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
        self._remember(tracker)


class RedactingFilter(logging.Filter):
    """Rewrites every log record's message with identifiers redacted."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is left for logging to report
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def redact_logs() -> None:
    """Install the filter on every handler of the root logger (Rasa and structlog log there)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())


redact_logs()
