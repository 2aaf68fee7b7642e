"""Tests of the assistant with the real model and index, in-process: loaded once per session."""

from __future__ import annotations

import pytest

from bot.assistant import Assistant, shared_assistant
from bot.knowledge import index as index_module


@pytest.fixture(scope="session")
def assistant(settings) -> Assistant:
    if index_module.staleness(settings):
        index_module.main(["--if-stale"])
    return shared_assistant()


@pytest.fixture(scope="session")
def encoder(assistant):
    return assistant.retriever.encoder
