"""The clinic profile is validated at start-up, and clinic questions are recognised."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation.clinic import (
    ProfileError,
    clinic_addition,
    clinic_topic,
    compose_clinic_info,
    load_profile,
    parse_profile,
    source_url,
)
from bot.knowledge.passage import Passage, PassageKind
from bot.settings import PROJECT_DIR


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("how much does a session cost?", "prices"),
        ("are you open on saturdays", "opening_hours"),
        ("how do I book an appointment?", "booking_url"),
        ("does insurance cover it?", "insurance"),
        ("where is the clinic?", "address"),
        ("I want to talk to a person", "handoff"),
        ("How long will each session take?", "session_length"),
        ("What is the Cancellation Policy?", "cancellation_policy"),
        ("can I pay by card?", "payment"),
        ("is the building wheelchair accessible", "accessibility"),
        ("is there parking near the clinic", "parking"),
        ("are your therapists certified?", "practitioners"),
        ("How are craniosacral therapists certified?", None),  # the profession's: the article's silence
        ("what happens at my first visit, do I fill in forms?", "first_visit"),
        ("Where can I find a therapist?", "address"),
        ("what goes on in a typical appointment", None),  # a session question, not a booking
        ("how long does it take to work", None),
        ("how much pressure does the therapist use?", None),
        ("what is the stock price of Apple", None),
        ("my baby screams for hours every evening", None),  # how long, not when the clinic opens
        ("what are your hours on saturday?", "opening_hours"),
    ],
)
def test_clinic_questions_are_recognised(question, topic):
    assert clinic_topic(question) == topic


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "'name' is required"),
        ({"name": "C", "region": "Mars"}, "'region' must be one of"),
        ({"name": "C", "phone": "call us"}, "'phone' does not look valid"),
        ({"name": "C", "email": "nope"}, "'email' does not look valid"),
        ({"name": "C", "booking_url": "example.org"}, "'booking_url' does not look valid"),
        ({"name": "C", "opening_hours": "9-5"}, "'opening_hours' must be a mapping"),
        ({"name": "C", "price": "$1"}, "unknown field"),
        ({"name": "C", "article_url": "example.org/article"}, "'article_url' does not look valid"),
        ({"name": "C", "article_urls": {"a.md": "javascript:alert(1)"}}, "article_urls"),
        (["name"], "must be a YAML mapping"),
    ],
)
def test_invalid_clinic_profile_is_a_clear_error(raw, message):
    with pytest.raises(ProfileError, match=message):
        parse_profile(raw, Path("clinic.yml"))


def test_missing_or_broken_profile_file_is_a_clear_error(tmp_path):
    with pytest.raises(ProfileError, match="does not exist"):
        load_profile(tmp_path / "nope.yml")
    broken = tmp_path / "clinic.yml"
    broken.write_text("name: [unclosed")
    with pytest.raises(ProfileError, match="not valid YAML"):
        load_profile(broken)


def test_shipped_example_profile_is_valid():
    profile = load_profile(PROJECT_DIR / "config" / "clinic.example.yml")
    assert profile.example and profile.region == "US"


def test_a_visit_detail_is_answered_from_the_profile_or_not_at_all():
    profile = parse_profile(
        {"name": "C", "phone": "+1 555 0100", "session_length": "About an hour."}, Path("c.yml")
    )
    assert compose_clinic_info(profile, "session_length").body == "About an hour."
    unset = compose_clinic_info(profile, "parking").body
    assert unset.startswith("I don't have information about parking for C.") and "+1 555 0100" in unset


def test_the_clinic_adds_its_own_word_on_what_to_wear():
    profile = parse_profile({"name": "C", "what_to_wear": "Comfortable clothes."}, Path("c.yml"))
    assert clinic_addition(profile, "what should I wear?") == "At C: Comfortable clothes."
    assert clinic_addition(profile, "what is SER?") == ""


def test_sources_link_to_their_section_where_the_clinic_publishes_the_article():
    item = Passage("p", ("Benefits of CST", "Improved Sleep"), "…", "article.md", PassageKind.ITEM)
    one_page = parse_profile({"name": "C", "article_url": "https://example.org/cst#top"}, Path("c.yml"))
    assert source_url(one_page, item) == "https://example.org/cst#benefits-of-cst"  # an item: its heading
    per_file = parse_profile(
        {"name": "C", "article_urls": {"other.md": "https://example.org/o"}}, Path("c.yml")
    )
    assert source_url(per_file, item) == ""
    assert source_url(parse_profile({"name": "C"}, Path("c.yml")), item) == ""


def test_the_clinic_adds_its_own_practitioners_to_a_question_about_training():
    profile = parse_profile({"name": "C", "practitioners": "Trained at X, 200 hours."}, Path("c.yml"))
    assert clinic_addition(profile, "how are CST therapists certified?") == (
        "About the practitioners at C: Trained at X, 200 hours."
    )
    assert clinic_addition(parse_profile({"name": "C"}, Path("c.yml")), "how are they certified?") == ""


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("price?", "prices"),
        ("you have therapist speaking french?", "languages"),
        ("can we do it online? i live 3 hours away", "online_sessions"),
    ],
)
def test_short_or_plain_clinic_questions_find_their_topic(text, topic):
    assert clinic_topic(text) == topic


def test_a_price_elsewhere_is_no_clinic_question():
    assert clinic_topic("what is the stock price of apple") is None


@pytest.mark.parametrize("text", ["heart rate?", "emotional cost?"])
def test_a_bare_word_that_is_not_a_price_asks_no_price(text):
    assert clinic_topic(text) is None
