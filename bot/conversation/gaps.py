"""Knowledge gaps for the clinic: every question the assistant could not answer from its
knowledge (a `no_answer` or `out_of_scope` reply), redacted, counted and grouped by what was
missing. `make gaps` prints the report; the front-desk console shows it. Closing a gap is adding
a Markdown file to data/knowledge/ (`make run` reindexes).

The log is one JSON line per gap, appended (a line is written whole, so the replicas of one host
may share the file); only the redacted question, the reply type, what was missing and the day.
Light (standard library and bot.safety.privacy): the Rasa server reads it for the console.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.reply import Reply, ReplyType
from bot.safety.privacy import redact
from bot.settings import PROJECT_DIR, env

GAP_TYPES = (ReplyType.NO_ANSWER, ReplyType.OUT_OF_SCOPE)
MAX_QUESTION_CHARS = 300  # a gap is a question, not a letter: longer text is cut
EXAMPLES_PER_GAP = 3
UNNAMED = {ReplyType.NO_ANSWER.value: "(not named: about the therapies)", ReplyType.OUT_OF_SCOPE.value: "(out of scope)"}


def gaps_file() -> Path:
    configured = env("CST_GAPS_FILE")
    return Path(configured) if configured else PROJECT_DIR / "build" / "gaps" / "gaps.jsonl"


@dataclass
class Gap:
    missing: str
    count: int = 0
    last_day: str = ""
    examples: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"missing": self.missing, "count": self.count, "last_day": self.last_day, "examples": self.examples}


class GapLog:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or gaps_file()

    def record(self, question: str, reply: Reply, now: float | None = None) -> bool:
        """Log the question when the reply is a gap; returns whether it was one. Never raises:
        a full disk must not cost the visitor their answer."""
        if (reply.type not in GAP_TYPES and not reply.missing) or not question.strip():
            return False
        entry = {
            "day": time.strftime("%Y-%m-%d", time.gmtime(now or time.time())),
            "type": reply.type.value,
            "missing": reply.missing,
            "question": redact(question.strip())[:MAX_QUESTION_CHARS],
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as log:
                log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        except OSError:
            return False
        return True

    def entries(self) -> list[dict]:
        """The logged gaps; a damaged line (a crash mid-write) is skipped, not fatal."""
        if not self.path.exists():
            return []
        found = []
        for line in self.path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("question"), str):
                found.append(entry)
        return found

    def purge(self, days: float, now: float | None = None) -> int:
        """Drop gaps older than `days`; returns how many were dropped."""
        cutoff = time.strftime("%Y-%m-%d", time.gmtime((now or time.time()) - days * 86400))
        entries = self.entries()
        kept = [e for e in entries if str(e.get("day", "")) >= cutoff]
        if len(kept) != len(entries):
            self.path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept), encoding="utf-8")
        return len(entries) - len(kept)


def report(entries: Iterable[dict]) -> list[Gap]:
    """Gaps grouped by what was missing, the most asked first."""
    groups: dict[str, Gap] = {}
    for entry in entries:
        missing = str(entry.get("missing") or UNNAMED.get(str(entry.get("type")), "(other)"))
        gap = groups.setdefault(missing.lower(), Gap(missing))
        gap.count += 1
        gap.last_day = max(gap.last_day, str(entry.get("day", "")))
        if entry["question"] not in gap.examples and len(gap.examples) < EXAMPLES_PER_GAP:
            gap.examples.append(entry["question"])
    return sorted(groups.values(), key=lambda g: (-g.count, g.missing))


def render(gaps: list[Gap]) -> str:
    if not gaps:
        return "No knowledge gaps logged yet: every question so far was answered."
    lines = [f"{sum(g.count for g in gaps)} unanswered questions, {len(gaps)} gaps (most asked first):", ""]
    for gap in gaps:
        lines.append(f"{gap.count:>4}  {gap.missing}   (last asked {gap.last_day})")
        lines += [f"        e.g. “{q}”" for q in gap.examples]
    lines += ["", "To close a gap, add a Markdown file about it to data/knowledge/ and run `make run`."]
    return "\n".join(lines)


def main() -> int:
    """`make gaps`."""
    print(render(report(GapLog().entries())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
