"""Retrieval evaluation on the question sets in eval/retrieval: top-1, recall@3 and MRR, for the
project's retriever and for baselines, side by side (`make eval`)."""

from __future__ import annotations

import argparse
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from bot.knowledge.passage import PATH_SEPARATOR, Passage
from bot.retrieval.followup import search_query, topic_after
from bot.settings import PROJECT_DIR
from ops.report import add_write_docs, publish, table

if TYPE_CHECKING:
    from bot.retrieval.retrieve import Retriever

EVAL_DIR = PROJECT_DIR / "eval" / "retrieval"


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


System = Callable[[str], list[Passage]]


@dataclass
class Comparison:
    cases: list[Case]
    heldout: list[Case]
    tuned: dict[str, Scores]  # system -> scores on the tuning set
    held: dict[str, Scores]  # system -> scores on the held-out set


def systems(retriever: Retriever, passages: list[Passage]) -> dict[str, System]:
    """The project's retriever and the baselines it is compared with."""
    from bot.retrieval.answerability import ranked
    from bot.retrieval.lexical import BM25
    from bot.retrieval.need import need_of

    # The plain baseline: BM25 over passage text with headings, on the raw question.
    bm25 = BM25([p.search_texts()[0] for p in passages])

    def bm25_search(query: str) -> list[Passage]:
        scores = bm25.scores(query)
        order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
        return [passages[i] for i in order[:10]]

    def as_the_assistant_ranks(query: str) -> list[Passage]:
        return [h.passage for h in ranked(retriever, query, need_of(query), 10)]

    return {
        "assistant (hybrid + kind of fact)": as_the_assistant_ranks,
        "hybrid (ours)": lambda q: [h.passage for h in retriever.search(q, k=10)],
        "dense only": lambda q: [h.passage for h in retriever.search(q, k=10, keyword_weight=0.0)],
        "BM25 only": bm25_search,
    }


def compare(searches: dict[str, System]) -> Comparison:
    """Every system on the tuning set and on the held-out set."""
    sections, cases = load_cases()
    _, heldout = load_cases(EVAL_DIR / "heldout.yml")
    return Comparison(
        cases,
        heldout,
        {name: evaluate(cases, sections, search) for name, search in searches.items()},
        {name: evaluate(heldout, sections, search) for name, search in searches.items()},
    )


def markdown(result: Comparison, ours: str = "hybrid (ours)") -> str:
    def followups(cases: list[Case]) -> int:
        return sum(c.previous is not None for c in cases)

    def figures(s: Scores) -> list[str]:
        return [f"{s.top1:.1%}", f"{s.recall3:.1%}", f"{s.mrr:.3f}"]

    scores = [[name, *figures(result.tuned[name]), *figures(result.held[name])] for name in result.tuned]
    columns = ["top-1", "recall@3", "MRR", "held-out top-1", "held-out recall@3", "held-out MRR"]
    by_section = [[key, ok, total] for key, (ok, total) in sorted(result.tuned[ours].by_section.items())]
    misses = [
        [name, case.question, "/".join(case.expected), ", ".join(got)]
        for name, missed in (("tuning", result.tuned[ours].misses), ("held-out", result.held[ours].misses))
        for case, got in missed
    ]
    parts = [
        f"Tuning set {len(result.cases)} questions ({followups(result.cases)} follow-ups); held-out set "
        f"{len(result.heldout)} ({followups(result.heldout)} follow-ups), never used for tuning.",
        table(["system", *columns], scores, "lrrrrrr"),
        f"Top-1 by expected section, {ours}, tuning set:",
        table(["section", "top-1 correct", "questions"], by_section, "lrr"),
    ]
    if misses:
        parts += [f"Misses, {ours}, top-3 sections found:", table(["set", "question", "want", "got"], misses)]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate retrieval on eval/retrieval.")
    parser.add_argument("--min-top1", type=float, default=0.0, help="fail below this top-1")
    parser.add_argument("--show-misses", action="store_true", help="(misses are always listed)")
    add_write_docs(parser)
    args = parser.parse_args(argv)

    from bot.knowledge.embedding import SentenceEncoder
    from bot.knowledge.index import load_index
    from bot.retrieval.retrieve import Retriever
    from bot.settings import load_settings

    settings = load_settings()
    index = load_index(settings)
    retriever = Retriever(index, SentenceEncoder(), settings)
    result = compare(systems(retriever, index.passages))
    publish(markdown(result), args.write_docs, "eval-retrieval", "Retrieval quality", "eval")
    ours = result.tuned["hybrid (ours)"]
    if ours.top1 < args.min_top1:
        print(f"\nFAIL: top-1 {ours.top1:.1%} is below the bar {args.min_top1:.1%}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
