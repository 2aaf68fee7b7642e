"""Keyword scoring: words meet across plural and singular, stop words count for nothing, and a
rare shared term counts for more than a common one."""

from __future__ import annotations

import pytest

from bot.retrieval.lexical import BM25, stem, tokenize

UNRELATED = "Parking is behind the clinic."


@pytest.mark.parametrize(
    ("query", "document"),
    [
        ("bones", "The cranial bone moves a little."),
        ("bone", "The cranial bones move a little."),
        ("releases", "Somato-emotional release lets tension go."),
        ("techniques", "A gentle technique is used."),
        ("therapies", "This therapy is gentle."),
        ("relaxing", "Most people relax deeply."),
        ("assess", "The therapist assesses the rhythm."),
    ],
)
def test_a_query_word_matches_its_plural_or_singular_and_other_endings(query, document):
    scores = BM25([document, UNRELATED]).scores(query)
    assert scores[0] > 0 and scores[1] == 0


@pytest.mark.parametrize(
    ("word", "other"),
    [("bone", "bones"), ("release", "releases"), ("technique", "techniques"), ("benefit", "benefits")],
)
def test_singular_and_plural_share_one_stem(word, other):
    assert stem(word) == stem(other)


@pytest.mark.parametrize("text", ["what is the", "Is it? Could you, would you...", "", "  "])
def test_stop_words_and_punctuation_leave_no_terms(text):
    assert tokenize(text) == []


def test_a_question_of_stop_words_scores_no_document():
    assert BM25(["What is the therapy?", "It is what it is."]).scores("what is it") == [0.0, 0.0]


def test_stop_words_in_a_question_do_not_change_its_scores():
    documents = ["The dura mater is a membrane.", "A session lasts an hour.", UNRELATED]
    bm25 = BM25(documents)
    assert bm25.scores("what is the dura mater?") == bm25.scores("dura mater")


def test_the_document_with_the_rare_shared_term_ranks_first():
    documents = [
        "Pain and more pain: therapy for pain.",
        "Pain in the sacrum.",
        "Pain relief.",
        "Pain after a fall.",
    ]
    scores = BM25(documents).scores("pain sacrum")
    assert max(range(len(scores)), key=scores.__getitem__) == 1


def test_a_term_no_document_uses_scores_nothing():
    assert BM25(["The cranial bones.", UNRELATED]).scores("zebra") == [0.0, 0.0]
