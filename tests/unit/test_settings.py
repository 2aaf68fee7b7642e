"""Configuration is read in one place: every environment variable in bot/settings.py, all named
CST_*, each documented in the README."""

from __future__ import annotations

import re

import pytest

from bot.settings import (
    ENV_PREFIX,
    PROJECT_DIR,
    VARIABLES,
    env,
    env_float,
    load_settings,
    renamed_variables_set,
)

SOURCE_FOLDERS = ("bot", "actions", "channels", "ops", "rasa_addons", "evaluation")
# Reading the environment (passing it on to a child process, {**os.environ}, is not reading).
READS_ENVIRONMENT = re.compile(r"os\.environ\.get\(|os\.getenv\(|os\.environ\[")


def python_files():
    for folder in SOURCE_FOLDERS:
        yield from (PROJECT_DIR / folder).rglob("*.py")


def test_only_the_settings_module_reads_environment_variables():
    readers = [
        str(path.relative_to(PROJECT_DIR))
        for path in python_files()
        if READS_ENVIRONMENT.search(path.read_text(encoding="utf-8")) and path.name != "settings.py"
    ]
    assert readers == []


def test_every_variable_has_the_project_prefix_and_is_documented_in_the_readme():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert all(name.startswith(ENV_PREFIX) for name in VARIABLES)
    assert [name for name in VARIABLES if f"`{name}`" not in readme] == []


def test_every_variable_named_in_the_code_is_a_known_one():
    named = {
        name
        for path in python_files()
        for name in re.findall(r"\b(CST_[A-Z_]+)\b", path.read_text(encoding="utf-8"))
    }
    assert named - set(VARIABLES) == set()


def test_an_unknown_variable_name_is_a_programming_error():
    with pytest.raises(KeyError, match="VARIABLES"):
        env("CST_NOT_A_SETTING")


def test_empty_values_count_as_unset_and_numbers_are_checked(monkeypatch):
    monkeypatch.setenv("CST_LOCK_SECONDS", "")
    assert env_float("CST_LOCK_SECONDS", 30) == 30
    monkeypatch.setenv("CST_LOCK_SECONDS", "soon")
    with pytest.raises(ValueError, match="CST_LOCK_SECONDS must be a number"):
        env_float("CST_LOCK_SECONDS", 30)


def test_folders_can_be_overridden_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("CST_INDEX_DIR", str(tmp_path))
    assert load_settings().index_dir == tmp_path
    monkeypatch.setenv("CST_INDEX_DIR", "build/elsewhere")
    assert load_settings().index_dir == PROJECT_DIR / "build" / "elsewhere"


def test_an_unknown_retrieval_setting_is_refused(tmp_path):
    config = tmp_path / "retrieval.yml"
    config.write_text("knowledge_dir: data/knowledge\nindex_dir: build/index\ntop_kk: 3\n")
    with pytest.raises(ValueError, match="top_kk"):
        load_settings(config)


def test_an_old_variable_name_still_set_is_named_with_its_new_name(monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-old")
    monkeypatch.delenv("CST_SLACK_BOT_TOKEN", raising=False)
    assert renamed_variables_set() == [
        "SLACK_BOT_TOKEN is set but no longer read; set CST_SLACK_BOT_TOKEN instead."
    ]
    monkeypatch.setenv("CST_SLACK_BOT_TOKEN", "xoxb-new")
    assert renamed_variables_set() == []
