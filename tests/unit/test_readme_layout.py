"""The README is the map: its layout table names every folder of the project and every module of
the packages it describes, and nothing that is not there."""

from __future__ import annotations

import re
import subprocess

import pytest

from bot.settings import PROJECT_DIR

# Folders whose row lists each of their Python modules by name.
MODULE_FOLDERS = (
    "bot/knowledge",
    "bot/retrieval",
    "bot/safety",
    "bot/conversation",
    "channels",
    "evaluation",
    "ops",
    "rasa_addons",
)


def layout_rows() -> dict[str, str]:
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Layout", 1)[1].split("\n### ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+) \|$", table, flags=re.M)
    return {path.rstrip("/"): description for path, description in rows}


def tracked_top_level_folders() -> set[str]:
    listed = subprocess.run(["git", "ls-files"], cwd=PROJECT_DIR, capture_output=True, text=True).stdout
    return {line.split("/")[0] for line in listed.splitlines() if "/" in line and not line.startswith(".")}


def test_every_path_in_the_layout_table_exists():
    assert [path for path in layout_rows() if not (PROJECT_DIR / path).exists()] == []


def test_every_folder_of_the_project_is_in_the_layout_table():
    rows = layout_rows()
    assert sorted(tracked_top_level_folders() - {path.split("/")[0] for path in rows}) == []


def test_every_module_directly_in_bot_is_in_the_layout_table():
    rows = layout_rows()
    modules = {f"bot/{p.name}" for p in (PROJECT_DIR / "bot").glob("*.py") if p.name != "__init__.py"}
    packages = {f"bot/{p.name}" for p in (PROJECT_DIR / "bot").iterdir() if (p / "__init__.py").exists()}
    assert sorted((modules | packages) - set(rows)) == []


@pytest.mark.parametrize("folder", MODULE_FOLDERS)
def test_a_folders_row_names_exactly_its_modules(folder):
    modules = {p.stem for p in (PROJECT_DIR / folder).glob("*.py") if p.name != "__init__.py"}
    named = set(re.findall(r"`(\w+)`", layout_rows()[folder]))
    assert sorted(modules ^ named) == []
