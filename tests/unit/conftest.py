"""Unit tests: plain data in, plain data out, with a fake encoder. `make unit` runs them in
seconds; none of them may load torch or the sentence-transformers model."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.unit.fakes import HashingEncoder

HEAVY_MODULES = ("torch", "sentence_transformers")
UNIT_DIR = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def encoder() -> HashingEncoder:
    return HashingEncoder()


@pytest.fixture(scope="session", autouse=True)
def no_model_is_loaded(request):
    yield
    unit_only = all(UNIT_DIR in item.path.parents for item in request.session.items)
    loaded = [name for name in HEAVY_MODULES if name in sys.modules] if unit_only else []
    assert not loaded, f"unit tests loaded {loaded}; use the fake encoder (tests/unit/fakes.py)"
