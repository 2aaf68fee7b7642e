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
