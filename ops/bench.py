"""`make bench`: figures for speed, cost, memory and retrieval quality, printed as a table (not a
test); with --write-docs (as `make bench` runs it) also the `bench` section of docs/benchmarks.md.
Starts its own servers on ports 16005/16055 with a fresh tracker store. Machines are noisy:
compare the ratios measured in the same run."""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import psutil

from ops.load import percentile, run_load
from ops.report import add_write_docs, publish, table
from ops.servers import Servers, fresh_store_endpoints, post

RASA_PORT, ACTION_PORT = 16005, 16055
QUESTIONS = [
    "What is craniosacral therapy?",
    "can SER help with trauma?",
    "what happens in a session?",
    "does it help with migraines",
    "who developed somato emotional release?",
]
Row = tuple[str, str, str]


def tree_rss_mib(pid: int) -> tuple[float, int]:
    """Resident memory of a process and all its descendants (Rasa may fork), in MiB, and how
    many processes that is."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0, 0
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += process.memory_info().rss
    return total / 2**20, len(processes)


def memory_row(servers: Servers, when: str) -> Row:
    (rasa, rasa_count), (actions, actions_count) = (
        tree_rss_mib(servers.processes[name].pid) for name in ("rasa", "actions")
    )
    return (
        f"RSS Rasa server / action server, {when}",
        f"{rasa:.0f} / {actions:.0f} MiB",
        f"together {rasa + actions:.0f} MiB ({rasa_count} + {actions_count} processes); target < 1536 MiB",
    )


def timed(url: str, sender: str, message: str) -> float:
    started = time.perf_counter()
    post(url, sender, message)
    return time.perf_counter() - started


def latencies(url: str, messages: list[str], rounds: int) -> list[float]:
    """Each message asked in a new conversation (turn 1), `rounds` times."""
    return [timed(url, f"bench-{uuid.uuid4().hex[:8]}", m) for _ in range(rounds) for m in messages]


def p50_p95(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} / {percentile(values, 95) * 1000:.0f} ms"


def server_rows(url: str) -> list[Row]:
    """Latency, throughput and the long conversation, against running servers."""
    latencies(url, [*QUESTIONS, "hi"], 2)  # warm up caches and connections
    print("Measuring latency ...", flush=True)
    hi = latencies(url, ["hi"], 60)
    answer = latencies(url, QUESTIONS, 12)
    rows = [
        ("knowledge answer latency p50 / p95", p50_p95(answer), ""),
        (
            "'hi' reply latency p50 / p95",
            p50_p95(hi),
            "goes through action_respond too (crisis screen first)",
        ),
        (
            "answer / 'hi' latency (p50)",
            f"{statistics.median(answer) / statistics.median(hi):.2f}x",
            "target <= 2x",
        ),
    ]
    print("Measuring throughput ...", flush=True)
    loads = {
        senders: run_load(url, count, senders, max_seconds=300)
        for senders, count in ((1, 60), (8, 240), (16, 320))
    }
    hi_load = run_load(url, 320, 16, max_seconds=300, texts=["hi"])
    for senders, load in loads.items():
        rows.append(
            (
                f"answers/s at {senders} concurrent sender(s)",
                f"{load.rate:.1f}/s",
                f"{len(load.errors)} errors",
            )
        )
    rows += [
        ("'hi' replies/s at 16 concurrent", f"{hi_load.rate:.1f}/s", f"{len(hi_load.errors)} errors"),
        ("answers/s at 16 / 'hi' replies/s at 16", f"{loads[16].rate / hi_load.rate:.2f}x", "target >= 0.5x"),
    ]
    print("Measuring a 200-turn conversation ...", flush=True)
    sender = f"bench-long-{uuid.uuid4().hex[:6]}"
    turns = [timed(url, sender, QUESTIONS[i % len(QUESTIONS)]) for i in range(200)]
    turn1, turn200 = statistics.median(turns[:10]), statistics.median(turns[-10:])
    rows.append(
        (
            "turn 1 vs turn 200 latency (median of 10)",
            f"{turn1 * 1000:.0f} / {turn200 * 1000:.0f} ms",
            f"{turn200 / turn1:.2f}x; target <= 1.5x",
        )
    )
    return rows


def in_process_rows() -> list[Row]:
    """Index build, model load and retrieval quality, in this process."""
    from bot.assistant import shared_assistant
    from bot.knowledge.embedding import SentenceEncoder
    from bot.knowledge.index import build_index
    from evaluation.retrieval import compare, systems

    assistant = shared_assistant()
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        build_index(replace(assistant.settings, index_dir=Path(folder)), assistant.retriever.encoder)
        build = time.perf_counter() - started
    started = time.perf_counter()
    SentenceEncoder()
    model_load = time.perf_counter() - started
    rows = [("index build (model loaded) / model load", f"{build:.2f} s / {model_load:.2f} s", "")]
    result = compare(systems(assistant.retriever, assistant.retriever.passages))
    for name, tuned in result.tuned.items():
        held = result.held[name]
        rows.append(
            (
                f"retrieval {name}: top-1 / recall@3",
                f"{tuned.top1:.1%} / {tuned.recall3:.1%}",
                f"held-out {held.top1:.1%} / {held.recall3:.1%}",
            )
        )
    return [*rows, crisis_screen_row(assistant)]


def crisis_screen_row(assistant) -> Row:
    """What the crisis screen adds to every message, over every message of the crisis sets."""
    from evaluation.crisis import screen_latency, sets

    cases = [case for found, _ in sets().values() for case in found]
    screen_latency(assistant, cases[:50])  # warm up
    p50, p95 = screen_latency(assistant, cases)
    figures = f"{p50:.1f} / {p95:.1f} ms"
    return ("crisis screen per message p50 / p95 (in-process)", figures, "target p95 <= 15 ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the assistant (starts its own servers).")
    add_write_docs(parser)
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="cst-bench-"))
    servers = Servers(
        rasa_port=RASA_PORT,
        action_port=ACTION_PORT,
        log_dir=folder,
        endpoints=fresh_store_endpoints(folder, ACTION_PORT),
        extra_env={
            "CST_GAPS_FILE": str(folder / "gaps.jsonl"),  # benchmark questions are no clinic's gaps
            # The 200-turn conversation is sent back to back, far faster than a person types.
            "CST_RATE_SENDER": "off",
        },
    )
    print(f"Starting servers on :{RASA_PORT} and :{ACTION_PORT} (cold start) ...", flush=True)
    started = time.monotonic()
    servers.start()
    try:
        post(servers.rasa_url, "bench-cold", "what is craniosacral therapy?")
        rows = [
            ("cold start to first answer", f"{time.monotonic() - started:.1f} s", "target < 20 s"),
            memory_row(servers, "after the first answer"),
        ]
        rows += server_rows(servers.rasa_url)
        rows.append(memory_row(servers, "after all of the above"))
    finally:
        servers.stop()
    rows += in_process_rows()

    text = (
        f"Servers started by the command on ports {RASA_PORT}/{ACTION_PORT} with an empty SQLite "
        "tracker store. Latency: one request at a time, each in a new conversation; throughput: "
        "each concurrent sender is one conversation; memory: resident set size summed over each "
        "server's process and all its child processes.\n\n" + table(["measure", "value", "note"], rows, "lrl")
    )
    publish(text, args.write_docs, "bench", "Speed, throughput and memory", "bench")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
