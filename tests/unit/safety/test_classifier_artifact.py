"""The crisis classifier is a build artifact: a missing or stale one is refused with a clear
message, never used."""

from __future__ import annotations

import json

import pytest

from bot.safety.classifier import MANIFEST_FILE, WEIGHTS_FILE, ClassifierUnavailable, CrisisClassifier, window


def test_a_missing_classifier_says_how_to_build_it(tmp_path):
    with pytest.raises(ClassifierUnavailable, match="make safety-model"):
        CrisisClassifier.load(tmp_path)


def test_a_classifier_trained_on_other_data_is_stale(tmp_path):
    (tmp_path / MANIFEST_FILE).write_text(json.dumps({"data_hash": "old", "model": "m"}))
    (tmp_path / WEIGHTS_FILE).write_bytes(b"")
    with pytest.raises(ClassifierUnavailable, match="data_hash changed"):
        CrisisClassifier.load(tmp_path, {"data_hash": "new", "model": "m"})


def test_a_stretch_of_conversation_reads_as_its_turns_in_order():
    # Joined as sentences, so that the screen reads each turn's context on its own.
    assert (
        window(["I have a nut allergy.", "my throat feels tight"])
        == "I have a nut allergy. my throat feels tight"
    )


def test_an_unreadable_reader_is_refused_with_a_clear_message(monkeypatch):
    from bot.safety import crisis, reader

    def broken(folder):
        raise RuntimeError("truncated graph")  # onnxruntime raises kinds of its own, not OSError

    monkeypatch.setattr(crisis.CrisisClassifier, "load", classmethod(lambda cls, **_: object()))
    monkeypatch.setattr(reader.Reader, "load", classmethod(lambda cls, folder: broken(folder)))
    with pytest.raises(ClassifierUnavailable, match="make safety-model"):
        crisis.LearnedScreen.load(encoder=None)
