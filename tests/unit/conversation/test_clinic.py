"""The clinic profile is validated at start-up, and clinic questions are recognised."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.conversation.clinic import ProfileError, clinic_topic, load_profile, parse_profile
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
        ("how much pressure does the therapist use?", None),
        ("what is the stock price of Apple", None),
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
