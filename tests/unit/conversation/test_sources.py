"""A visitor who asks for the article's sources gets its reference list, less what could not be
verified; a question that only says "source" or "book" about something else does not."""

from __future__ import annotations

import pytest

from bot.conversation.sources import asks_for_sources, compose_sources
from bot.knowledge.ingest import Reference, load_references
from bot.reply import ReplyType
from bot.settings import PROJECT_DIR


@pytest.mark.parametrize(
    "text",
    [
        "where does your information come from, do you have any sources",
        "are there books about it? where can i read more",
        "what book did upledger write on somatoemotional release?",
        "any references for all this?",
    ],
)
def test_asking_for_sources_or_more_to_read(text):
    assert asks_for_sources(text)


@pytest.mark.parametrize(
    "text",
    [
        "what is the source of the cerebrospinal fluid?",
        "Who was Vredevoogd, the co-author on Upledger's book?",
        "can I book a session?",
    ],
)
def test_other_questions_ask_for_no_reading_list(text):
    assert not asks_for_sources(text)


def test_the_article_references_are_listed_without_the_one_that_could_not_be_verified():
    references = load_references(PROJECT_DIR / "data" / "knowledge")
    texts = " ".join(r.text for r in references)
    assert "SomatoEmotional Release and Beyond" in texts
    assert "Mulligan" not in texts  # evidence-and-safety.md: not found as cited
    reply = compose_sources(references)
    assert reply.type is ReplyType.ANSWER and reply.sources[0].section == "Footnotes"
    assert "Eastland Press" in reply.body and "proven" in reply.body


def test_a_knowledge_without_references_says_so():
    reply = compose_sources([])
    assert reply.type is ReplyType.NO_ANSWER and reply.missing


def test_a_reference_keeps_the_section_it_came_from():
    reference = Reference("Someone (2001). A Book.", "Footnotes", "article.md")
    assert compose_sources([reference]).source_line.endswith("“Footnotes”.")


def test_references_from_clients_are_testimonials_not_sources():
    assert not asks_for_sources("any references from former clients?")


def test_an_unverified_list_must_be_a_list(tmp_path):
    (tmp_path / "a.md").write_text("# A\n\nText.\n\n## Footnotes\n\n1. Someone (2001). A Book.\n")
    (tmp_path / "a.references.yml").write_text("unverified: Someone\n")
    with pytest.raises(ValueError, match="list"):
        load_references(tmp_path)


def test_an_unverified_citation_is_matched_without_spacing_or_case(tmp_path):
    footnotes = "1. Green, C. & Mulligan (1999). X.\n2. Kept (2001).\n"
    (tmp_path / "a.md").write_text(f"# A\n\nText.\n\n## Footnotes\n\n{footnotes}")
    (tmp_path / "a.references.yml").write_text("unverified:\n  - 'green, c.  &  mulligan'\n")
    assert [r.text for r in load_references(tmp_path)] == ["Kept (2001)."]
