"""Queries are fixed against the corpus' words, strictly: typos of corpus words are corrected,
and words that are merely near a corpus word are left alone."""

from __future__ import annotations

import pytest

from bot.retrieval.query import TypoFixer, normalise_query

CORPUS = {
    "benefits", "therapy", "therapist", "session", "coping", "sacrum", "cranial", "rhythm",
    "trauma", "quiet", "tissues", "emotions", "spinal", "fluid", "release",
}  # fmt: skip


@pytest.fixture(scope="module")
def fixer() -> TypoFixer:
    return TypoFixer(CORPUS)


@pytest.mark.parametrize(
    ("typed", "fixed"),
    [
        ("benifits", "benefits"),  # a wrong letter
        ("theraphy", "therapy"),  # a letter too many
        ("sesion", "session"),  # a letter missing
        ("rythm", "rhythm"),
        ("tehrapy", "therapy"),  # neighbouring letters swapped
        ("sesison", "session"),
        ("scarum", "sacrum"),
        ("taruma", "trauma"),
    ],
)
def test_a_typo_of_a_corpus_word_becomes_that_word(fixer, typed, fixed):
    assert fixer.fix(typed) == fixed


@pytest.mark.parametrize(
    "word",
    [
        "computing",  # shares letters with "coping", but is another word
        "quite",  # one swap from "quiet": short words swap into other real words
        "therapeutic",  # near "therapist", but more than two letters longer
        "spiral",  # one letter from "spinal": a 6-letter word needs more than one letter alike
    ],
)
def test_a_word_that_is_no_typo_of_a_corpus_word_is_kept(fixer, word):
    assert fixer.fix(word) == word


def test_corpus_words_and_words_under_five_letters_are_never_changed(fixer):
    assert fixer.fix("therapy session for tmj, rhytm") == "therapy session for tmj, rhythm"
    assert fixer.fix("Thrapy") == "therapy"
    assert fixer.fix("Therapy") == "Therapy"


def test_only_the_typo_changes_in_a_sentence(fixer):
    assert fixer.fix("What are the benifits of a sesison?") == "What are the benefits of a session?"


def test_a_swap_fix_needs_exactly_one_swap(fixer):
    assert fixer.fix("ehtrapy") == "ehtrapy"  # two swaps away from "therapy"


def test_ties_go_to_the_same_word_whatever_the_order_of_the_corpus():
    words = ["stored", "stores", "story"]  # "storeds" is one letter too many for both
    assert {TypoFixer(set(order)).fix("storeds") for order in (words, words[::-1])} == {"stores"}


def test_normalising_unifies_names_fixes_typos_and_expands_acronyms(fixer):
    text = normalise_query("cranio sacral tehrapy or CST for trauma?", fixer)
    assert text == "craniosacral therapy or craniosacral therapy (CST) for trauma?"


def test_normalising_without_a_fixer_keeps_typos():
    assert normalise_query("benifits of SER") == "benifits of somato-emotional release (SER)"
