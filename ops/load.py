"""Load over REST: N messages from C concurrent senders, bounded in count and time; reports
errors, lost turns (what was sent vs what the tracker store holds) and latency.

    python -m ops.load [--url http://127.0.0.1:5005] [--messages 2000] [--senders 16]
                       [--store sqlite:build/tracker.db | --store postgres] [--max-seconds 900]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ops.servers import PROJECT_DIR, post

QUESTIONS_FILE = PROJECT_DIR / "eval" / "retrieval" / "questions.yml"
TURNS_PER_CONVERSATION = 8  # a visitor's conversation; a sender's burst budget is 10 messages


def questions() -> list[str]:
    raw = yaml.safe_load(QUESTIONS_FILE.read_text(encoding="utf-8"))
    return [q["q"] for q in raw["questions"]] + ["hi", "thanks", "what is SER?", "what are its benefits?"]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


@dataclass
class LoadResult:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sent: dict[str, int] = field(default_factory=dict)  # sender → messages answered with a reply
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def answered(self) -> int:
        return len(self.latencies)

    @property
    def rate(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        return percentile(self.latencies, p)


def run_load(
    url: str,
    messages: int,
    senders: int,
    max_seconds: float = 900.0,
    on_progress: Callable[[int], None] | None = None,
    texts: list[str] | None = None,
) -> LoadResult:
    """Each of `senders` workers sends its share of the messages one after another, as
    conversations of TURNS_PER_CONVERSATION messages (within a sender's message budget,
    channels/limits.py); the messages cycle through `texts` (by default the evaluation questions
    and small talk)."""
    result = LoadResult()
    texts = texts or questions()
    deadline = time.monotonic() + max_seconds
    counter = iter(range(messages))
    counter_lock = threading.Lock()
    run_id = uuid.uuid4().hex[:6]

    def next_index() -> int | None:
        with counter_lock:
            return next(counter, None)

    def sender_loop(number: int) -> None:
        turn = 0
        while time.monotonic() < deadline and (i := next_index()) is not None:
            sender = f"load-{run_id}-{number}-{turn // TURNS_PER_CONVERSATION}"
            turn += 1
            started = time.monotonic()
            try:
                replies = post(url, sender, texts[i % len(texts)])
                if not any("custom" in r for r in replies):
                    raise RuntimeError("no composed reply")
                if any("temporarily unavailable" in r.get("text", "") for r in replies):
                    raise RuntimeError("degraded reply: the action server did not answer")
            except Exception as error:  # every failure is counted and reported, none stops the run
                with result.lock:
                    result.errors.append(f"{sender}: {type(error).__name__}: {error}"[:200])
                continue
            with result.lock:
                result.latencies.append(time.monotonic() - started)
                result.sent[sender] = result.sent.get(sender, 0) + 1
                done = len(result.latencies)
            if on_progress and done % 100 == 0:
                on_progress(done)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        list(pool.map(sender_loop, range(senders)))
    result.seconds = time.monotonic() - started
    return result


# Messages of each sender that the tracker store holds; {} stands for the list of senders.
TURNS_QUERY = (
    "SELECT sender_id, COUNT(*) FROM events WHERE type_name = 'user' AND sender_id IN ({}) GROUP BY 1"
)


def stored_turns_sqlite(database: Path, senders: list[str]) -> dict[str, int]:
    with sqlite3.connect(database) as db:
        return dict(db.execute(TURNS_QUERY.format(",".join("?" * len(senders))), senders))


def stored_turns_postgres(senders: list[str]) -> dict[str, int]:
    from ops.scaled import psql_rasa

    names = ",".join(f"'{s}'" for s in senders)  # our own generated ids: letters, digits and -
    out = psql_rasa(TURNS_QUERY.format(names))
    return {line.split("|")[0]: int(line.split("|")[1]) for line in out.splitlines() if "|" in line}


def lost_turns(result: LoadResult, stored: dict[str, int]) -> int:
    """Messages that got a reply but are missing from the tracker store."""
    return sum(max(0, sent - stored.get(sender, 0)) for sender, sent in result.sent.items())


def report(result: LoadResult, lost: int) -> str:
    return (
        f"messages answered {result.answered}, errors {len(result.errors)}, lost turns {lost}, "
        f"{result.rate:.1f} answers/s over {result.seconds:.1f} s; "
        f"latency p50 {result.percentile(50) * 1000:.0f} ms, "
        f"p95 {result.percentile(95) * 1000:.0f} ms, max {max(result.latencies, default=0) * 1000:.0f} ms, "
        f"mean {statistics.fmean(result.latencies) * 1000 if result.latencies else 0:.0f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Load the assistant over REST.")
    parser.add_argument("--url", default="http://127.0.0.1:5005")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--senders", type=int, default=16)
    parser.add_argument(
        "--store",
        default=f"sqlite:{PROJECT_DIR / 'build' / 'tracker.db'}",
        help="sqlite:<path> or postgres (the scale-out profile)",
    )
    parser.add_argument("--max-seconds", type=float, default=900.0)
    args = parser.parse_args(argv)
    if not 1 <= args.senders <= 64 or not 1 <= args.messages <= 100_000:
        parser.error("senders must be 1-64 and messages 1-100000")
    print(
        f"Sending {args.messages} messages from {args.senders} concurrent senders to {args.url} ...",
        flush=True,
    )
    result = run_load(
        args.url,
        args.messages,
        args.senders,
        args.max_seconds,
        on_progress=lambda n: print(f"  {n} answered", flush=True),
    )
    senders = list(result.sent)
    if args.store == "postgres":
        stored = stored_turns_postgres(senders)
    else:
        stored = stored_turns_sqlite(Path(args.store.removeprefix("sqlite:")), senders)
    lost = lost_turns(result, stored)
    print(report(result, lost))
    for error in result.errors[:10]:
        print("  error:", error)
    return 0 if not result.errors and lost == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
