"""Redact personal identifiers from user text before it is stored or logged: email addresses,
phone numbers, street addresses, dates (of birth) and names people give ("my name is …").
The assistant still answers from the original text in memory; only what is kept is redacted."""

from __future__ import annotations

import re

from bot.settings import STORED_MESSAGE_CHARS

_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_STREET_TYPES = r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd|way|court|ct|place|pl|terrace|close|crescent|square|sq|parkway|pkwy|highway|hwy|strasse|straße)"
_NAME_WORD = r"[A-Z][a-zA-Z'’-]+"

_RULES: list[tuple[re.Pattern[str], str]] = [
    # Starts only where a word starts: tried at every letter of a long word it was quadratic.
    (re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
    # Dates: 12/03/1985, 1985-03-12, 12 March 1985, March 12th, 1985
    (re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b"), "[date]"),
    (re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b"), "[date]"),
    (re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?(?: of)? {_MONTHS}\.?,? \d{{4}}\b", re.I), "[date]"),
    (re.compile(rf"\b{_MONTHS}\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b", re.I), "[date]"),
    (
        re.compile(r"\b(?:born (?:on|in)|date of birth|dob|birthday)\b[:\s]*[^,.;!?]{1,30}", re.I),
        "[date of birth]",
    ),
    # Street addresses: "12 Oak Street", "221B Baker St", and UK postcodes
    (re.compile(rf"\b\d{{1,5}}[A-Za-z]?(?: [A-Z][a-zA-Z]+){{1,3}} {_STREET_TYPES}\b\.?", re.I), "[address]"),
    (re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"), "[postcode]"),
    # Phone numbers: 7+ digits with the usual separators
    (re.compile(r"(?<![\w/])\+?\(?\d(?:[\d\s().-]{5,}\d)(?![\w/])"), "[phone]"),
    # Titles first ("This is Dr. Okafor": the name is Okafor, not "Dr")
    (re.compile(rf"\b((?:Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+){_NAME_WORD}"), r"\1[name]"),
    # Names people give
    # (the lead is matched in any case, the name only when capitalised: "call me on +44 …" has none)
    (
        re.compile(
            rf"\b((?i:my name is|my name's|name is|call me|this is|i am called|i'm called|signed)\s+)(?!(?:Dr|Mr|Mrs|Ms|Miss|Prof)\b)(?:{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,2}}"
        ),
        r"\1[name]",
    ),
    (re.compile(r"\b(my name is\s+)(?!\[name\])\w+(?: (?!and\b|i\b|im\b)[a-z]+\b)?", re.I), r"\1[name]"),
    # Relatives named ("my son Tom"), "I'm Zelda"
    (
        re.compile(
            r"\b((?i:my|our) (?i:son|daughter|child|kid|boy|girl|baby|husband|wife|partner|mum|mom|dad|mother|"
            rf"father|brother|sister|friend|grandson|granddaughter),?\s+){_NAME_WORD}"
        ),
        r"\1[name]",
    ),
    (re.compile(rf"\b((?i:i'm|i’m|i am|im)\s+){_NAME_WORD}"), lambda m: _unless_common(m)),
]
# Capitalised words that follow "I'm" without being a name.
_NOT_NAMES = frozenset(
    ["sorry", "fine", "good", "ok", "okay", "not", "so", "here", "new", "just", "in", "at", "on", "a", "an", "the", "from", "very", "really", "also", "still", "pregnant", "happy", "glad", "interested", "looking", "wondering", "curious", "worried", "scared", "afraid", "anxious", "tired", "unsure", "sure", "trying", "having", "going", "calling", "writing", "asking", "hoping", "thinking", "english", "british", "american", "a"]
)


def _unless_common(match: re.Match) -> str:
    word = match.group(0)[len(match.group(1)) :]
    return match.group(0) if word.lower() in _NOT_NAMES else f"{match.group(1)}[name]"


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def redact(text: str) -> str:
    for pattern, replacement in _RULES:
        if replacement == "[phone]":
            text = pattern.sub(lambda m: "[phone]" if _digits(m.group(0)) >= 7 else m.group(0), text)
        else:
            text = pattern.sub(replacement, text)
    return text


def redact_strings(value: object) -> object:
    """`value` with every string in it redacted, however deeply nested."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_strings(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_strings(item) for item in value]
    return value


def redact_event(event: dict) -> dict:
    """A stored event with its user text (and the NLU's copy of it) redacted, and a reply's text
    and payload too: a reply can quote the question ("…doesn't mention <what you asked>")."""
    if event.get("event") == "bot":
        return {**event, "text": redact_strings(event.get("text")), "data": redact_strings(event.get("data"))}
    if event.get("event") != "user":
        return event
    redacted = dict(event)
    if isinstance(redacted.get("text"), str):
        redacted["text"] = redact(redacted["text"])
    parse_data = redacted.get("parse_data")
    if isinstance(parse_data, dict):
        parse_data = dict(parse_data)
        if isinstance(parse_data.get("text"), str):
            parse_data["text"] = redact(parse_data["text"])
        # Entity values and the classifier's ranking are derived from the text: keep names only.
        parse_data["entities"] = [{"entity": e.get("entity")} for e in parse_data.get("entities") or []]
        parse_data.pop("response_selector", None)
        parse_data.pop("metadata", None)  # the channel's metadata: never stored
        redacted["parse_data"] = parse_data
    redacted.pop("metadata", None)
    return redacted


def shortened(stored: dict, limit: int = STORED_MESSAGE_CHARS) -> dict:
    """A user event whose text keeps its head (what the assistant answers) and its longer tail
    (what the next turns' crisis screen reads of it: "…I've felt hopeless for months"), with a
    note of how much was left out between them."""
    text = stored.get("text")
    if stored.get("event") != "user" or not isinstance(text, str) or len(text) <= limit:
        return stored
    head, tail = limit // 5, limit - limit // 5
    cut = f"{text[:head]} […{len(text) - limit} characters not kept…] {text[-tail:]}"
    parse_data = stored.get("parse_data")
    if isinstance(parse_data, dict):
        return {**stored, "text": cut, "parse_data": {**parse_data, "text": cut}}
    return {**stored, "text": cut}


def stored_form(event: dict) -> dict:
    """What the tracker store keeps of an event: redacted, and a user message shortened."""
    return shortened(redact_event(event))
