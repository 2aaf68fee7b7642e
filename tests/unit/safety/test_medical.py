"""The medical boundary in visitors' words: coming off a medicine is a question for the doctor;
coming off a road or a train is a question of directions."""

from __future__ import annotations

import pytest

from bot.safety.medical import DIAGNOSIS, STOP_TREATMENT, medical_boundary


@pytest.mark.parametrize(
    "text",
    ["could I come off the pregabalin?", "can I come off my sertraline after SER", "getting off diazepam"],
)
def test_coming_off_a_medicine_is_referred_to_the_doctor(text):
    found = medical_boundary(text)
    assert found is not None and found.kind == STOP_TREATMENT


@pytest.mark.parametrize(
    "text",
    [
        "I'm getting off the train at the station, how do I get to you?",
        "Do I come off the motorway at junction 10?",
    ],
)
def test_coming_off_a_road_or_a_train_is_not_a_medical_question(text):
    assert medical_boundary(text) is None


@pytest.mark.parametrize(
    "text",
    ["i ache everywhere, always tired. do you think i have fibromyalgia?", "would you say he has ADHD?"],
)
def test_asking_the_assistant_for_a_diagnosis_is_referred(text):
    found = medical_boundary(text)
    assert found is not None and found.kind == DIAGNOSIS


@pytest.mark.parametrize(
    "text",
    ["do you think I have time to park before my session?", "what is the dura mater?"],
)
def test_ordinary_questions_ask_for_no_diagnosis(text):
    assert medical_boundary(text) is None


def test_stopping_a_medicine_by_any_name_is_referred():
    found = medical_boundary("ok so can i stop taking my sumatriptan then?")
    assert found is not None and found.kind == STOP_TREATMENT


def test_asking_which_condition_a_symptom_is_is_a_diagnosis():
    found = medical_boundary("my jaw clicks when i chew - is that tmj or something else do you think")
    assert found is not None and found.kind == DIAGNOSIS


def test_asking_whether_a_symptom_is_something_serious_is_a_diagnosis():
    found = medical_boundary("numb left hand and a headache for 3 days now, is that something serious?")
    assert found is not None and found.kind == DIAGNOSIS
