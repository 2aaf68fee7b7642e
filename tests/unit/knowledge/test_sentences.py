"""How a passage is cut into sentences: the rows it is indexed under and what answers quote."""

from bot.knowledge.passage import sentences_of


def test_a_title_and_an_initial_do_not_end_a_sentence():
    text = "CST was pioneered by Dr. John E. Upledger, a physician. A practitioner uses light touch."
    assert sentences_of(text) == [
        "CST was pioneered by Dr. John E. Upledger, a physician.",
        "A practitioner uses light touch.",
    ]


def test_a_sentence_that_ends_on_a_capital_letter_still_ends():
    assert sentences_of("Take vitamin D. Then rest! Is that all? Yes.") == [
        "Take vitamin D.", "Then rest!", "Is that all?", "Yes.",
    ]
