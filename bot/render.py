"""A reply payload → the parts a person sees, in the order they see them. Defined once for every
Python client (Slack, the terminal shell, the end-to-end client); web/shared/reply-view.js is
its JavaScript twin for the widget and the console, with the same labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.reply import ReplyType

# The label above each kind of reply (small talk has none). Mirrored in
# web/shared/reply-view.js; a test checks that both say the same.
LABELS: dict[ReplyType, str] = {
    ReplyType.ANSWER: "From the clinic's article",
    ReplyType.NO_ANSWER: "Not covered by the article",
    ReplyType.OUT_OF_SCOPE: "Outside what I can help with",
    ReplyType.EMERGENCY: "Urgent — please read",
    ReplyType.MEDICAL_BOUNDARY: "Please talk to a health professional",
    ReplyType.CLINIC_INFO: "Clinic information",
    ReplyType.EVIDENCE: "About the evidence",
}


@dataclass(frozen=True)
class DisplayParts:
    type: str
    label: str | None  # shown above the answer, for the types in LABELS
    answer: str
    source_line: str
    source_url: str  # the source section's address, when the clinic publishes the article
    notes: tuple[str, ...]
    urgent: bool  # an emergency: shown as an alert

    def lines(self) -> list[str]:
        """The parts as lines of plain text, label first."""
        source = f"{self.source_line} {self.source_url}" if self.source_url else self.source_line
        return [part for part in (self.label, self.answer, source, *self.notes) if part]


def display_parts(payload: dict[str, Any]) -> DisplayParts:
    kind = str(payload.get("type", ""))
    label = next((text for t, text in LABELS.items() if t.value == kind), None)
    return DisplayParts(
        type=kind,
        label=label,
        answer=str(payload.get("answer", "")),
        source_line=str(payload.get("source_line", "")),
        source_url=safe_url(payload.get("source_url")),
        notes=tuple(str(note) for note in payload.get("notes", [])),
        urgent=kind == ReplyType.EMERGENCY.value,
    )


def safe_url(value: object) -> str:
    """An http(s) address, or "" (a link must never run script: "javascript:…")."""
    text = str(value or "")
    return text if re.match(r"https?://[^\s<>|]+$", text) else ""


def plain_text(payload: dict[str, Any]) -> str:
    """The reply for a terminal: its parts one per paragraph."""
    return "\n\n".join(display_parts(payload).lines())
