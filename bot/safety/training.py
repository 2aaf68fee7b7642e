"""Train the crisis classifier (`make safety-model`): a build step, like the index. Rebuilt when
its training data, this code or the encoder changes; nothing is downloaded.

Training data: data/safety/training/*.yml (written from the published instruments each file
cites: C-SSRS, 988/Samaritans warning signs, NHS "when to call 999", BE-FAST, anaphylaxis,
meningitis/sepsis, seizure and head-injury red flags, poisoning, SafeLives Dash), and the
exemplars in data/safety/crisis_examples.yml. Evaluation sets are never trained on; a blind set
that has served as a headline is retired to training (former_blind.yml) and a fresh one written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import time
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.safety.classifier import (
    CARE,
    MANIFEST_FILE,
    MODEL_DIR,
    SAFE,
    WEIGHTS_FILE,
    combine_features,
    mean_vector,
    window,
)
from bot.safety.crisis import Danger
from bot.settings import PROJECT_DIR

if TYPE_CHECKING:
    import numpy as np

TRAINING_DIR = PROJECT_DIR / "data" / "safety" / "training"
EXAMPLES_FILE = PROJECT_DIR / "data" / "safety" / "crisis_examples.yml"
# Ordinary messages the project already has: the NLU's examples (but its crisis intent) and the
# knowledge's alternative questions. Evaluation sets (eval/) are never trained on.
NLU_FILE = PROJECT_DIR / "data" / "nlu.yml"
KNOWLEDGE_DIR = PROJECT_DIR / "data" / "knowledge"
# The threshold keeps false alarms on held-out folds of the training data's look-alikes (hard
# negatives, written to confuse) at this rate; the rules below the model are the recall floor.
TARGET_FALSE_ALARMS = 0.01
# The fine-tuned reader (bot/safety/reader.py) learns from the rest; these set the threshold of
# the two models' average, which only data neither was fitted to can do.
HELD_OUT = 0.15
CARE_THRESHOLD = 0.5
REGULARISATION = 32.0  # C of the logistic regression (chosen by cross-validation on the training data)


def training_files() -> list[Path]:
    return [*sorted(TRAINING_DIR.glob("*.yml")), EXAMPLES_FILE, NLU_FILE, *sorted(KNOWLEDGE_DIR.glob("*.questions.yml"))]


def ordinary_project_messages() -> list[str]:
    nlu = yaml.safe_load(NLU_FILE.read_text(encoding="utf-8"))["nlu"]
    found = [
        line.strip()[2:].strip()
        for block in nlu
        if block.get("intent") not in (None, "crisis")
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]
    for path in sorted(KNOWLEDGE_DIR.glob("*.questions.yml")):
        found += [q for questions in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).values() for q in questions]
    return found


def load_examples() -> tuple[list[list[str]], list[str]]:
    """Each example as its turns (one for a single message) and its label."""
    examples: list[list[str]] = []
    labels: list[str] = []

    def add(items: list, label: str) -> None:
        for text in items or []:
            examples.append([str(text)])
            labels.append(label)

    add(ordinary_project_messages(), SAFE)
    for path in [*sorted(TRAINING_DIR.glob("*.yml")), EXAMPLES_FILE]:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind, items in (raw.get("danger") or {}).items():
            add(items, kind)
        add(raw.get("care"), CARE)
        add(raw.get("safe"), SAFE)
        for conversation in raw.get("conversations") or []:
            examples.append([str(t) for t in conversation["turns"]])
            labels.append(conversation["label"])
    known = {d.value for d in Danger} | {SAFE, CARE}
    unknown = sorted(set(labels) - known)
    if unknown:  # a mistyped label would become a class the screen cannot name
        raise ValueError(f"Unknown labels in the crisis training data: {unknown}; use one of {sorted(known)}")
    return examples, labels


def represent(examples: list[list[str]], encoder) -> tuple[list[str], np.ndarray]:
    """Texts and vectors as the screen reads them (bot.safety.crisis.LearnedScreen): a stretch of
    conversation is its turns joined, and the mean of its turns' vectors."""
    import numpy as np


    turns = sorted({t for example in examples for t in example})
    vector_of = dict(zip(turns, encoder.encode(turns), strict=True))
    vectors = np.stack([mean_vector([vector_of[t] for t in example]) for example in examples])
    return [window(example) for example in examples], vectors


def data_hash() -> str:
    digest = hashlib.sha256()
    code = [Path(__file__), Path(__file__).with_name("classifier.py"), Path(__file__).with_name("reader.py")]
    for path in [*training_files(), *code]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def expected_manifest() -> dict:
    """What a current classifier's manifest says: the data it was trained on and the encoder."""
    from bot.knowledge.embedding import model_id

    return {"data_hash": data_hash(), "model": model_id()}


def is_stale(folder: Path = MODEL_DIR) -> bool:
    from bot.safety.classifier import ClassifierUnavailable, CrisisClassifier

    try:
        CrisisClassifier.load(folder, expected_manifest())
    except ClassifierUnavailable:
        return True
    return False


def danger_threshold(danger_probability, is_danger, target: float = TARGET_FALSE_ALARMS) -> float:
    """The lowest threshold at which at most `target` of the ordinary messages are flagged."""
    import numpy as np

    return float(np.quantile(danger_probability[~is_danger], 1 - target)) + 1e-6


def vectorizers():
    from sklearn.feature_extraction.text import TfidfVectorizer

    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True)
    return words, characters


def fit(texts, vectors, labels):
    from sklearn.linear_model import LogisticRegression

    words, characters = vectorizers()
    features = combine_features(words.fit_transform(texts), characters.fit_transform(texts), vectors)
    model = LogisticRegression(C=REGULARISATION, max_iter=5000, class_weight="balanced")
    return words, characters, model.fit(features, labels)


def train(folder: Path = MODEL_DIR) -> dict:
    import joblib
    import numpy as np
    from sklearn.model_selection import StratifiedKFold, StratifiedShuffleSplit

    from bot.knowledge.embedding import SentenceEncoder
    from bot.safety import reader

    started = time.perf_counter()
    examples, labels = load_examples()
    texts, vectors = represent(examples, SentenceEncoder())
    y, texts_array = np.array(labels), np.array(texts, dtype=object)
    # Held-out predictions (5 folds) set the threshold: never scores on what it was fitted to.
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=7)
    held_out_danger = np.zeros(len(y))
    for fitted, scored in folds.split(vectors, y):
        words, characters, model = fit(list(texts_array[fitted]), vectors[fitted], y[fitted])
        probabilities = model.predict_proba(
            combine_features(
                words.transform(list(texts_array[scored])), characters.transform(list(texts_array[scored])),
                vectors[scored],
            )
        )
        danger_columns = [i for i, c in enumerate(model.classes_) if c not in (SAFE, CARE)]
        held_out_danger[scored] = probabilities[:, danger_columns].sum(axis=1)
    is_danger = ~np.isin(y, [SAFE, CARE])
    # The reader: fine-tuned on most of the data; the rest sets the threshold of the average.
    classes = sorted(set(labels))
    danger_columns = [i for i, c in enumerate(classes) if c not in (SAFE, CARE)]
    split = StratifiedShuffleSplit(n_splits=1, test_size=HELD_OUT, random_state=7)
    fitted, scored = next(split.split(vectors, y))
    fine_tuned = reader.fine_tune(
        [texts[i] for i in fitted], [classes.index(y[i]) for i in fitted], len(classes)
    )
    folder.mkdir(parents=True, exist_ok=True)
    reader.save(fine_tuned, folder)
    # Read as the server reads it (the saved graph, in onnxruntime), on the part it never saw.
    served = reader.Reader.load(folder)
    read_danger = served.probabilities(served.encoder.encode([texts[i] for i in scored]))[:, danger_columns].sum(1)
    together = (held_out_danger[scored] + read_danger) / 2
    threshold = danger_threshold(together, is_danger[scored])
    words, characters, model = fit(texts, vectors, y)
    if [str(c) for c in model.classes_] != classes:  # the reader's head must name the same classes
        raise RuntimeError("The classifier's and the reader's classes differ")
    # Temporary names, then rename: a crash mid-write never leaves a half-written classifier.
    joblib.dump({"words": words, "characters": characters, "model": model}, folder / (WEIGHTS_FILE + ".tmp"))
    classes = [str(c) for c in model.classes_]
    manifest = {
        **expected_manifest(),
        "classes": classes,
        "threshold": threshold,
        "care_threshold": CARE_THRESHOLD,
        "examples": {label: int((y == label).sum()) for label in classes},
        "reader": {"fine_tuned_on": len(fitted), "held_out": len(scored)},
        # on the held-out part, both models together
        "cross_validated": {
            "recall": float((together[is_danger[scored]] >= threshold).mean()),
            "false_alarms": float((together[~is_danger[scored]] >= threshold).mean()),
        },
        "train_seconds": round(time.perf_counter() - started, 1),
    }
    (folder / (MANIFEST_FILE + ".tmp")).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    (folder / (WEIGHTS_FILE + ".tmp")).replace(folder / WEIGHTS_FILE)
    (folder / (MANIFEST_FILE + ".tmp")).replace(folder / MANIFEST_FILE)
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the crisis classifier.")
    parser.add_argument("--if-stale", action="store_true", help="only retrain when out of date")
    args = parser.parse_args(argv)
    if args.if_stale and not is_stale():
        print(f"Crisis classifier is up to date ({MODEL_DIR}).")
        return 0
    manifest = train()
    cv = manifest["cross_validated"]
    print(
        f"Crisis classifier: {sum(manifest['examples'].values())} examples {manifest['examples']}; "
        f"threshold {manifest['threshold']:.3f}; cross-validated recall {cv['recall']:.1%}, "
        f"false alarms {cv['false_alarms']:.1%}; {manifest['train_seconds']} s → {MODEL_DIR}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
