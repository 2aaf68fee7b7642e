"""Closing a knowledge gap, end to end on the real servers: a question the article lacks gets a
no_answer naming what is missing and is logged for the clinic; a Markdown file about it added to
the knowledge folder is indexed as `make run` indexes; the same question is then answered from
that file, with a link to its section where the clinic publishes it."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import requests

from ops.servers import PROJECT_DIR, VENVS, Servers, fresh_store_endpoints
from tests.e2e.client import Chat

pytestmark = pytest.mark.e2e

QUESTION = "Can craniosacral therapy help with tinnitus?"
TINNITUS_FILE = """# Tinnitus

## CST and tinnitus

Some clients come to the clinic with tinnitus, a ringing or buzzing in the ears. Our
practitioners offer CST sessions for relaxation alongside the care of their doctor or
audiologist; CST is not a treatment for tinnitus itself.
"""


def reindex(env: dict[str, str]) -> None:
    """The index step of `make run` (`make index`: rebuilt only when the knowledge changed)."""
    python = str(VENVS / "actions" / "bin" / "python")
    full_env = {**os.environ, "PYTHONPATH": str(PROJECT_DIR), "HF_HUB_OFFLINE": "1", **env}
    subprocess.run(
        [python, "-m", "bot.knowledge.index", "--if-stale"], env=full_env, check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def clinic(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gaps")
    knowledge = folder / "knowledge"
    shutil.copytree(PROJECT_DIR / "data" / "knowledge", knowledge)
    profile = folder / "clinic.yml"
    profile.write_text(
        "name: Gap Test Clinic\nphone: '+1 555 0100'\nregion: US\narticle_url: https://clinic.example/cst\n"
    )
    env = {
        "CST_KNOWLEDGE_DIR": str(knowledge),
        "CST_INDEX_DIR": str(folder / "index"),
        "CST_GAPS_FILE": str(folder / "gaps.jsonl"),
        "CST_CLINIC_PROFILE": str(profile),
    }
    reindex(env)
    endpoints = fresh_store_endpoints(folder, 17055)
    servers = Servers(
        rasa_port=17005, action_port=17055, log_dir=folder / "logs", endpoints=endpoints, extra_env=env
    )
    servers.start()
    yield servers, knowledge, env
    servers.stop()


def test_a_gap_is_named_logged_and_closed_by_adding_a_knowledge_file(clinic):
    servers, knowledge, env = clinic
    before = Chat(servers.rasa_url, "gap-visitor-1").ask(QUESTION)
    assert before["type"] == "no_answer" and before["missing"] == "tinnitus"
    assert before["answer"].startswith("The clinic's article doesn't mention tinnitus.")

    gaps = requests.get(f"{servers.rasa_url}/webhooks/frontdesk/gaps", timeout=10).json()
    assert gaps["gaps"][0]["missing"] == "tinnitus" and gaps["gaps"][0]["examples"] == [QUESTION]

    (knowledge / "tinnitus.md").write_text(TINNITUS_FILE, encoding="utf-8")
    reindex(env)
    servers.stop_one("actions")  # `make run` starts the servers on the new index
    servers.start_actions()
    servers.wait_ready(120)

    after = Chat(servers.rasa_url, "gap-visitor-2").ask(QUESTION)
    assert after["type"] == "answer" and not after["missing"]
    assert after["sources"][0]["passage_id"].startswith("tinnitus/")
    assert "ringing or buzzing in the ears" in after["answer"]
    assert after["source_url"] == "https://clinic.example/cst#cst-and-tinnitus"


def test_an_answer_links_its_section_in_the_published_article(clinic):
    servers, _, _ = clinic
    reply = Chat(servers.rasa_url, "gap-visitor-3").ask("What is somato-emotional release?")
    assert reply["type"] == "answer"
    assert reply["source_url"] == "https://clinic.example/cst#what-is-somato-emotional-release-ser"
    assert all(s["url"].startswith("https://clinic.example/cst#") for s in reply["sources"])
