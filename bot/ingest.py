"""Markdown knowledge files → passages that follow the document's structure.

A passage is one paragraph of prose, or one list item, carrying the path of headings above it.
Sections with a list also get an overview passage (the lead-in plus the items' names), because
"what are the benefits of SER?" is best answered by the list, not by one of its items.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from bot.query import canonical_names, expand_acronyms

PATH_SEPARATOR = " › "
# Reference lists are not knowledge to relay (and the article's footnote 2 is unreliable).
SKIPPED_SECTIONS = re.compile(r"^(footnotes?|references|sources)\b", re.IGNORECASE)

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(.*)$")
_EMPTY_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s*$")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
_BOLD_LEAD = re.compile(r"^\*\*(.+?):?\*\*:?\s*(.*)$")


@dataclass(frozen=True)
class Passage:
    """One retrievable unit of knowledge."""

    id: str
    section: str  # heading path, e.g. "Benefits of Cranial Sacral Therapy › Improved Sleep Patterns"
    text: str  # what the assistant shows: clean, self-contained prose
    source: str  # knowledge file name
    kind: str = "paragraph"  # paragraph | item | overview
    questions: tuple[str, ...] = ()  # alternative questions that this passage answers

    @property
    def headings(self) -> list[str]:
        return self.section.split(PATH_SEPARATOR)

    def search_texts(self) -> list[str]:
        """What the passage is indexed under: its text with its nearest headings (which carry the
        topic, "SER" or "benefits", that an item often omits), and those headings alone, since
        the article's headings read like the questions people ask ("What is SER?")."""
        nearest = PATH_SEPARATOR.join(self.headings[-2:] if self.kind == "item" else self.headings[-1:])
        texts = [f"{nearest}: {self.text}", nearest]
        sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z])", self.text)
        if len(sentences) > 1:  # one fact in a long paragraph should not drown in the others
            texts += [f"{self.headings[-1]}: {sentence}" for sentence in sentences]
        texts += self.questions
        return [expand_acronyms(canonical_names(t)) for t in texts]


def clean_inline(text: str) -> str:
    """Remove formatting noise: footnote marks, emphasis markers, HTML tags, extra spaces."""
    text = re.sub(r"<sup>.*?</sup>", "", text, flags=re.IGNORECASE | re.DOTALL)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)\*(\S[^*]*?)\*(?!\w)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


@dataclass
class _Section:
    headings: list[str]
    paragraphs: list[str]
    items: list[str]
    paragraphs_before_list: int = -1  # -1: no list


def _split_sections(markdown: str) -> list[_Section]:
    """Group lines under their heading path; the document title (first H1) is not part of paths."""
    sections: list[_Section] = []
    stack: list[tuple[int, str]] = []
    current = _Section([], [], [])
    paragraph: list[str] = []
    title_seen = False

    def flush_paragraph() -> None:
        if paragraph:
            current.paragraphs.append(" ".join(paragraph))
            paragraph.clear()

    for raw in markdown.splitlines():
        line = raw.rstrip()
        heading = _HEADING.match(line)
        if heading:
            flush_paragraph()
            sections.append(current)
            level, title = len(heading.group(1)), clean_inline(heading.group(2)).rstrip(":")
            if level == 1 and not title_seen:
                title_seen = True
                stack = []
                current = _Section([], [], [])
                continue
            stack = [(lvl, t) for lvl, t in stack if lvl < level] + [(level, title)]
            current = _Section([t for _, t in stack], [], [])
        elif _RULE.match(line) or _EMPTY_LIST_ITEM.match(line):
            flush_paragraph()
        elif item := _LIST_ITEM.match(line):
            flush_paragraph()
            if not current.items:
                current.paragraphs_before_list = len(current.paragraphs)
            current.items.append(item.group(1).strip())
        elif not line.strip():
            flush_paragraph()
        elif current.items and raw.startswith((" ", "\t")):
            current.items[-1] += " " + line.strip()  # continuation of a list item
        else:
            paragraph.append(line.strip())
    flush_paragraph()
    sections.append(current)
    return [s for s in sections if s.headings and (s.paragraphs or s.items)]


def _item_parts(item: str) -> tuple[str, str]:
    """Split "**Lead-in:** body" into ("Lead-in", "body"); plain items have no lead-in."""
    bold = _BOLD_LEAD.match(item.strip())
    if bold:
        return clean_inline(bold.group(1)).rstrip(":"), clean_inline(bold.group(2))
    return "", clean_inline(item)


def _split_list_lead(section: _Section) -> tuple[list[str], str]:
    """Separate the paragraphs that stand alone from the short ones that introduce the list.

    "CST offers a wide range of benefits. Some of the most commonly reported include:" says
    nothing alone; it belongs at the head of the list's overview.
    """
    if section.paragraphs_before_list < 0:
        return section.paragraphs, ""
    before = section.paragraphs[: section.paragraphs_before_list]
    after = section.paragraphs[section.paragraphs_before_list :]
    lead: list[str] = []
    while (before and before[-1].rstrip().endswith(":")) or (lead and before and len(before[-1]) < 150):
        lead.insert(0, before.pop())
    return before + after, clean_inline(" ".join(lead))


def passages_from_markdown(markdown: str, source: str) -> list[Passage]:
    passages: list[Passage] = []
    seen_ids: set[str] = set()

    def add(headings: list[str], text: str, kind: str) -> None:
        text = clean_inline(text)
        if not text:
            return
        base = "/".join([slugify(source.removesuffix(".md"))] + [slugify(h)[:40] for h in headings])
        pid, n = base, 2
        while pid in seen_ids:  # several paragraphs in one section: number them in order
            pid, n = f"{base}-{n}", n + 1
        seen_ids.add(pid)
        passages.append(Passage(pid, PATH_SEPARATOR.join(headings), text, source, kind))

    for section in _split_sections(markdown):
        if SKIPPED_SECTIONS.match(section.headings[-1]):
            continue
        paragraphs, lead = _split_list_lead(section)
        lead = lead or f"{section.headings[-1]}:"
        for paragraph in paragraphs:
            add(section.headings, paragraph, "paragraph")
        if not section.items:
            continue
        parts = [_item_parts(item) for item in section.items]
        names = "; ".join(name or body for name, body in parts)
        add(section.headings, f"{lead} {names}.", "overview")
        for name, body in parts:
            if name:
                add([*section.headings, name], f"{name}: {body}", "item")
            else:
                # A bare item ("Chronic pain conditions") only makes sense after its lead-in.
                shown = f"{lead} {body[:1].lower()}{body[1:]}."
                add([*section.headings, body], shown, "item")
    return passages


def questions_file(markdown_file: Path) -> Path:
    return markdown_file.with_name(markdown_file.name.removesuffix(".md") + ".questions.yml")


def attach_questions(passages: list[Passage], questions: dict[str, list[str]], origin: str) -> list[Passage]:
    """Give each passage the alternative questions listed for its section. A section may be named
    by its full heading path or by its last headings ("What is Somato-Emotional Release (SER)?")."""

    def names(section: str, key: str) -> bool:
        return section == key or section.endswith(PATH_SEPARATOR + key)

    unknown = [key for key in questions if not any(names(p.section, key) for p in passages)]
    if unknown:
        raise ValueError(f"{origin}: no such section(s) in the article: {sorted(unknown)}")
    return [
        replace(p, questions=tuple(q for key, qs in questions.items() if names(p.section, key) for q in qs))
        for p in passages
    ]


def load_passages(knowledge_dir: Path) -> list[Passage]:
    """Every *.md in the knowledge folder, in name order so that ids and the index are stable."""
    passages: list[Passage] = []
    for path in sorted(knowledge_dir.glob("*.md")):
        found = passages_from_markdown(path.read_text(encoding="utf-8"), path.name)
        extra = questions_file(path)
        if extra.exists():
            found = attach_questions(
                found, yaml.safe_load(extra.read_text(encoding="utf-8")) or {}, extra.name
            )
        passages.extend(found)
    return passages
