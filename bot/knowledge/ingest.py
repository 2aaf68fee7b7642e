"""Markdown knowledge files → passages that follow the document's structure.

A passage is one paragraph of prose, one list item, or one table row, carrying the path of headings
above it. Sections with a list also get an overview passage (the lead-in plus the items' names),
because "what are the benefits of SER?" is best answered by the list, not by one of its items.

The Markdown is parsed by markdown-it (CommonMark plus tables) rather than line by line, so that
whatever CommonMark allows (underlined headings, links, entities, block quotes, code) reads the way
a visitor would see it rendered.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode

from bot.knowledge.passage import PATH_SEPARATOR, Passage, PassageKind

# Reference lists are not knowledge to relay (and the article's footnote 2 is unreliable).
SKIPPED_SECTIONS = re.compile(r"^(footnotes?|references|sources)\b", re.IGNORECASE)

_MARKDOWN = MarkdownIt("commonmark").enable("table")

# Joins the paragraphs of one list item, as a renderer would put them one after the other.
_PARAGRAPH_BREAK = Token("softbreak", "br", 0)

_SUP_OPEN = re.compile(r"<sup\b", re.IGNORECASE)
_SUP_CLOSE = re.compile(r"</sup\s*>", re.IGNORECASE)
_BREAK_TAG = re.compile(r"<br\b", re.IGNORECASE)
# In a raw HTML block: comments, scripts and footnote marks are not words a visitor reads.
_HTML_NOISE = re.compile(r"<!--.*?-->|<(script|style|sup)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^>]+>")

# Below this length, a paragraph just before a list's "…include:" line still introduces the list.
_SHORT_LEAD = 150


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def _plain_text(tokens: Sequence[Token]) -> str:
    """The words a reader sees in rendered inline Markdown: link texts (an autolink's text is its
    URL), decoded entities, code; no emphasis markers, images, HTML tags or <sup> footnote marks."""
    words: list[str] = []
    in_sup = 0
    for token in tokens:
        if token.type == "html_inline":
            if _SUP_OPEN.match(token.content):
                in_sup += 1
            elif _SUP_CLOSE.match(token.content):
                in_sup = max(0, in_sup - 1)
            elif _BREAK_TAG.match(token.content):
                words.append(" ")
        elif in_sup:
            continue
        elif token.type in ("text", "text_special", "code_inline"):
            words.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            words.append(" ")
    return _squash("".join(words))


def _html_text(source: str) -> str:
    """A raw HTML block's words, so that knowledge written as HTML is not lost."""
    return _squash(html.unescape(_HTML_TAG.sub("", _HTML_NOISE.sub("", source))))


def _inline_tokens(node: SyntaxTreeNode) -> list[Token]:
    """The inline tokens of a paragraph, heading or table cell."""
    return [
        token for child in node.children if child.type == "inline" for token in child.token.children or []
    ]


@dataclass
class _Section:
    headings: list[str]
    paragraphs: list[str] = field(default_factory=list)
    items: list[list[Token]] = field(default_factory=list)  # nested lists flattened, in reading order
    paragraphs_before_list: int = -1  # -1: no list
    table_rows: set[int] = field(default_factory=set)  # indexes in paragraphs; a row never leads a list

    def add_item(self, tokens: list[Token]) -> None:
        if not _plain_text(tokens):
            return  # an empty bullet ("- ") is a typing leftover, not an item
        if not self.items:
            self.paragraphs_before_list = len(self.paragraphs)
        self.items.append(tokens)


class _SectionBuilder:
    """Walks the parsed document and groups its text under heading paths. The document title
    (first H1) is not part of paths, and text between it and the next heading is not indexed."""

    def __init__(self) -> None:
        self.sections: list[_Section] = [_Section([])]
        self.path: list[tuple[int, str]] = []
        self.title_seen = False

    @property
    def current(self) -> _Section:
        return self.sections[-1]

    def visit(self, node: SyntaxTreeNode) -> None:
        if node.type == "heading":
            self.heading(node)
        elif node.type == "paragraph":
            self.add_paragraph(_plain_text(_inline_tokens(node)))
        elif node.type in ("bullet_list", "ordered_list"):
            for item in node.children:
                self.list_item(item)
        elif node.type == "table":
            self.table(node)
        elif node.type == "html_block":
            self.add_paragraph(_html_text(node.content))
        elif node.type in ("fence", "code_block"):
            return  # code shows how something is written, it is not knowledge to relay
        else:  # the document itself, block quotes: their content reads as ordinary text
            for child in node.children:
                self.visit(child)

    def heading(self, node: SyntaxTreeNode) -> None:
        level, title = int(node.tag[1:]), _plain_text(_inline_tokens(node)).rstrip(":")
        if level == 1 and not self.title_seen:
            self.title_seen = True
            self.path = []
            self.sections.append(_Section([]))
            return
        self.path = [(lvl, t) for lvl, t in self.path if lvl < level] + [(level, title)]
        self.sections.append(_Section([t for _, t in self.path]))

    def add_paragraph(self, text: str) -> None:
        if text:
            self.current.paragraphs.append(text)

    def list_item(self, item: SyntaxTreeNode) -> None:
        """An item's own paragraphs make its text; the items of a nested list follow it as further
        items of the same list (the article indents items it means as siblings)."""
        tokens: list[Token] = []
        for child in item.children:
            if child.type == "paragraph":
                if tokens:
                    tokens.append(_PARAGRAPH_BREAK)
                tokens.extend(_inline_tokens(child))
        self.current.add_item(tokens)
        for child in item.children:
            if child.type != "paragraph":
                self.visit(child)

    def table(self, node: SyntaxTreeNode) -> None:
        """One passage per row, each cell named by its column: "Service: CST; Price: $90"."""
        rows = [
            [_plain_text(_inline_tokens(cell)) for cell in row.children]
            for part in node.children  # thead, tbody
            for row in part.children
        ]
        header = rows[0] if rows else []
        for cells in rows[1:]:
            pairs = zip(header, cells, strict=False)  # markdown-it pads short rows; never fail on one
            named = [f"{name}: {cell}" if name else cell for name, cell in pairs if cell]
            if named:
                self.current.table_rows.add(len(self.current.paragraphs))
                self.add_paragraph("; ".join(named))


def _split_sections(markdown: str) -> list[_Section]:
    builder = _SectionBuilder()
    builder.visit(SyntaxTreeNode(_MARKDOWN.parse(markdown)))
    return [s for s in builder.sections if s.headings and (s.paragraphs or s.items)]


def _closing_index(tokens: Sequence[Token], opening: int) -> int:
    """Where the emphasis opened at tokens[opening] closes (or the end, if it never does)."""
    depth = 0
    for index in range(opening, len(tokens)):
        if tokens[index].type == tokens[opening].type:
            depth += 1
        elif tokens[index].type == tokens[opening].type.replace("_open", "_close"):
            depth -= 1
            if depth == 0:
                return index
    return len(tokens)


def _item_parts(tokens: list[Token]) -> tuple[str, str]:
    """Split "**Lead-in:** body" into ("Lead-in", "body"); plain items have no lead-in."""
    while tokens and tokens[0].type == "text" and not tokens[0].content.strip():
        tokens = tokens[1:]
    if tokens and tokens[0].type == "strong_open":
        close = _closing_index(tokens, 0)
        name = _plain_text(tokens[1:close]).rstrip(":")
        body = _plain_text(tokens[close + 1 :]).removeprefix(":").strip()
        if name and body:  # an item that is all bold is a bare item, not a name without a body
            return name, body
    return "", _plain_text(tokens)


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

    def introduces_list(paragraph: str) -> bool:
        return paragraph.endswith(":") or bool(lead and len(paragraph) < _SHORT_LEAD)

    while before and len(before) - 1 not in section.table_rows and introduces_list(before[-1]):
        lead.insert(0, before.pop())
    return before + after, " ".join(lead)


def passages_from_markdown(markdown: str, source: str) -> list[Passage]:
    passages: list[Passage] = []
    seen_ids: set[str] = set()

    def add(headings: list[str], text: str, kind: PassageKind) -> None:
        text = _squash(text)
        if not text:
            return
        base = "/".join([slugify(source.removesuffix(".md"))] + [slugify(h)[:40] for h in headings])
        pid, n = base, 2
        while pid in seen_ids:  # several paragraphs in one section: number them in order
            pid, n = f"{base}-{n}", n + 1
        seen_ids.add(pid)
        passages.append(Passage(pid, tuple(headings), text, source, kind))

    for section in _split_sections(markdown):
        if SKIPPED_SECTIONS.match(section.headings[-1]):
            continue
        paragraphs, lead = _split_list_lead(section)
        lead = lead or f"{section.headings[-1]}:"
        for paragraph in paragraphs:
            add(section.headings, paragraph, PassageKind.PARAGRAPH)
        if not section.items:
            continue
        parts = [_item_parts(item) for item in section.items]
        names = "; ".join(name or body for name, body in parts)
        add(section.headings, f"{lead} {names}.", PassageKind.OVERVIEW)
        for name, body in parts:
            if name:
                add([*section.headings, name], f"{name}: {body}", PassageKind.ITEM)
            else:
                # A bare item ("Chronic pain conditions") only makes sense after its lead-in.
                shown = f"{lead} {body[:1].lower()}{body[1:]}."
                add([*section.headings, body], shown, PassageKind.ITEM)
    return passages


@dataclass(frozen=True)
class Reference:
    """One entry of a knowledge file's reference list (its "Footnotes" section)."""

    text: str
    section: str  # the heading path as people read it
    source: str  # the knowledge file


def references_from_markdown(markdown: str, source: str) -> list[Reference]:
    """The reference lists that passages skip: relayed only when a visitor asks for the sources."""
    return [
        Reference(_squash(" ".join(filter(None, _item_parts(item)))), _path(section), source)
        for section in _split_sections(markdown)
        if SKIPPED_SECTIONS.match(section.headings[-1])
        for item in section.items
    ]


def _plain(text: str) -> str:
    """A citation compared without case, punctuation or spacing differences."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _path(section: _Section) -> str:
    return PATH_SEPARATOR.join(section.headings)


def load_references(knowledge_dir: Path) -> list[Reference]:
    """Every knowledge file's references, less those its <file>.references.yml marks unverified
    (a citation that could not be found as cited is not repeated as a source)."""
    found: list[Reference] = []
    for path in sorted(knowledge_dir.glob("*.md")):
        listed = path.with_name(path.name.removesuffix(".md") + ".references.yml")
        marked = yaml.safe_load(listed.read_text(encoding="utf-8")) or {} if listed.exists() else {}
        unverified = marked.get("unverified") or []
        if not isinstance(unverified, list) or not all(isinstance(u, str) and u.strip() for u in unverified):
            raise ValueError(f"{listed.name}: 'unverified' must be a list of the article's citations")
        references = references_from_markdown(path.read_text(encoding="utf-8"), path.name)
        found += [r for r in references if not any(_plain(u) in _plain(r.text) for u in unverified)]
    return found


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
