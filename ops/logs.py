"""Server logs that rotate and expire: a child's output goes line by line into `<name>.log`;
the first line of a new day (or one past the size cap) moves the file aside as
`<name>.<date>.log`, and `purge_logs` deletes the files older than the retention period."""

from __future__ import annotations

import datetime as dt
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

MAX_LOG_BYTES = 50 * 2**20  # a day's log past this also moves aside: a noisy day fills no disk
_ROTATED = re.compile(r"\.(\d{4}-\d{2}-\d{2})(?:-\d+)?\.log$")


class DailyLog:
    def __init__(
        self, path: Path, today: Callable[[], dt.date] = dt.date.today, max_bytes: int = MAX_LOG_BYTES
    ) -> None:
        self.path, self.today, self.max_bytes = path, today, max_bytes
        self.lock = threading.Lock()
        self.day = (
            dt.date.fromtimestamp(path.stat().st_mtime) if path.exists() and path.stat().st_size else None
        )

    def write(self, line: bytes) -> None:
        with self.lock:
            today = self.today()
            if self.day is not None and (
                today != self.day or self.path.stat().st_size + len(line) > self.max_bytes
            ):
                self._move_aside(self.day)
            self.day = today
            with open(self.path, "ab") as output:
                output.write(line)

    def _move_aside(self, day: dt.date) -> None:
        if not self.path.exists():
            return
        target, n = self.path.with_name(f"{self.path.stem}.{day.isoformat()}.log"), 0
        while target.exists():
            n += 1
            target = self.path.with_name(f"{self.path.stem}.{day.isoformat()}-{n}.log")
        self.path.rename(target)


def pump(stream: IO[bytes], log: DailyLog) -> threading.Thread:
    """Copy a child's output into `log` until the child closes it."""

    def run() -> None:
        with stream:
            for line in iter(stream.readline, b""):
                try:
                    log.write(line)
                except OSError:  # a full disk or a removed folder: lose the line, never block the server
                    continue

    thread = threading.Thread(target=run, name=f"log:{log.path.name}", daemon=True)
    thread.start()
    return thread


def purge_logs(folder: Path, days: float, today: dt.date | None = None) -> int:
    """Delete moved-aside logs under `folder` older than `days`, and empty a current log last
    written before then; returns how many files were deleted or emptied."""
    today = today or dt.date.today()
    cutoff = today - dt.timedelta(days=days)
    purged = 0
    for path in sorted(folder.rglob("*.log")) if folder.is_dir() else []:
        rotated = _ROTATED.search(path.name)
        if rotated and dt.date.fromisoformat(rotated.group(1)) < cutoff:
            path.unlink()
            purged += 1
        elif not rotated and path.stat().st_size and dt.date.fromtimestamp(path.stat().st_mtime) < cutoff:
            path.write_bytes(b"")
            purged += 1
    return purged
