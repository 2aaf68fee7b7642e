"""bot/render.py and its JavaScript twin web/shared/reply-view.js: one definition of how a reply
is shown, with the same labels word for word on both sides."""

from __future__ import annotations

import json
import re

from bot.render import LABELS, display_parts, plain_text
from bot.reply import ReplyType
from bot.settings import PROJECT_DIR

REPLY_VIEW = PROJECT_DIR / "web" / "shared" / "reply-view.js"
LABEL_LINE = re.compile(r'^\s*(\w+)\s*:\s*"((?:[^"\\]|\\.)*)"\s*,?\s*$')


def js_labels() -> dict[str, str]:
    """The LABELS object of reply-view.js, one `type: "label",` per line."""
    source = REPLY_VIEW.read_text(encoding="utf-8")
    block = re.search(r"var LABELS = Object\.freeze\(\{\n(.*?)\n\s*\}\);", source, re.DOTALL)
    assert block, f"no `var LABELS = Object.freeze({{ … }});` block in {REPLY_VIEW}"
    labels: dict[str, str] = {}
    for line in block.group(1).splitlines():
        if not line.strip() or line.strip().startswith("//"):
            continue
        match = LABEL_LINE.match(line)
        assert match, f'reply-view.js LABELS: write one `type: "label",` per line, not {line!r}'
        labels[match.group(1)] = json.loads(f'"{match.group(2)}"')  # JS string escapes, as JSON's
    return labels


def test_the_javascript_labels_are_the_python_labels_word_for_word():
    assert js_labels() == {kind.value: label for kind, label in LABELS.items()}


def test_small_talk_has_no_label_on_either_side():
    assert ReplyType.SMALLTALK not in LABELS
    assert ReplyType.SMALLTALK.value not in js_labels()


def payload(kind: str, **extra) -> dict:
    return {
        "type": kind,
        "answer": "The answer.",
        "source_line": "Source: the article, section A",
        "notes": ["Evidence is limited.", "Not medical advice."],
        "sources": [],
        **extra,
    }


def test_the_label_comes_first_and_the_notes_last():
    parts = display_parts(payload("answer"))
    assert parts.label == LABELS[ReplyType.ANSWER]
    assert parts.lines() == [
        LABELS[ReplyType.ANSWER],
        "The answer.",
        "Source: the article, section A",
        "Evidence is limited.",
        "Not medical advice.",
    ]
    assert plain_text(payload("answer")) == "\n\n".join(parts.lines())
    assert plain_text(payload("answer")).startswith(LABELS[ReplyType.ANSWER] + "\n\n")
    assert plain_text(payload("answer")).endswith("\n\nNot medical advice.")


def test_an_emergency_is_urgent_and_nothing_else_is():
    assert display_parts(payload("emergency")).urgent
    assert display_parts(payload("emergency")).label == LABELS[ReplyType.EMERGENCY]
    assert not any(display_parts(payload(kind.value)).urgent for kind in ReplyType if kind != "emergency")


def test_small_talk_and_an_unknown_type_have_no_label():
    for kind in ("smalltalk", "something_new", ""):
        parts = display_parts(payload(kind))
        assert parts.label is None
        assert not parts.urgent
        assert parts.lines()[0] == "The answer."


def test_a_sparse_payload_shows_only_what_it_has():
    parts = display_parts({"type": "smalltalk", "answer": "Hello!"})
    assert parts.lines() == ["Hello!"]
    assert parts.notes == ()
    assert plain_text({"type": "smalltalk", "answer": "Hello!"}) == "Hello!"


def test_a_source_link_is_shown_only_when_it_is_a_web_address():
    linked = display_parts(
        {"type": "answer", "answer": "A", "source_line": "Source: S.", "source_url": "https://e.org/a#s"}
    )
    assert linked.source_url == "https://e.org/a#s" and "Source: S. https://e.org/a#s" in linked.lines()
    script = display_parts(
        {"type": "answer", "answer": "A", "source_line": "Source: S.", "source_url": "javascript:x"}
    )
    assert script.source_url == "" and "Source: S." in script.lines()
