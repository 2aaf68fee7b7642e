"""The learned layer of the crisis screen: a linear classifier over word and character n-grams and
the sentence encoder's vectors, trained by `bot.safety.training` (a build step, like the index)
on the messages in data/safety/training/. It runs in the action server only (scikit-learn); the
Rasa server's degraded reply screens with the rules alone.

It generalises beyond the rule patterns (bot/safety/crisis.py); it can add danger the rules
miss, never remove what they find.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import PROJECT_DIR

if TYPE_CHECKING:
    import numpy as np

MODEL_DIR = PROJECT_DIR / "build" / "safety"
WEIGHTS_FILE = "crisis_classifier.joblib"
MANIFEST_FILE = "crisis_classifier.json"
SAFE, CARE = "safe", "care"  # the other classes are the kinds of danger (bot.safety.crisis.Danger)


def window(turns: list[str]) -> str:
    """A stretch of conversation as one text: how the screen reads the last few user turns, and
    how conversations in the training data are written."""
    return ". ".join(turn.rstrip(" .") for turn in turns)


class ClassifierUnavailable(RuntimeError):
    """The classifier was not trained, or was trained on other data or another encoder."""


@dataclass(frozen=True)
class Assessment:
    danger: float  # probability that the text is about danger now (any kind)
    kind: str  # the most likely kind of danger
    care: float  # probability that it deserves care without being an emergency


class CrisisClassifier:
    """Word and character n-grams (which see "used to", "didn't", "now") beside the sentence
    vector (which sees meaning in words never trained on), into one logistic regression."""

    def __init__(self, words, characters, model, threshold: float, care_threshold: float) -> None:
        import numpy as np

        self.words, self.characters, self.model = words, characters, model
        self.threshold, self.care_threshold = threshold, care_threshold
        self.classes = [str(c) for c in model.classes_]
        self._danger = np.array([c not in (SAFE, CARE) for c in self.classes])
        self._care = np.array([c == CARE for c in self.classes])
        # The model's weights split by feature block: each block is multiplied on its own, which
        # spares the stacking and checks of predict_proba (half the screen's classifier time).
        first, second = len(words.vocabulary_), len(words.vocabulary_) + len(characters.vocabulary_)
        weights = np.asarray(model.coef_, dtype="float64").T
        self._word_weights, self._character_weights = weights[:first], weights[first:second]
        self._vector_weights, self._intercept = weights[second:], np.asarray(model.intercept_)

    @classmethod
    def load(cls, folder: Path = MODEL_DIR, expected: dict | None = None) -> CrisisClassifier:
        """The trained classifier; ClassifierUnavailable when it is missing or does not match
        `expected` (the training manifest's data hash and encoder)."""
        manifest_path, weights_path = folder / MANIFEST_FILE, folder / WEIGHTS_FILE
        if not manifest_path.exists() or not weights_path.exists():
            raise ClassifierUnavailable(f"No crisis classifier in {folder}; build it with `make safety-model`.")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        for key, value in (expected or {}).items():
            if manifest.get(key) != value:
                raise ClassifierUnavailable(
                    f"The crisis classifier is stale ({key} changed); rebuild it with `make safety-model`."
                )
        import joblib

        try:
            parts = joblib.load(weights_path)  # our own build artifact (bot.safety.training)
        except Exception as error:  # truncated file, other library versions
            raise ClassifierUnavailable(
                f"The crisis classifier cannot be read ({type(error).__name__}); rebuild it with `make safety-model`."
            ) from error
        return cls(parts["words"], parts["characters"], parts["model"], manifest["threshold"],
                   manifest["care_threshold"])

    def probabilities(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """The model's predict_proba (multinomial: the softmax of the linear scores), by block."""
        import numpy as np
        from sklearn import config_context

        with config_context(assume_finite=True, skip_parameter_validation=True):
            words, characters = self.words.transform(texts), self.characters.transform(texts)
        scores = (
            words @ self._word_weights + characters @ self._character_weights
            + vectors @ self._vector_weights + self._intercept
        )
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        return scores / scores.sum(axis=1, keepdims=True)

    def assess(self, texts: list[str], vectors: np.ndarray) -> list[Assessment]:
        """One assessment per text (a message, a clause, or a window of the conversation)."""
        return self.assessments(self.probabilities(texts, vectors))

    @staticmethod
    def with_reader(probabilities: np.ndarray, read: np.ndarray) -> np.ndarray:
        """The fine-tuned reader's probabilities (bot/safety/reader.py) of the first texts, averaged in."""
        mixed = probabilities.copy()
        mixed[: len(read)] = (probabilities[: len(read)] + read) / 2
        return mixed

    def assessments(self, probabilities: np.ndarray) -> list[Assessment]:
        found = []
        for row in probabilities:
            danger_row = row * self._danger
            found.append(
                Assessment(
                    danger=float(danger_row.sum()),
                    kind=self.classes[int(danger_row.argmax())],
                    care=float((row * self._care).sum()),
                )
            )
        return found


def mean_vector(vectors: list[np.ndarray]) -> np.ndarray:
    """A stretch of conversation's vector: the mean of its turns' unit vectors, made unit again."""
    import numpy as np

    mean = np.mean(vectors, axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


def combine_features(words, characters, vectors):
    import scipy.sparse as sparse

    return sparse.hstack([words, characters, sparse.csr_matrix(vectors)]).tocsr()
