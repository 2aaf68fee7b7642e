"""Markdown knowledge becomes passages that follow the document's structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.ingest import PATH_SEPARATOR, load_passages, passages_from_markdown
from bot.settings import PROJECT_DIR

KNOWLEDGE = PROJECT_DIR / "data" / "knowledge"
MARKUP = Path(__file__).parent / "fixtures" / "markup.md"


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


# Markup that CommonMark allows and a visitor would see rendered (fixtures/markup.md).


@pytest.fixture(scope="module")
def markup():
    return passages_from_markdown(MARKUP.read_text(encoding="utf-8"), MARKUP.name)


def texts_in(passages, section):
    return [p.text for p in by_section(passages, section)]


def test_underlined_headings_are_headings_and_the_first_underlined_title_is_the_document_title(markup):
    sections = {p.section for p in markup}
    assert {"About Us", "About Us › Prices", "About Us › Parking"} <= sections
    assert not any("Visiting the Clinic" in s or "===" in s or "---" in s for s in sections)


def test_links_show_their_text_and_autolinks_keep_their_url(markup):
    [about, *_] = texts_in(markup, "About Us")
    assert about.startswith("We trained at the Upledger Institute & we keep learning.")
    assert about.endswith("Read more at https://example.com/about.")
    assert "upledger.com" not in about and "](" not in about


def test_html_entities_are_decoded(markup):
    assert not any("&amp;" in p.text or "&nbsp;" in p.text for p in markup)
    assert "Service: CST session; Price: $90; Duration: 60 minutes" in texts_in(markup, "About Us › Prices")


def test_block_quotes_are_indexed_without_their_markers(markup):
    assert "Our practice is gentle and unhurried." in texts_in(markup, "About Us")
    assert not any(p.text.startswith(">") for p in markup)


def test_each_table_row_reads_as_its_cells_named_by_their_column_and_empty_cells_are_left_out(markup):
    assert texts_in(markup, "About Us › Prices") == [
        "Service: CST session; Price: $90; Duration: 60 minutes",
        "Service: SER session; Price: $110",
    ]
    assert not any("|" in p.text for p in markup)


def test_code_blocks_are_not_knowledge(markup):
    assert not any("booking" in p.text or "code sample" in p.text or "```" in p.text for p in markup)


def test_footnote_marks_html_tags_and_emphasis_markers_are_removed(markup):
    assert texts_in(markup, "About Us › Parking") == ["Parking is free behind the clinic."]
    assert not any(mark in p.text for p in markup for mark in ("<", "*", "__", "learning.1"))
    assert not any("Footnotes" in p.section for p in markup)


def test_a_list_item_that_is_all_bold_is_a_bare_item_shown_with_its_lead_in(markup):
    [item] = by_section(markup, "About Us › Preparing for a Session › A list of questions")
    assert item.text == "Before you come: a list of questions."


def test_a_table_row_never_becomes_the_lead_in_of_the_list_after_it():
    markdown = "## Hours\n\n| Day | Open |\n|---|---|\n| Monday | 9-5 |\n\nWe also offer:\n\n- Home visits\n"
    [row, overview, item] = passages_from_markdown(markdown, "k.md")
    assert row.text == "Day: Monday; Open: 9-5"
    assert overview.text == "We also offer: Home visits."
    assert item.text == "We also offer: home visits."
