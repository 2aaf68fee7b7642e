"""Markdown knowledge becomes passages that follow the document's structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import PATH_SEPARATOR, load_passages, passages_from_markdown

KNOWLEDGE = Path(__file__).resolve().parent.parent / "data" / "knowledge"


@pytest.fixture(scope="module")
def passages():
    return load_passages(KNOWLEDGE)


def by_section(passages, section):
    return [p for p in passages if p.section == section]


def test_each_bullet_becomes_a_passage_with_its_heading_path_and_bold_lead_in(passages):
    [sleep] = by_section(passages, "Benefits of Cranial Sacral Therapy › Improved Sleep Patterns")
    assert sleep.kind == "item"
    assert sleep.text.startswith("Improved Sleep Patterns: CST encourages relaxation")


@pytest.mark.parametrize(
    "section",
    [
        "Benefits of Somato-Emotional Release › Resolution of Emotional Trauma",
        "Benefits of Somato-Emotional Release › Improved Coping Mechanisms",
        "How Somato-Emotional Release Works › Key Components of SER › Facilitated Release",
        "What to Expect During a Session › Key Elements of a Session › Gentle Techniques",
        "How CST Works › The Sacrum",
    ],
)
def test_nested_and_numbered_list_items_are_all_found(passages, section):
    assert len(by_section(passages, section)) == 1


def test_a_bare_list_item_is_shown_with_its_lead_in(passages):
    [item] = [p for p in passages if p.section.endswith("› Fibromyalgia and chronic fatigue syndrome")]
    assert item.text == (
        "CST and SER can benefit a wide range of individuals, including those experiencing: "
        "fibromyalgia and chronic fatigue syndrome."
    )


def test_a_section_with_a_list_also_has_an_overview_of_the_list(passages):
    [overview] = [
        p for p in by_section(passages, "Benefits of Somato-Emotional Release") if p.kind == "overview"
    ]
    assert "Resolution of Emotional Trauma; Reduction of Chronic Pain" in overview.text


def test_formatting_noise_is_removed(passages):
    for passage in passages:
        assert "<sup>" not in passage.text and "**" not in passage.text
        assert passage.text.strip() not in {"", "-"}
    assert not any(p.text.endswith("health.1") for p in passages)


def test_footnotes_are_not_knowledge(passages):
    assert not any("Footnotes" in p.section for p in passages)
    assert not any("Green, C., & Mulligan" in p.text for p in passages)


def test_the_document_title_is_not_part_of_heading_paths(passages):
    assert not any(p.section.startswith("Cranial Sacral Therapy and Somato-Emotional") for p in passages)


def test_passage_ids_are_unique_and_stable(passages):
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))
    assert ids == [p.id for p in load_passages(KNOWLEDGE)]
    assert "cst-ser-article/benefits-of-cranial-sacral-therapy/improved-sleep-patterns" in ids


def test_editing_one_passage_keeps_the_ids_of_the_others():
    original = "# T\n\n## A\n\nFirst text.\n\n## B\n\n- **One:** x\n- **Two:** y\n"
    edited = original.replace("First text.", "First text, now longer.")
    assert [p.id for p in passages_from_markdown(original, "k.md")] == [
        p.id for p in passages_from_markdown(edited, "k.md")
    ]


def test_every_markdown_file_in_the_knowledge_folder_is_ingested(tmp_path):
    (tmp_path / "a.md").write_text("# Doc\n\n## Opening hours\n\nWe are open on weekdays.\n")
    (tmp_path / "b.md").write_text("## Parking\n\nThere is parking behind the clinic.\n")
    sections = {p.section for p in load_passages(tmp_path)}
    assert sections == {"Opening hours", "Parking"}


def test_alternative_questions_attach_to_their_section_and_unknown_sections_are_an_error(tmp_path):
    (tmp_path / "a.md").write_text("## Parking\n\nThere is parking behind the clinic.\n")
    (tmp_path / "a.questions.yml").write_text('"Parking":\n  - Where can I leave my car?\n')
    [parking] = load_passages(tmp_path)
    assert "Where can I leave my car?" in parking.search_texts()
    (tmp_path / "a.questions.yml").write_text('"Prices":\n  - How much?\n')
    with pytest.raises(ValueError, match="Prices"):
        load_passages(tmp_path)


def test_heading_paths_use_the_documented_separator(passages):
    assert any(PATH_SEPARATOR in p.section for p in passages)
