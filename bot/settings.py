"""Retrieval settings, read in one place from config/retrieval.yml."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
SETTINGS_FILE = PROJECT_DIR / "config" / "retrieval.yml"


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

    def folder(key: str, env: str) -> Path:
        value = Path(os.environ.get(env) or raw[key])
        return value if value.is_absolute() else PROJECT_DIR / value

    return Settings(
        knowledge_dir=folder("knowledge_dir", "CST_KNOWLEDGE_DIR"),
        index_dir=folder("index_dir", "CST_INDEX_DIR"),
        top_k=int(raw.get("top_k", Settings.top_k)),
        keyword_weight=float(raw.get("keyword_weight", Settings.keyword_weight)),
        answer_threshold=float(raw.get("answer_threshold", Settings.answer_threshold)),
        strong_match=float(raw.get("strong_match", Settings.strong_match)),
    )
