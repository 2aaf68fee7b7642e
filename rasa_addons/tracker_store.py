"""Rasa's SQL tracker store (SQLite by default, PostgreSQL when scaled out) that stores user
messages with personal identifiers redacted (bot/privacy.py). Rasa keeps the original text in
memory for the turn, so the reply is still computed on what the person wrote.

Loading this module also redacts the Rasa server's logs (see `redact_logs`)."""

from __future__ import annotations

import json
import logging

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker

from bot.privacy import redact, redact_event

logger = logging.getLogger(__name__)


class RedactingSQLTrackerStore(SQLTrackerStore):
    async def save(self, tracker: DialogueStateTracker) -> None:
        # As SQLTrackerStore.save, with each new event redacted before it is serialised.
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                data = redact_event(event.as_dict())
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
