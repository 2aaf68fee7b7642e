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


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    """The real Rasa server and action server, on test ports, with a fresh tracker store."""
    from ops.servers import Servers
    from tests.e2e_client import TOKEN

    folder = tmp_path_factory.mktemp("e2e")
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        "action_endpoint:\n  url: http://127.0.0.1:15055/webhook\n"
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {folder / 'tracker.db'}\n"
    )
    running = Servers(
        rasa_port=15005, action_port=15055, log_dir=folder / "logs", endpoints=endpoints, api_token=TOKEN
    )
    running.start()
    yield running
    running.stop()
