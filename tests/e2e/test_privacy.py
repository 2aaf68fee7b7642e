"""Personal identifiers never reach the tracker store or the logs; old conversations are purged."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from ops.servers import PROJECT_DIR, VENVS
from tests.e2e.client import Chat


def in_rasa_venv(*arguments: str) -> subprocess.CompletedProcess:
    """Python of the Rasa server's environment, run in the project; it must succeed."""
    result = subprocess.run(
        [str(VENVS / "rasa" / "bin" / "python"), *arguments],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=180,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def stored_events(servers, sender: str) -> str:
    database = Path(servers.endpoints).parent / "tracker.db"
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT data FROM events WHERE sender_id = ?", (sender,))
        return "\n".join(row[0] for row in rows)


PERSONAL = {"email": "maria.lopez@example.org", "phone": "+1 415 555 0199", "name": "Maria Lopez"}


@pytest.mark.e2e
def test_tracker_store_and_logs_hold_no_identifiers(servers):
    chat = Chat(servers.rasa_url, f"privacy-{uuid.uuid4().hex[:8]}")
    chat.ask(f"Hi, my name is {PERSONAL['name']}")
    reply = chat.ask(f"can you email me at {PERSONAL['email']} or call {PERSONAL['phone']} about SER?")
    assert reply["type"]  # answered from the original text
    time.sleep(0.5)
    stored = stored_events(servers, chat.sender)
    assert "[email]" in stored and "[name]" in stored
    logs = "\n".join(p.read_text(errors="replace") for p in servers.log_dir.glob("*.log"))
    for value in PERSONAL.values():
        assert value not in stored, f"{value} stored in the tracker"
        assert value not in logs, f"{value} logged"


@pytest.mark.e2e
def test_replies_that_quote_the_question_and_warnings_hold_no_identifiers(servers):
    chat = Chat(servers.rasa_url, f"privacy-{uuid.uuid4().hex[:8]}")
    # Two questions in one message: the reply quotes each part.
    chat.send(f"Is CST safe for my son Tom? And can you write to {PERSONAL['email']}?")
    # A message Rasa reads as an intent ("/…") makes it warn, quoting the message.
    chat.send(f"/greet my email is {PERSONAL['email']}")
    time.sleep(0.5)
    stored = stored_events(servers, chat.sender)
    logs = "\n".join(p.read_text(errors="replace") for p in servers.log_dir.glob("*.log"))
    assert "Tom" not in stored and PERSONAL["email"] not in stored
    assert PERSONAL["email"] not in logs


@pytest.mark.e2e
def test_purge_deletes_old_conversations_and_keeps_new_ones(servers):
    old, new = (Chat(servers.rasa_url, f"purge-{kind}-{uuid.uuid4().hex[:8]}") for kind in ("old", "new"))
    old.ask("what is CST?")
    new.ask("what is SER?")
    database = Path(servers.endpoints).parent / "tracker.db"
    forty_days = 40 * 86400
    with sqlite3.connect(database) as db:
        db.execute(
            "UPDATE events SET timestamp = timestamp - ? WHERE sender_id = ?", (forty_days, old.sender)
        )
    result = in_rasa_venv("-m", "rasa_addons.purge", "--days", "30", "--endpoints", str(servers.endpoints))
    assert "Deleted" in result.stdout
    with sqlite3.connect(database) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert old.sender not in senders and new.sender in senders


CACHE_PROBE = """
import asyncio, json, sys
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa_addons.tracker_store import RedactingSQLTrackerStore

async def probe(db):
    store = RedactingSQLTrackerStore(domain=Domain.load("domain.yml"), dialect="sqlite", db=db)
    said = UserUttered("write to maria.lopez@example.org please", {"name": "ask", "confidence": 1.0},
                       metadata={"ip": "203.0.113.9"})
    tracker = DialogueStateTracker.from_events("cache-probe", [ActionExecuted("action_listen"), said])
    await store.save(tracker)
    kept = await store.retrieve("cache-probe")
    seen = {"same_object": kept is tracker, "text": kept.latest_message.text,
            "parse_text": kept.latest_message.parse_data.get("text"), "metadata": kept.events[-1].metadata}
    # A turn that fails before it is saved: what it added must not stay in memory.
    kept.update(UserUttered("call me on +1 415 555 0199"))
    seen["cached_during_turn"] = "cache-probe" in store._recent
    again = await store.retrieve("cache-probe")
    seen["after_failed_turn"] = [e.text for e in again.events if isinstance(e, UserUttered)]
    print(json.dumps(seen))

asyncio.run(probe(sys.argv[1]))
"""


@pytest.mark.e2e
def test_conversations_kept_in_memory_between_turns_are_redacted(tmp_path):
    result = in_rasa_venv("-c", CACHE_PROBE, str(tmp_path / "tracker.db"))
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["same_object"]  # still the cache that keeps turn 200 as fast as turn 1
    assert "maria.lopez" not in seen["text"] and "[email]" in seen["text"]
    assert "maria.lopez" not in seen["parse_text"] and seen["metadata"] == {}
    assert not seen["cached_during_turn"]
    assert seen["after_failed_turn"] == [seen["text"]]
