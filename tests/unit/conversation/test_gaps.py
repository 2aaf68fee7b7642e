"""Knowledge gaps: unanswered questions, redacted, grouped by what was missing."""

from __future__ import annotations

from bot.conversation.gaps import GapLog, render, report
from bot.reply import Reply, ReplyType

DAY = 86400.0
NOW = 1_800_000_000.0


def lacking(missing: str = "", kind: ReplyType = ReplyType.NO_ANSWER) -> Reply:
    return Reply(kind, "…", missing=missing)


def test_only_unanswered_questions_are_logged_and_they_are_redacted(tmp_path):
    log = GapLog(tmp_path / "gaps.jsonl")
    assert log.record(
        "My name is Zelda Smith, email zelda@example.org: does CST help tinnitus?", lacking("tinnitus"), NOW
    )
    assert not log.record("What is SER?", Reply(ReplyType.ANSWER, "SER is …"), NOW)
    assert log.record("what's the weather", lacking(kind=ReplyType.OUT_OF_SCOPE), NOW)
    entries = log.entries()
    assert len(entries) == 2
    assert "Zelda" not in entries[0]["question"] and "zelda@" not in entries[0]["question"]
    assert set(entries[0]) == {"day", "type", "missing", "question"}  # no sender, no time of day


def test_gaps_are_grouped_by_what_was_missing_most_asked_first(tmp_path):
    log = GapLog(tmp_path / "gaps.jsonl")
    for question in ("tinnitus?", "does it help tinnitus", "Tinnitus and CST?"):
        log.record(question, lacking("tinnitus"), NOW)
    log.record("how many sessions", lacking("how many sessions people usually need"), NOW)
    gaps = report(log.entries())
    assert [(g.missing, g.count) for g in gaps] == [
        ("tinnitus", 3),
        ("how many sessions people usually need", 1),
    ]
    assert "tinnitus" in render(gaps) and "data/knowledge/" in render(gaps)


def test_a_damaged_line_is_skipped_and_old_gaps_are_purged(tmp_path):
    path = tmp_path / "gaps.jsonl"
    log = GapLog(path)
    log.record("old question about vertigo", lacking("vertigo"), NOW - 40 * DAY)
    log.record("new question about tinnitus", lacking("tinnitus"), NOW)
    with path.open("a") as file:
        file.write('{"broken": \n')
    assert len(log.entries()) == 2
    assert log.purge(30, NOW) == 1
    assert [e["missing"] for e in log.entries()] == ["tinnitus"]


def test_a_log_that_cannot_be_written_costs_no_answer(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert GapLog(blocked / "gaps.jsonl").record("tinnitus?", lacking("tinnitus")) is False
