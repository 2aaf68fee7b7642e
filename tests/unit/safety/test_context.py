"""Context decides whether alarming words are danger now (bot/safety/context.py)."""

from __future__ import annotations

import pytest

from bot.safety.context import Frame, frames, is_framed, is_framed_away, says_now


def framed_away(text: str, phrase: str) -> bool:
    start = text.index(phrase)
    return is_framed_away(text, start, start + len(phrase))


@pytest.mark.parametrize(
    ("text", "phrase", "frame"),
    [
        ("i used to self-harm years ago, can ser help with old stuff?", "self-harm", Frame.RESOLVED),
        ("left an abusive relationship in 2019 and i'm safe now", "abusive", Frame.RESOLVED),
        ("in the film the grandad has a stroke", "has a stroke", Frame.MEDIA),
        ("our book club is reading a memoir about domestic abuse", "domestic abuse", Frame.MEDIA),
        ("i'm an a&e nurse and see overdoses every shift", "overdoses", Frame.WORK),
        ("i volunteer on a suicide helpline", "suicide", Frame.WORK),
        ("what are the signs of a heart attack?", "heart attack", Frame.GENERAL),
        ("can you overdose on cst lol", "overdose", Frame.JOKE),
        ("my dog is choking on a toy", "choking", Frame.PET),
        ("my boss will kill me if i'm late again", "kill me", Frame.HYPERBOLE),
    ],
)
def test_alarming_words_in_a_frame_are_not_danger_now(text, phrase, frame):
    assert frame in frames(text) and framed_away(text, phrase)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("i didn't hit my head, i hurt my knee", "hit my head"),
        ("no chest pain, just tight shoulders", "chest pain"),
        ("i'm not suicidal, just stressed", "suicidal"),
    ],
)
def test_a_denial_is_never_danger_whatever_its_tense(text, phrase):
    assert framed_away(text, phrase)


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("i used to self-harm and i started again tonight", "self-harm"),
        ("i watched a documentary and now i want to kill myself", "kill myself"),
        ("i'm a nurse and i took 30 tablets an hour ago, right now i feel sleepy", "took 30 tablets"),
    ],
)
def test_the_present_overrides_the_frame(text, phrase):
    assert not framed_away(text, phrase)


@pytest.mark.parametrize(
    ("text", "now"),
    [
        ("she's fine now", False),
        ("i'm safe now", False),
        ("and now my throat is closing", True),
        ("tonight", True),
    ],
)
def test_settled_now_is_not_the_present(text, now):
    assert says_now(text) is now


def test_a_plain_question_is_not_framed():
    assert not is_framed("what happens in a session?")
    assert is_framed("paramedic here, is cst good for shift work?")


def test_a_threat_beside_coercive_control_is_not_hyperbole():
    assert Frame.HYPERBOLE in frames("my sister will kill me if I'm late tonight")
    threat = "he's locked the back door and taken my keys and he said he'll kill me if I call anyone"
    assert Frame.HYPERBOLE not in frames(threat)
