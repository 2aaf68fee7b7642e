"""Fixtures every kind of test may use (light: no model is loaded here)."""

from __future__ import annotations

import pytest

from bot.settings import load_settings


@pytest.fixture(scope="session")
def settings():
    return load_settings()
