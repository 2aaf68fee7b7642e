"""Does the assistant answer what was asked, or say what the article doesn't cover (`make eval`;
`make answers-gate` in `make test`)? Measured in-process on three kinds of set, each in the schema
of ../shared/eval/real-questions-dev.yml and scored by that file's rules (as its
score_over_rest.py scores a running server):

- tuning: eval/answers/*.yml — written by us, tuned on;
- dev: ../shared/eval/real-questions-dev.yml — real visitors' questions, the shared development set;
- blind: eval/blind/questions-*.yml — written by a helper who saw neither the code nor the dev
  set. The headline; never tuned on, so its failures are not printed.

Per set: right replies (type, section, caveats as labelled), false answers (a passage shown where
the article is silent), and top-1 / recall@3 of the source section on answerable questions.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.reply import Reply, ReplyType
from bot.settings import PROJECT_DIR
from ops.report import add_write_docs, publish, table

TUNING_DIR = PROJECT_DIR / "eval" / "answers"
DEV_FILE = PROJECT_DIR.parent / "shared" / "eval" / "real-questions-dev.yml"
BLIND_DIR = PROJECT_DIR / "eval" / "blind"

# The shared scorer's checks of a reply's text.
CAVEAT = re.compile(
    r"evidence|not been (scientifically )?(proven|established)|unproven|"
    r"not (a )?substitute|not a replacement",
    re.I,
)
REFER = re.compile(
    r"doctor|physician|clinician|health ?care (provider|professional)|\bGP\b|"
    r"medical (professional|provider|advice)|"
    r"midwife|pa?ediatrician|your (care )?provider",
    re.I,
)
PRICE = re.compile(r"[$£€]\s?\d|\d+\s?(dollars|euros|pounds)", re.I)


def normalised(text: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", (text or "").lower().replace("_", " "))


@dataclass(frozen=True)
class Case:
    id: str
    turns: tuple[str, ...]
    expect: dict
    section_keys: tuple[str, ...]  # normalised section-path fragments that count as the right section


@dataclass
class Score:
    right: int = 0
    total: int = 0
    false_answers: int = 0
    silent: int = 0  # cases where the article is silent (type_not: answer)
    top1: int = 0
    top3: int = 0
    answerable: int = 0
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # id, message, why

    def rate(self, part: int, whole: int) -> str:
        return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def load_cases(path: Path) -> list[Case]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    fragments = raw.get("sections") or {}
    cases = []
    for case in raw["cases"]:
        expect = case.get("expect") or {}
        keys = tuple(normalised(k) for s in as_list(expect.get("sections")) for k in fragments[s])
        cases.append(Case(case["id"], tuple(case.get("turns") or [case["text"]]), expect, keys))
    return cases


def problems(case: Case, reply: Reply) -> list[str]:
    """Why a reply is not right for a case (empty when it is), by the shared scorer's rules."""
    kind = reply.type.value
    found = []
    wanted = as_list(case.expect.get("type", "any"))
    if "any" not in wanted and kind not in wanted:
        found.append(f"type {kind}")
    if kind in as_list(case.expect.get("type_not")):
        found.append(f"type {kind} (the article is silent)")
    if case.section_keys and kind == "answer" and not in_section(reply, case.section_keys, 1):
        found.append(f"section {reply.sources[0].section if reply.sources else None}")
    text = reply.text
    if case.expect.get("caveat") and kind == "answer" and not CAVEAT.search(text):
        found.append("no evidence note")
    if case.expect.get("refer") and not REFER.search(text):
        found.append("no referral")
    if case.expect.get("no_invented_price") and PRICE.search(text):
        found.append("a price")
    return found


def in_section(reply: Reply, keys: tuple[str, ...], depth: int) -> bool:
    return any(any(k in normalised(s.section) for k in keys) for s in reply.sources[:depth])


def score(cases: list[Case], ask: Callable[[tuple[str, ...]], Reply]) -> Score:
    result = Score()
    for case in cases:
        reply = ask(case.turns)
        why = problems(case, reply)
        result.total += 1
        result.right += not why
        if why:
            result.failures.append((case.id, case.turns[-1], "; ".join(why)))
        if "answer" in as_list(case.expect.get("type_not")):
            result.silent += 1
            result.false_answers += reply.type is ReplyType.ANSWER
        if case.section_keys and "answer" in as_list(case.expect.get("type")):
            result.answerable += 1
            result.top1 += in_section(reply, case.section_keys, 1)
            result.top3 += in_section(reply, case.section_keys, 3)
    return result


def sets(blind: bool = True) -> dict[str, tuple[list[Case], bool]]:
    """Each set's cases, and whether its failures may be shown (never for a blind set)."""
    found = {f"tuning ({p.name})": (load_cases(p), True) for p in sorted(TUNING_DIR.glob("*.yml"))}
    if DEV_FILE.exists():
        found["dev (shared real-questions-dev)"] = (load_cases(DEV_FILE), True)
    else:
        print(f"Note: the shared dev set {DEV_FILE} is not here; it is left out.", flush=True)
    for path in sorted(BLIND_DIR.glob("questions-*.yml")) if blind else ():
        found[f"blind ({path.name})"] = (load_cases(path), False)
    return found


def markdown(scores: dict[str, tuple[Score, bool]]) -> str:
    rows = [
        [
            name,
            s.rate(s.right, s.total),
            s.rate(s.false_answers, s.silent),
            s.rate(s.top1, s.answerable),
            s.rate(s.top3, s.answerable),
        ]
        for name, (s, _) in scores.items()
    ]
    header = ["set", "right replies", "false answers (of silent)", "top-1 (answerable)", "recall@3"]
    parts = [table(header, rows, "lrrrr")]
    for name, (s, shown) in scores.items():
        if shown and s.failures:
            parts += [f"Failures on {name}:", table(["case", "message", "why"], s.failures)]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Right replies and false answers on visitor questions.")
    gate = "on the tuning and dev sets (the blind set is reported, never gated: it is not tuned on)"
    parser.add_argument("--min-right", type=float, default=0.0, help=f"fail below this share right {gate}")
    parser.add_argument("--max-false-answers", type=float, default=1.0, help=f"fail above this rate {gate}")
    parser.add_argument("--min-right-dev", type=float, help="the dev set's own bar (default: --min-right)")
    parser.add_argument("--no-blind", action="store_true", help="leave the blind sets out (while developing)")
    add_write_docs(parser)
    args = parser.parse_args(argv)

    from bot.assistant import shared_assistant

    ask = shared_assistant().converse
    scores = {name: (score(cases, ask), shown) for name, (cases, shown) in sets(not args.no_blind).items()}
    publish(markdown(scores), args.write_docs, "eval-answers", "Answers to visitors' questions", "eval")
    def bar(name: str) -> float:
        dev = name.startswith("dev") and args.min_right_dev is not None
        return args.min_right_dev if dev else args.min_right

    failing = [
        name
        for name, (s, _) in scores.items()
        if not name.startswith("blind")
        and (s.right < bar(name) * s.total or s.false_answers > args.max_false_answers * s.total)
    ]
    if failing:
        limits = f"right replies {args.min_right:.0%}, false answers {args.max_false_answers:.0%}"
        print(f"FAIL: {', '.join(failing)} outside the bar ({limits})")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
