"""Faults a clinic will meet: the action server down, a broken index."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid

import pytest

from ops.servers import PROJECT_DIR, VENVS
from tests.e2e.client import Chat

pytestmark = pytest.mark.e2e


def test_action_server_down_gets_a_graceful_reply_fast_and_answers_resume(servers):
    chat = Chat(servers.rasa_url, f"fault-{uuid.uuid4().hex[:8]}")
    assert chat.ask("what is SER?")["type"] == "answer"
    servers.stop_one("actions")
    try:
        started = time.monotonic()
        reply = chat.reply("what are its benefits?")
        assert time.monotonic() - started < 2.0
        assert "temporarily unavailable" in reply.body
        assert "+1 555 0100" in reply.body  # how to reach the clinic, from its profile
        assert "911" in reply.text
        danger = chat.reply("I want to kill myself")  # crisis first, even now
        assert danger.type == "emergency" and "988" in danger.body
    finally:
        servers.start_actions()
        servers.wait_ready(120)
    reply = chat.reply("what are its benefits?")
    assert reply.type == "answer" and reply.sources[0].section == "Benefits of Somato-Emotional Release"


def start_action_server_with(index_dir, port: int = 15077) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "CST_INDEX_DIR": str(index_dir),
        "PYTHONPATH": str(PROJECT_DIR),
        "HF_HUB_OFFLINE": "1",
    }
    return subprocess.run(
        [str(VENVS / "actions" / "bin" / "python"), "-m", "actions.server", "--port", str(port)],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_action_server_refuses_to_start_without_an_index(tmp_path):
    result = start_action_server_with(tmp_path / "no-index")
    assert result.returncode != 0
    assert "No index" in result.stderr and "make index" in result.stderr


def test_action_server_refuses_to_start_with_a_corrupted_index(tmp_path, settings):
    broken = tmp_path / "index"
    shutil.copytree(settings.index_dir, broken)
    (broken / "passages.faiss").write_bytes(b"\0" * 100)
    result = start_action_server_with(broken)
    assert result.returncode != 0
    assert "corrupted" in result.stderr
