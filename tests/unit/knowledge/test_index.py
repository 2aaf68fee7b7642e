"""The index is built from the knowledge files, and a stale, missing or broken one is refused."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.knowledge import index as index_module
from bot.knowledge.index import IndexUnavailable, build_index, load_index, staleness


@pytest.fixture
def small_settings(settings, tmp_path):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "clinic.md").write_text(
        "# Clinic\n\n## Parking\n\nThere is parking behind the clinic.\n\n"
        "## Accessibility\n\n- **Ramp:** The entrance has a ramp.\n- **Lift:** A lift goes to all floors.\n"
    )
    return replace(settings, knowledge_dir=knowledge, index_dir=tmp_path / "index")


def test_built_index_loads_with_its_manifest(small_settings, encoder):
    manifest = build_index(small_settings, encoder)
    assert manifest["dimension"] == encoder.dimension and manifest["model"] == encoder.model_id
    loaded = load_index(small_settings, encoder.model_id)
    assert [p.section for p in loaded.passages] == [
        "Parking",
        "Accessibility",
        "Accessibility › Ramp",
        "Accessibility › Lift",
    ]
    assert loaded.vectors.ntotal == len(loaded.rows) >= len(loaded.passages)
    assert staleness(small_settings, encoder.model_id) is None


def test_missing_index_is_a_clear_error(small_settings):
    with pytest.raises(IndexUnavailable, match="make index"):
        load_index(small_settings)


def test_changed_knowledge_makes_the_index_stale(small_settings, encoder):
    build_index(small_settings, encoder)
    (small_settings.knowledge_dir / "more.md").write_text("## Hours\n\nOpen on weekdays.\n")
    assert "changed" in staleness(small_settings, encoder.model_id)
    with pytest.raises(IndexUnavailable, match="changed"):
        load_index(small_settings, encoder.model_id)


def test_index_built_with_another_model_is_stale(small_settings, encoder):
    build_index(small_settings, encoder)
    manifest_path = small_settings.index_dir / index_module.MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text())
    manifest["model"] = "some-other-model@1"
    manifest_path.write_text(json.dumps(manifest))
    assert "some-other-model" in staleness(small_settings, encoder.model_id)


def test_corrupted_index_file_is_refused(small_settings, encoder):
    build_index(small_settings, encoder)
    (small_settings.index_dir / index_module.INDEX_FILE).write_bytes(b"not a faiss index")
    with pytest.raises(IndexUnavailable, match="corrupted"):
        load_index(small_settings, encoder.model_id)


def test_unreadable_manifest_is_refused(small_settings, encoder):
    build_index(small_settings, encoder)
    (small_settings.index_dir / index_module.MANIFEST_FILE).write_text("{broken")
    with pytest.raises(IndexUnavailable, match="unreadable"):
        load_index(small_settings)
