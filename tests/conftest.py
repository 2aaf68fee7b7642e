"""Shared fixtures: the real index, encoder and assistant, loaded once per test session."""

from __future__ import annotations

import pytest

from bot import index as index_module
from bot.assistant import Assistant, shared_assistant
from bot.settings import load_settings


@pytest.fixture(scope="session")
def settings():
    return load_settings()


@pytest.fixture(scope="session")
def assistant(settings) -> Assistant:
    if index_module.staleness(settings):
        index_module.main(["--if-stale"])
    return shared_assistant()


@pytest.fixture(scope="session")
def encoder(assistant):
    return assistant.retriever.encoder


SLACK_TOKEN = "xoxb-test-token"
SLACK_SECRET = "test-signing-secret"


@pytest.fixture(scope="session")
def fake_slack():
    from tests.fake_slack import FakeSlack

    slack = FakeSlack(SLACK_TOKEN).start()
    yield slack
    slack.stop()


@pytest.fixture(scope="session")
def servers(tmp_path_factory, fake_slack):
    """The real Rasa server and action server, on test ports, with a fresh tracker store, and
    Slack pointed at the fake Slack Web API."""
    from ops.servers import Servers
    from tests.e2e_client import TOKEN

    folder = tmp_path_factory.mktemp("e2e")
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        "action_endpoint:\n  url: http://127.0.0.1:15055/webhook\n"
        "tracker_store:\n  type: rasa_addons.tracker_store.RedactingSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {folder / 'tracker.db'}\n"
    )
    slack_env = {
        "SLACK_BOT_TOKEN": SLACK_TOKEN,
        "SLACK_SIGNING_SECRET": SLACK_SECRET,
        "SLACK_API_BASE_URL": fake_slack.base_url,
    }
    running = Servers(
        rasa_port=15005,
        action_port=15055,
        log_dir=folder / "logs",
        endpoints=endpoints,
        api_token=TOKEN,
        extra_env=slack_env,
    )
    running.start()
    yield running
    running.stop()
