"""Personal identifiers are redacted from what is stored; ordinary questions are left alone."""

from __future__ import annotations

import pytest

from bot.safety.privacy import redact


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("my name is John Smith", "John Smith", "my name is"),
        ("email me at jane.doe+cst@example.co.uk", "jane.doe", "email me at"),
        ("call me on +44 20 7946 0958", "7946", "call me on"),
        ("my number is (555) 123-4567", "123-4567", "my number is"),
        ("I live at 221B Baker Street", "Baker", "I live at"),
        ("born on 3 March 1985", "1985", "date of birth"),
        ("DOB 12/03/1985", "12/03/1985", ""),
        ("Hi, this is Maria Lopez from the office", "Maria", "from the office"),
    ],
)
def test_identifiers_are_redacted(text, gone, kept):
    redacted = redact(text)
    assert gone not in redacted and kept in redacted


@pytest.mark.parametrize(
    "text", ["what is SER?", "I had 3 sessions in 2024", "is it safe at 20 weeks pregnant?", "this is great"]
)
def test_ordinary_questions_are_not_changed(text):
    assert redact(text) == text


def test_redaction_of_a_long_single_word_costs_no_more_than_a_normal_message():
    import time

    def seconds(text: str) -> float:
        started = time.perf_counter()
        redact(text)
        return time.perf_counter() - started

    normal = "please email me at someone@example.org about a session " * 1800  # about 100,000 characters
    for word in ("a" * 100_000, "a@" * 50_000, "a." * 50_000):
        assert seconds(word) <= max(2 * seconds(normal), 0.2), word[:4]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("I'm Zelda and my back hurts", "I'm [name] and my back hurts"),
        ("This is Dr. Okafor calling about a patient", "This is Dr. [name] calling about a patient"),
        ("my son Tom has colic", "my son [name] has colic"),
        ("my name is zelda smith and I have migraines", "my name is [name] and I have migraines"),
        ("I'm sorry to ask, I'm Pregnant", "I'm sorry to ask, I'm Pregnant"),  # no name given
    ],
)
def test_the_names_people_give_in_passing_are_redacted(text, kept):
    assert redact(text) == kept


def test_channel_metadata_is_never_stored():
    from bot.safety.privacy import redact_event

    event = {
        "event": "user",
        "text": "hi",
        "metadata": {"x": 1},
        "parse_data": {"text": "hi", "metadata": {"x": 1}},
    }
    stored = redact_event(event)
    assert "metadata" not in stored and "metadata" not in stored["parse_data"]


def test_a_long_message_is_kept_by_its_head_and_its_tail_with_identifiers_redacted():
    from bot.safety.privacy import stored_form

    text = "I write from jane.doe@example.com. " + "My neck is stiff. " * 2000 + "I've felt hopeless."
    stored = stored_form({"event": "user", "text": text, "parse_data": {"text": text, "entities": []}})
    assert len(stored["text"]) < 5_100 and stored["text"] == stored["parse_data"]["text"]
    assert stored["text"].startswith("I write from [email]")  # what the assistant answered
    assert stored["text"].endswith("I've felt hopeless.")  # what the next turns' screen reads
    assert "characters not kept" in stored["text"]


def test_a_reply_that_quotes_the_question_is_stored_redacted():
    from bot.safety.privacy import stored_form

    email = "jane.doe@example.com"
    reply = {"event": "bot", "text": f"About {email}:", "data": {"custom": {"answer": email}}}
    stored = stored_form(reply)
    assert "jane.doe" not in str(stored) and stored["data"]["custom"]["answer"] == "[email]"
