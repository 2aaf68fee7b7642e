"""A follow-up that only names the other therapy asks the previous question again, of that therapy."""

from __future__ import annotations

import pytest

from bot.retrieval.followup import asked_again


@pytest.mark.parametrize(
    ("previous", "follow_up", "asked"),
    [
        ("What is craniosacral therapy?", "what about SER?", "What is Somato-Emotional Release (SER)?"),
        ("How does CST work?", "and SER?", "How does Somato-Emotional Release (SER) work?"),
        ("how does cst work", "ok and the emotional one", "how does Somato-Emotional Release (SER) work"),
        (
            "do i stay dressed for cst?",
            "and for ser too?",
            "do i stay dressed for Somato-Emotional Release (SER)?",
        ),
        (
            "What are the benefits of Somato-Emotional Release (SER)?",
            "and CST?",
            "What are the benefits of Cranial Sacral Therapy (CST)?",
        ),
    ],
)
def test_the_previous_question_is_asked_of_the_therapy_named(previous, follow_up, asked):
    assert asked_again(follow_up, previous) == asked


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        ("what is CST", "and SER for anxiety?"),  # a question of its own
        ("what is cst", "what about the price?"),
        ("what is SER", "and SER?"),  # the same therapy
        ("how much is a session", "and SER?"),  # nothing to ask again
        ("what is CST", "what about SER " + "!" * 200),  # long input is not read by the pattern
    ],
)
def test_anything_else_is_left_alone(previous, follow_up):
    assert asked_again(follow_up, previous) is None
