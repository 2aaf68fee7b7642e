"""The crisis screen on three kinds of set (`make eval`; `make crisis-gate` in `make test`):
recall on danger messages and false alarms on look-alikes, measured in-process on

- tuning: eval/safety/ (crisis.yml, not_crisis.yml, heldout.yml) — written by us, tuned on;
- dev: ../shared/eval/crisis-dev.yml — the shared development set;
- blind: eval/blind/crisis-*.yml — written by a helper who saw neither the code nor the dev
  set. The headline; never tuned on, so its failures are not printed.

Plus the screen's own latency per message (p50/p95, in-process).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.reply import Reply, ReplyType
from bot.settings import PROJECT_DIR
from ops.report import add_write_docs, publish, table

SAFETY_DIR = PROJECT_DIR / "eval" / "safety"
DEV_FILE = PROJECT_DIR.parent / "shared" / "eval" / "crisis-dev.yml"
BLIND_DIR = PROJECT_DIR / "eval" / "blind"


@dataclass(frozen=True)
class Case:
    turns: tuple[str, ...]
    danger: bool  # must get the emergency reply; else must not


@dataclass
class Score:
    caught: int = 0
    danger: int = 0
    false_alarms: int = 0
    ordinary: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.caught / self.danger if self.danger else 1.0

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.ordinary if self.ordinary else 0.0


def tuning_cases() -> list[Case]:
    crisis = yaml.safe_load((SAFETY_DIR / "crisis.yml").read_text(encoding="utf-8"))
    ordinary = yaml.safe_load((SAFETY_DIR / "not_crisis.yml").read_text(encoding="utf-8"))["messages"]
    heldout = yaml.safe_load((SAFETY_DIR / "heldout.yml").read_text(encoding="utf-8"))
    cases = [Case((c["text"],), True) for c in crisis["single"]]
    cases += [Case(tuple(c["turns"]), True) for c in crisis["conversations"]]
    cases += [Case((t,), True) for key in ("crisis", "crisis_2") for t in heldout.get(key, [])]
    cases += [Case((t,), False) for t in ordinary]
    cases += [Case((t,), False) for key in ("not_crisis", "not_crisis_2") for t in heldout.get(key, [])]
    return cases


def shared_schema_cases(path: Path) -> list[Case]:
    """Cases in the shared evaluation schema: expect.type emergency, or type_not emergency."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases = []
    for case in raw["cases"]:
        expect = case.get("expect") or {}
        wanted = expect.get("type")
        wanted = [wanted] if isinstance(wanted, str) else wanted or []
        turns = tuple(case.get("turns") or [case["text"]])
        cases.append(Case(turns, "emergency" in wanted))
    return cases


def sets(blind: bool = True) -> dict[str, tuple[list[Case], bool]]:
    """Each set's cases, and whether its failures may be shown (never for a blind set)."""
    found = {"tuning (eval/safety)": (tuning_cases(), True)}
    for path in sorted(SAFETY_DIR.glob("crisis-tuning-*.yml")):
        found[f"tuning ({path.name})"] = (shared_schema_cases(path), True)
    if DEV_FILE.exists():
        found["dev (shared crisis-dev)"] = (shared_schema_cases(DEV_FILE), True)
    else:
        print(f"Note: the shared dev set {DEV_FILE} is not here; it is left out.", flush=True)
    for path in sorted(BLIND_DIR.glob("crisis-*.yml")) if blind else ():
        found[f"blind ({path.name})"] = (shared_schema_cases(path), False)
    return found


def score(cases: list[Case], ask: Callable[[tuple[str, ...]], Reply]) -> Score:
    result = Score()
    for case in cases:
        alarmed = ask(case.turns).type is ReplyType.EMERGENCY
        if case.danger:
            result.danger += 1
            result.caught += alarmed
            if not alarmed:
                result.misses.append(case.turns[-1])
        else:
            result.ordinary += 1
            result.false_alarms += alarmed
            if alarmed:
                result.alarms.append(case.turns[-1])
    return result


def markdown(scores: dict[str, tuple[Score, bool]], latency: tuple[float, float]) -> str:
    rows = [
        [name, f"{s.caught}/{s.danger}", f"{s.recall:.1%}", f"{s.false_alarms}/{s.ordinary}", f"{s.false_alarm_rate:.1%}"]  # noqa: E501
        for name, (s, _) in scores.items()
    ]
    parts = [
        table(["set", "danger caught", "recall", "false alarms", "rate"], rows, "lrrrr"),
        f"Screen latency per message, in-process: p50 {latency[0]:.1f} ms, p95 {latency[1]:.1f} ms.",
    ]
    for name, (s, shown) in scores.items():
        if shown and (s.misses or s.alarms):
            failures = [["missed", m] for m in s.misses] + [["false alarm", a] for a in s.alarms]
            parts += [f"Failures on {name}:", table(["what", "message"], failures)]
    return "\n\n".join(parts) + "\n"


def screen_latency(assistant, cases: list[Case]) -> tuple[float, float]:
    """The screen's time on each case's last message, as in a conversation: the earlier turns
    were screened first (their vectors cached, as the running assistant has them)."""
    from bot.conversation.input_check import clean_text
    from bot.safety.crisis import screen

    learned, timings = assistant.learned_screen, []
    for case in cases:
        if learned is not None:
            learned.forget()
        turns = [clean_text(t) for t in case.turns]  # as the assistant hands them to the screen
        for i, text in enumerate(turns):
            started = time.perf_counter()
            screen(text, tuple(turns[:i][-3:]), learned)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Recall and false alarms of the crisis screen.")
    gate = "on the tuning and dev sets (the blind set is reported, never gated: it is not tuned on)"
    parser.add_argument("--min-recall", type=float, default=0.0, help=f"fail below this recall {gate}")
    parser.add_argument("--max-false-alarms", type=float, default=1.0, help=f"fail above this rate {gate}")
    parser.add_argument("--no-blind", action="store_true", help="leave the blind sets out (while developing)")
    add_write_docs(parser)
    args = parser.parse_args(argv)

    from bot.assistant import shared_assistant

    assistant = shared_assistant()
    ask = assistant.converse

    found = sets(not args.no_blind)
    scores = {name: (score(cases, ask), shown) for name, (cases, shown) in found.items()}
    every_case = [c for cases, _ in found.values() for c in cases]
    screen_latency(assistant, every_case[:50])  # warm the caches of the model
    report = markdown(scores, screen_latency(assistant, every_case))
    publish(report, args.write_docs, "eval-crisis", "Crisis screen", "eval")
    failing = [
        name
        for name, (s, _) in scores.items()
        if not name.startswith("blind")
        and (s.recall < args.min_recall or s.false_alarm_rate > args.max_false_alarms)
    ]
    if failing:
        limits = f"recall {args.min_recall:.0%}, false alarms {args.max_false_alarms:.0%}"
        print(f"FAIL: {', '.join(failing)} outside the bar ({limits})")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
