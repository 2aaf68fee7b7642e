"""Configuration, read in one place: the project's paths, the retrieval settings in
config/retrieval.yml, and every environment variable the project reads (all named CST_*).

Light on purpose (only `os`, `pathlib`, `yaml`): the Rasa server imports it too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT_DIR / "config" / "retrieval.yml"
ENV_PREFIX = "CST_"
# Request bodies larger than this are refused with 413 before they are read or parsed, by both
# servers (a question is at most 100,000 characters; Slack's events are far smaller).
MAX_BODY_BYTES = 256 * 1024
# Rasa sends the action server the whole conversation, where a message appears three times (its
# event, the NLU's copy, the latest message); only a caller with the action secret gets this far.
ACTION_MAX_BODY_BYTES = 8 * 2**20
# A stored message keeps at most this many characters (the assistant reads 1,000): long pastes
# do not make every later turn of the conversation heavier, nor sit in the database.
STORED_MESSAGE_CHARS = 5_000

# Every environment variable the project reads, with what it does (the README's table is
# checked against this list by a test).
VARIABLES: dict[str, str] = {
    "CST_KNOWLEDGE_DIR": "folder of knowledge files (default: knowledge_dir in config/retrieval.yml)",
    "CST_INDEX_DIR": "folder of the built index (default: index_dir in config/retrieval.yml)",
    "CST_CLINIC_PROFILE": "the clinic profile file (default: config/clinic.yml, else the example)",
    "CST_FRONTDESK_TOKEN": "bearer token for the front-desk console's API; unset: this machine only",
    "CST_SLACK_BOT_TOKEN": "the Slack app's bot token (xoxb-…)",
    "CST_SLACK_SIGNING_SECRET": "the Slack app's signing secret",
    "CST_SLACK_CHANNEL": "a Slack channel id where the bot answers every message",
    "CST_SLACK_API_BASE_URL": "Slack Web API address (tests point it at a fake Slack on loopback)",
    "CST_REDIS_URL": "Redis for state shared by replicas (scale-out profile)",
    "CST_LOCK_SECONDS": "how long a conversation lock is held at most (scale-out, default 30)",
    "CST_LOCK_WAIT_SECONDS": "how long a turn waits for its conversation's lock (scale-out, default 45)",
    "CST_ACTION_SECRET": "shared secret Rasa sends to the action server (make run sets a random one)",
    "CST_WIDGET_SECRET": "signs widget sessions; shared by replicas (make run sets a random one)",
    "CST_RATE_SENDER": "messages per sender: burst/per-minute (default 10/20; off lifts it)",
    "CST_RATE_ADDRESS": "messages per address: burst/per-minute (default 40/120; off lifts it)",
    "CST_GAPS_FILE": "where unanswered questions are logged, redacted (default: build/gaps/gaps.jsonl)",
    "CST_DB_PASSWORD": "PostgreSQL password of the scale-out profile's local database",
}


# Names read before every variable took the CST_ prefix: a deployment still setting one is told.
RENAMED = {
    "CLINIC_PROFILE": "CST_CLINIC_PROFILE",
    "FRONTDESK_TOKEN": "CST_FRONTDESK_TOKEN",
    "SLACK_BOT_TOKEN": "CST_SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET": "CST_SLACK_SIGNING_SECRET",
    "SLACK_CHANNEL": "CST_SLACK_CHANNEL",
    "SLACK_API_BASE_URL": "CST_SLACK_API_BASE_URL",
}


def renamed_variables_set() -> list[str]:
    """A warning for each old variable name that is set while its new name is not."""
    return [
        f"{old} is set but no longer read; set {new} instead."
        for old, new in RENAMED.items()
        if os.environ.get(old) and not os.environ.get(new)
    ]


def env(name: str, default: str | None = None) -> str | None:
    """An environment variable of the project's (listed in VARIABLES); empty counts as unset."""
    if name not in VARIABLES:
        raise KeyError(f"{name} is not one of the project's variables; add it to VARIABLES")
    return os.environ.get(name) or default


def env_float(name: str, default: float) -> float:
    value = env(name)
    try:
        return float(value) if value else default
    except ValueError as error:
        raise ValueError(f"{name} must be a number, not {value!r}") from error


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path
    index_dir: Path
    top_k: int = 3
    keyword_weight: float = 0.15
    answer_threshold: float = 0.24
    strong_match: float = 0.35


def load_settings(path: Path = SETTINGS_FILE) -> Settings:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = set(raw) - set(Settings.__dataclass_fields__)
    if unknown:
        raise ValueError(f"{path}: unknown settings {sorted(unknown)}")

    def folder(key: str, variable: str) -> Path:
        value = Path(env(variable) or raw[key])
        return value if value.is_absolute() else PROJECT_DIR / value

    return Settings(
        knowledge_dir=folder("knowledge_dir", "CST_KNOWLEDGE_DIR"),
        index_dir=folder("index_dir", "CST_INDEX_DIR"),
        top_k=int(raw.get("top_k", Settings.top_k)),
        keyword_weight=float(raw.get("keyword_weight", Settings.keyword_weight)),
        answer_threshold=float(raw.get("answer_threshold", Settings.answer_threshold)),
        strong_match=float(raw.get("strong_match", Settings.strong_match)),
    )
