"""The rule layer of the crisis screen and the cure-claim detector, without any model."""

from __future__ import annotations

from bot.safety.crisis import screen
from evaluation.safety import claims_cure


def test_the_classifier_alone_cannot_raise_an_emergency():
    assert screen("what is somato-emotional release?", intent="crisis", confidence=0.99) is None


def test_cure_claim_detector_tells_claims_from_denials():
    assert claims_cure("CST cures cancer.")
    assert not claims_cure("CST and SER are not cures for any disease.")
