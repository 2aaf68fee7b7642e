"""The Rasa server's environment (Python 3.10, no torch) imports the light parts of bot/: the
safety checks, the degraded reply, privacy redaction, the reply and its renderer. This proves it
in a fresh interpreter, with the Rasa venv where it exists."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.settings import PROJECT_DIR

LIGHT_MODULES = (
    "bot.settings",
    "bot.reply",
    "bot.render",
    "bot.safety.crisis",
    "bot.safety.emergency",
    "bot.safety.medical",
    "bot.safety.evidence",
    "bot.safety.privacy",
    "bot.conversation.clinic",
    "bot.conversation.degraded",
    "bot.conversation.input_check",
)
HEAVY = ("torch", "sentence_transformers", "faiss", "transformers", "sklearn", "scipy", "joblib")
RASA_PYTHON = PROJECT_DIR / ".venvs" / "rasa" / "bin" / "python"

PROBE = f"""
import importlib, sys
for name in {LIGHT_MODULES!r}:
    importlib.import_module(name)
heavy = [name for name in {HEAVY!r} if name in sys.modules]
print("heavy:", heavy)
"""


def loaded_heavy_modules(python: str) -> str:
    done = subprocess.run(
        [python, "-c", PROBE],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(PROJECT_DIR), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_light_modules_import_without_torch_faiss_or_the_model():
    assert loaded_heavy_modules(sys.executable) == "heavy: []"


@pytest.mark.skipif(not RASA_PYTHON.exists(), reason="the Rasa venv is made by `make setup`")
def test_the_rasa_servers_environment_imports_the_light_modules():
    assert loaded_heavy_modules(str(RASA_PYTHON)) == "heavy: []"
