"""Stand-ins behind the project's interfaces, so unit tests run in seconds without torch."""

from __future__ import annotations

import re
import zlib

import numpy as np


class HashingEncoder:
    """The Encoder interface without a model: each word is hashed into one dimension, so texts
    that share words are close and texts that share none are orthogonal. Deterministic."""

    dimension = 384
    model_id = "fake-hashing-encoder"

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        vectors = np.zeros((len(texts), self.dimension), dtype="float32")
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]+", text.lower()):
                vectors[row, zlib.crc32(word.encode()) % self.dimension] += 1.0
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def encode_spans(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        return self.encode([text, *(text[a:b] for a, b in spans)])
