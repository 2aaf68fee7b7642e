"""Retrieval evaluation on the question set in tests/eval: top-1, recall@3 and MRR, for the
project's retriever and for baselines, side by side (`make eval`)."""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.followup import search_query, topic_after
from bot.ingest import PATH_SEPARATOR, Passage

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval"


@dataclass(frozen=True)
class Case:
    question: str
    expected: tuple[str, ...]  # section keys
    previous: str | None = None


@dataclass
class Scores:
    top1: float
    recall3: float
    mrr: float
    misses: list[tuple[Case, list[str]]]
    by_section: dict[str, tuple[int, int]]  # key -> (top-1 correct, total)


def load_cases(path: Path = EVAL_DIR / "questions.yml") -> tuple[dict[str, str], list[Case]]:
    """Cases of one file; section keys come from questions.yml, which every set shares."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    sections = yaml.safe_load((EVAL_DIR / "questions.yml").read_text(encoding="utf-8"))["sections"]
    cases = [Case(c["q"], tuple(c["expect"])) for c in raw["questions"]]
    cases += [Case(c["q"], tuple(c["expect"]), c["previous"]) for c in raw.get("followups", [])]
    for case in cases:
        unknown = set(case.expected) - set(sections)
        if unknown:
            raise ValueError(f"{case.question!r} expects unknown sections {sorted(unknown)}")
    return sections, cases


def section_key(section: str, sections: dict[str, str]) -> str | None:
    """The most specific listed section that contains a passage's section."""
    best = None
    for key, path in sections.items():
        contains = section == path or section.startswith(path + PATH_SEPARATOR)
        if contains and (best is None or len(path) > len(sections[best])):
            best = key
    return best


def query_for(case: Case, first_section: Callable[[str], str | None]) -> str:
    """The search text, built exactly as the assistant builds it from the conversation."""
    if case.previous is None:
        return case.question
    topic = topic_after(case.previous, first_section(case.previous), None)
    return search_query(case.question, topic)


def evaluate(cases: list[Case], sections: dict[str, str], search: Callable[[str], list[Passage]]) -> Scores:
    def first_section(text: str) -> str | None:
        found = search(text)
        return found[0].section if found else None

    top1 = recall3 = reciprocal = 0.0
    misses: list[tuple[Case, list[str]]] = []
    by_section: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        ranked = [section_key(p.section, sections) for p in search(query_for(case, first_section))]
        ranks = [i for i, key in enumerate(ranked) if key in case.expected]
        correct = bool(ranks) and ranks[0] == 0
        top1 += correct
        recall3 += bool(ranks) and ranks[0] < 3
        reciprocal += 1 / (ranks[0] + 1) if ranks else 0.0
        by_section[case.expected[0]][0] += correct
        by_section[case.expected[0]][1] += 1
        if not correct:
            misses.append((case, [k or "?" for k in ranked[:3]]))
    n = len(cases)
    return Scores(
        top1 / n, recall3 / n, reciprocal / n, misses, {k: (v[0], v[1]) for k, v in by_section.items()}
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate retrieval on tests/eval.")
    parser.add_argument("--min-top1", type=float, default=0.0, help="fail below this top-1")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args(argv)

    from bot.embedding import Encoder
    from bot.index import load_index
    from bot.lexical import BM25
    from bot.retrieve import Retriever
    from bot.settings import load_settings

    settings = load_settings()
    index = load_index(settings)
    retriever = Retriever(index, Encoder(), settings)
    # The plain baseline: BM25 over passage text with headings, on the raw question.
    bm25 = BM25([p.search_texts()[0] for p in index.passages])

    def bm25_search(query: str) -> list[Passage]:
        scores = bm25.scores(query)
        order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        return [index.passages[i] for i in order[:10]]

    systems: dict[str, Callable[[str], list[Passage]]] = {
        "hybrid (ours)": lambda q: [h.passage for h in retriever.search(q, k=10)],
        "dense only": lambda q: [h.passage for h in retriever.search(q, k=10, keyword_weight=0.0)],
        "BM25 only": bm25_search,
    }
    sections, cases = load_cases()
    _, heldout = load_cases(EVAL_DIR / "heldout.yml")
    results = {name: evaluate(cases, sections, search) for name, search in systems.items()}
    results_heldout = {name: evaluate(heldout, sections, search) for name, search in systems.items()}
    print(
        f"Retrieval: tuning set {len(cases)} questions ({sum(c.previous is not None for c in cases)}"
        f" follow-ups); held-out set {len(heldout)} ({sum(c.previous is not None for c in heldout)}"
        " follow-ups), never used for tuning"
    )
    columns = f"{'top-1':>8}{'recall@3':>10}{'MRR':>8}"
    print(f"{'system':<16}{columns}   |{'held-out':>10}{columns}")
    for name, s in results.items():
        h = results_heldout[name]
        print(
            f"{name:<16}{s.top1:>8.1%}{s.recall3:>10.1%}{s.mrr:>8.3f}   |"
            f"{'':>10}{h.top1:>8.1%}{h.recall3:>10.1%}{h.mrr:>8.3f}"
        )
    ours = results["hybrid (ours)"]
    print("\nTop-1 by expected section (ours):")
    for key, (ok, total) in sorted(ours.by_section.items()):
        print(f"  {key:<20}{ok}/{total}")
    if args.show_misses or ours.misses:
        print("\nMisses (ours): question → top-3 sections")
        for case, got in ours.misses:
            print(f"  {case.question!r} (want {'/'.join(case.expected)}) → {got}")
        for case, got in results_heldout["hybrid (ours)"].misses:
            print(f"  [held-out] {case.question!r} (want {'/'.join(case.expected)}) → {got}")
    if ours.top1 < args.min_top1:
        print(f"\nFAIL: top-1 {ours.top1:.1%} is below the bar {args.min_top1:.1%}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
