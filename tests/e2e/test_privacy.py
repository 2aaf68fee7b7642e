"""Personal identifiers never reach the tracker store or the logs; old conversations are purged."""

from __future__ import annotations

import sqlite3
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from ops.servers import PROJECT_DIR, VENVS
from tests.e2e.client import Chat

PERSONAL = {"email": "maria.lopez@example.org", "phone": "+1 415 555 0199", "name": "Maria Lopez"}


@pytest.mark.e2e
def test_tracker_store_and_logs_hold_no_identifiers(servers):
    chat = Chat(servers.rasa_url, f"privacy-{uuid.uuid4().hex[:8]}")
    chat.ask(f"Hi, my name is {PERSONAL['name']}")
    reply = chat.ask(f"can you email me at {PERSONAL['email']} or call {PERSONAL['phone']} about SER?")
    assert reply["type"]  # answered from the original text
    time.sleep(0.5)
    database = Path(servers.endpoints).parent / "tracker.db"
    with sqlite3.connect(database) as db:
        stored = "\n".join(
            row[0] for row in db.execute("SELECT data FROM events WHERE sender_id = ?", (chat.sender,))
        )
    assert "[email]" in stored and "[name]" in stored
    logs = "\n".join(p.read_text(errors="replace") for p in servers.log_dir.glob("*.log"))
    for value in PERSONAL.values():
        assert value not in stored, f"{value} stored in the tracker"
        assert value not in logs, f"{value} logged"


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
    result = subprocess.run(
        [
            str(VENVS / "rasa" / "bin" / "python"),
            "-m",
            "rasa_addons.purge",
            "--days",
            "30",
            "--endpoints",
            str(servers.endpoints),
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Deleted" in result.stdout
    with sqlite3.connect(database) as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
    assert old.sender not in senders and new.sender in senders
