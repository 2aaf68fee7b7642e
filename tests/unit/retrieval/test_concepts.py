"""Key concepts of a question that the knowledge never mentions."""

from __future__ import annotations

import pytest

from bot.retrieval.concepts import ConceptCheck
from bot.retrieval.query import TypoFixer

KNOWLEDGE = [
    "Cranial Sacral Therapy (CST) is a gentle technique for the craniosacral system.",
    "It may help migraines, sleep and energy. The client lies fully clothed.",
    "It was pioneered by Dr. John E. Upledger, an osteopathic physician.",
]


@pytest.fixture(scope="module")
def concepts() -> ConceptCheck:
    words = {w.lower().strip(".,()") for text in KNOWLEDGE for w in text.split()}
    return ConceptCheck(KNOWLEDGE, {"clothed": ["wear", "undress"]}, TypoFixer(words))


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("Can Craniosacral Therapy Help With Tinnitus?", "tinnitus"),
        ("What are Energy Cysts?", "energy cysts"),  # a known word qualifies the unknown one
        ("What is the difference between cranial osteopathy and craniosacral therapy?", "cranial osteopathy"),
        ("Does it work for a concussion?", "concussion"),  # a real word, not a typo of "conclusion"
        ("can cst help with ringing in the ears", "ears"),  # "ringing" is a verb form, "ears" a body part
        ("I hurt my knee/hip/shoulder. Can CST help me?", "knee/hip/shoulder"),
        ("What is Upledger Institute International?", "upledger institute"),
    ],
)
def test_a_concept_the_knowledge_never_mentions_is_named(concepts, question, missing):
    assert concepts.missing(question) == missing


def test_far_apart_missing_words_are_named_once_each(concepts):
    question = "does it help after an accident? my accident was bad and the accident left whiplash"
    assert concepts.missing(question) == "accident, whiplash"


@pytest.mark.parametrize(
    "question",
    [
        "What is craniosacral therapy?",
        "can it help my migranes",  # a typo of a knowledge word
        "what should I wear",  # an everyday word for one
        "why is it so important for beginners, honestly",  # common and framing words
        "does it help with sleeping",  # same stem
    ],
)
def test_questions_in_the_knowledge_own_or_everyday_words_lack_nothing(concepts, question):
    assert concepts.missing(question) is None


def test_only_a_named_concept_makes_a_question_about_the_knowledge(concepts):
    assert concepts.shares_concepts("who was Upledger")
    assert not concepts.shares_concepts("write me a function that sorts a list")


def test_letters_drawn_out_and_common_words_misspelt_are_slips_not_concepts():
    from bot.retrieval.concepts import is_slip

    assert is_slip("soooo") and is_slip("gooood") and is_slip("seperate") and is_slip("definately")
    assert not is_slip("tinnitus") and not is_slip("colic") and not is_slip("physios")
    assert not is_slip("a" * 1000)  # no word at all: still what the message lacks
