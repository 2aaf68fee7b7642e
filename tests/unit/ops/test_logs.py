"""Server logs move aside daily (and when too big) and expire with the retention period."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from ops.logs import DailyLog, pump, purge_logs


class Today:
    def __init__(self, day: dt.date) -> None:
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


def test_the_first_line_of_a_new_day_moves_yesterdays_log_aside(tmp_path):
    today = Today(dt.date(2026, 11, 24))
    log = DailyLog(tmp_path / "rasa.log", today=today)
    log.write(b"monday\n")
    today.day = dt.date(2026, 11, 25)
    log.write(b"tuesday\n")
    assert (tmp_path / "rasa.2026-11-24.log").read_bytes() == b"monday\n"
    assert (tmp_path / "rasa.log").read_bytes() == b"tuesday\n"


def test_a_log_past_its_size_cap_moves_aside_the_same_day(tmp_path):
    log = DailyLog(tmp_path / "rasa.log", today=Today(dt.date(2026, 11, 25)), max_bytes=10)
    for line in (b"123456\n", b"abcdef\n", b"uvwxyz\n"):
        log.write(line)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "rasa.2026-11-25-1.log", "rasa.2026-11-25.log", "rasa.log",
    ]
    assert (tmp_path / "rasa.log").read_bytes() == b"uvwxyz\n"


def test_a_childs_output_reaches_the_log(tmp_path):
    child = subprocess.Popen([sys.executable, "-c", "print('one'); print('two')"], stdout=subprocess.PIPE)
    pump(child.stdout, DailyLog(tmp_path / "child.log")).join(timeout=10)
    child.wait(timeout=10)
    assert (tmp_path / "child.log").read_text().split() == ["one", "two"]


def test_purge_deletes_old_logs_empties_a_stale_current_one_and_keeps_the_rest(tmp_path):
    (tmp_path / "replica-a").mkdir()
    old = tmp_path / "rasa.2026-10-01.log"
    recent = tmp_path / "rasa.2026-11-20.log"
    stale_current = tmp_path / "replica-a" / "actions.log"
    current = tmp_path / "rasa.log"
    for path in (old, recent, stale_current, current):
        path.write_text("a line with a question\n")
    forty_days_ago = (dt.datetime(2026, 11, 25) - dt.timedelta(days=40)).timestamp()
    os.utime(stale_current, (forty_days_ago, forty_days_ago))
    os.utime(current, (dt.datetime(2026, 11, 25).timestamp(),) * 2)
    assert purge_logs(tmp_path, 30, today=dt.date(2026, 11, 25)) == 2
    assert not old.exists() and stale_current.read_text() == ""
    assert recent.exists() and current.read_text() != ""
