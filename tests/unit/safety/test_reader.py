"""The fine-tuned reader's head, and how its probabilities join the classifier's."""

from __future__ import annotations

import numpy as np

from bot.safety.reader import SCALE, Reader


def test_the_head_gives_class_probabilities_of_unit_vectors():
    weights = np.array([[1.0, 0.0], [0.0, 1.0]])
    reader = Reader(encoder=None, weights=weights, bias=np.zeros(2))
    found = reader.probabilities(np.array([[1.0, 0.0], [0.6, 0.8]]))
    assert np.allclose(found.sum(axis=1), 1.0)
    assert found[0, 0] > 0.99  # a vector along a class's weights is that class
    expected = np.exp(SCALE * 0.8) / (np.exp(SCALE * 0.6) + np.exp(SCALE * 0.8))
    assert np.isclose(found[1, 1], expected)
