"""`make bench`: figures for speed, cost and retrieval quality, printed as a table (not a test).
Starts its own servers on ports 16005/16055 with a fresh tracker store. Machines are noisy:
compare the ratios measured in the same run."""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

from ops.load import post, run_load
from ops.servers import Servers

RASA_PORT, ACTION_PORT = 16005, 16055


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if int(fields.get("Pid", "0")) == pid or int(fields.get("PPid", "0")) == pid:
            total += int(fields.get("VmRSS", "0 kB").split()[0])
    return total / 1024


def timed(url: str, sender: str, message: str) -> float:
    started = time.perf_counter()
    post(url, sender, message)
    return time.perf_counter() - started


def latencies(url: str, messages: list[str], rounds: int) -> list[float]:
    """Each message asked in a new conversation (turn 1), `rounds` times."""
    return [timed(url, f"bench-{uuid.uuid4().hex[:8]}", m) for _ in range(rounds) for m in messages]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def row(name: str, value: str, note: str = "") -> str:
    return f"| {name:<46} | {value:>22} | {note}"


def retrieval_rows() -> list[str]:
    from bot.assistant import shared_assistant
    from bot.evaluation import EVAL_DIR, evaluate, load_cases
    from bot.lexical import BM25

    assistant = shared_assistant()
    retriever, passages = assistant.retriever, assistant.retriever.passages
    bm25 = BM25([p.search_texts()[0] for p in passages])

    def bm25_search(query: str):
        scores = bm25.scores(query)
        return [passages[i] for i in sorted(range(len(scores)), key=lambda i: -scores[i])[:10]]

    systems = {
        "ours (hybrid)": lambda q: [h.passage for h in retriever.search(q, k=10)],
        "plain dense": lambda q: [h.passage for h in retriever.search(q, k=10, keyword_weight=0.0)],
        "BM25": bm25_search,
    }
    sections, cases = load_cases()
    _, heldout = load_cases(EVAL_DIR / "heldout.yml")
    rows = []
    for name, search in systems.items():
        tuned, held = evaluate(cases, sections, search), evaluate(heldout, sections, search)
        rows.append(
            row(
                f"retrieval {name}: top-1 / recall@3",
                f"{tuned.top1:.1%} / {tuned.recall3:.1%}",
                f"held-out {held.top1:.1%} / {held.recall3:.1%}",
            )
        )
    return rows


def index_build_seconds() -> tuple[float, float]:
    from bot.assistant import shared_assistant
    from bot.index import build_index

    assistant = shared_assistant()
    with tempfile.TemporaryDirectory() as folder:
        settings = replace(assistant.settings, index_dir=Path(folder))
        started = time.perf_counter()
        build_index(settings, assistant.retriever.encoder)
        warm = time.perf_counter() - started
    from bot.embedding import Encoder

    started = time.perf_counter()
    Encoder()
    return warm, time.perf_counter() - started


def main() -> int:
    folder = Path(tempfile.mkdtemp(prefix="cst-bench-"))
    endpoints = folder / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{ACTION_PORT}/webhook\n"
        "tracker_store:\n  type: rasa_addons.tracker_store.RedactingSQLTrackerStore\n"
        f"  dialect: sqlite\n  db: {folder / 'tracker.db'}\n"
    )
    servers = Servers(rasa_port=RASA_PORT, action_port=ACTION_PORT, log_dir=folder, endpoints=endpoints)
    print("Starting servers (cold start) ...", flush=True)
    started = time.monotonic()
    servers.start()
    post(servers.rasa_url, "bench-cold", "what is craniosacral therapy?")
    cold = time.monotonic() - started
    url = servers.rasa_url
    lines = []
    try:
        questions = [
            "What is craniosacral therapy?",
            "can SER help with trauma?",
            "what happens in a session?",
            "does it help with migraines",
            "who developed somato emotional release?",
        ]
        latencies(url, [*questions, "hi"], 2)  # warm up caches and connections
        print("Measuring latency ...", flush=True)
        hi = latencies(url, ["hi"], 60)
        answer = latencies(url, questions, 12)
        print("Measuring throughput ...", flush=True)
        throughput = {}
        for senders, count in ((1, 60), (8, 240), (16, 320)):
            result = run_load(url, count, senders, max_seconds=300)
            throughput[senders] = (result.answered / result.seconds, len(result.errors))
        hi_load = run_load_hi(url, 320, 16)
        print("Measuring a 200-turn conversation ...", flush=True)
        sender = f"bench-long-{uuid.uuid4().hex[:6]}"
        long_turns = [timed(url, sender, questions[i % len(questions)]) for i in range(200)]
        turn1, turn200 = statistics.median(long_turns[:10]), statistics.median(long_turns[-10:])
        rasa_rss = rss_mb(servers.processes["rasa"].pid)
        action_rss = rss_mb(servers.processes["actions"].pid)
    finally:
        servers.stop()
    warm_build, model_load = index_build_seconds()

    p50_hi, p50_answer = statistics.median(hi), statistics.median(answer)
    lines += [
        row(
            "knowledge answer latency p50 / p95", f"{p50_answer * 1000:.0f} / {pct(answer, 95) * 1000:.0f} ms"
        ),
        row(
            "'hi' reply latency p50 / p95",
            f"{p50_hi * 1000:.0f} / {pct(hi, 95) * 1000:.0f} ms",
            "goes through action_respond too (crisis screen first)",
        ),
        row("answer / 'hi' latency (p50)", f"{p50_answer / p50_hi:.2f}x", "target <= 2x"),
    ]
    for senders, (rate, errors) in throughput.items():
        lines.append(row(f"answers/s at {senders} concurrent sender(s)", f"{rate:.1f}/s", f"{errors} errors"))
    lines += [
        row("'hi' replies/s at 16 concurrent", f"{hi_load[0]:.1f}/s", f"{hi_load[1]} errors"),
        row(
            "answers/s at 16 / 'hi' replies/s at 16",
            f"{throughput[16][0] / hi_load[0]:.2f}x",
            "target >= 0.5x",
        ),
        row(
            "RSS Rasa server / action server",
            f"{rasa_rss:.0f} / {action_rss:.0f} MB",
            f"together {rasa_rss + action_rss:.0f} MB; target < 1536 MB",
        ),
        row("cold start to first answer", f"{cold:.1f} s", "target < 20 s"),
        row("index build (model loaded) / model load", f"{warm_build:.2f} s / {model_load:.2f} s"),
        row(
            "turn 1 vs turn 200 latency (median of 10)",
            f"{turn1 * 1000:.0f} / {turn200 * 1000:.0f} ms",
            f"{turn200 / turn1:.2f}x; target <= 1.5x",
        ),
    ]
    lines += retrieval_rows()
    print(f"\n| {'measure':<46} | {'value':>22} | note\n|{'-' * 48}|{'-' * 24}|------")
    print("\n".join(lines))
    return 0


def run_load_hi(url: str, count: int, senders: int) -> tuple[float, int]:
    """Throughput of the plainest reply ('hi'), for the ratio above."""
    from concurrent.futures import ThreadPoolExecutor

    errors = 0

    def one(i: int) -> bool:
        try:
            post(url, f"bench-hi-{i % senders}-{uuid.uuid4().hex[:4]}", "hi")
            return True
        except Exception:
            return False

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        results = list(pool.map(one, range(count)))
    errors = results.count(False)
    return (count - errors) / (time.monotonic() - started), errors


if __name__ == "__main__":
    raise SystemExit(main())
