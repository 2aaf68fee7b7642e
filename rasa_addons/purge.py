"""Delete stored conversations older than the retention period (`make purge`).

    python -m rasa_addons.purge [--days N] [--endpoints endpoints.yml]

A conversation is deleted whole when its newest event is older than N days (default:
retention_days in config/privacy.yml). Logged knowledge gaps and server log files older than
that go too."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import yaml
from rasa.core.tracker_store import SQLTrackerStore
from rasa.utils.endpoints import read_endpoint_config
from sqlalchemy import func

from bot.conversation.gaps import GapLog
from ops.logs import purge_logs
from rasa_addons.tracker_store import RedactingSQLTrackerStore

PROJECT_DIR = Path(__file__).resolve().parent.parent


def retention_days() -> int:
    raw = yaml.safe_load((PROJECT_DIR / "config" / "privacy.yml").read_text(encoding="utf-8")) or {}
    days = raw.get("retention_days")
    if not isinstance(days, int) or days < 1:
        raise SystemExit("config/privacy.yml: retention_days must be a whole number of days, at least 1")
    return days


def open_store(endpoints: Path) -> SQLTrackerStore:
    # Rasa expands every ${VARIABLE} of the file, the action secret included, which purging
    # never uses: a stand-in lets it read the tracker store's section alone.
    os.environ.setdefault("CST_ACTION_SECRET", "not-used-by-purge")
    config = read_endpoint_config(str(endpoints), "tracker_store")
    if config is None:
        raise SystemExit(f"{endpoints} has no tracker_store")
    kwargs = {k: v for k, v in config.kwargs.items() if k != "type"}
    return RedactingSQLTrackerStore(host=config.url, **kwargs)


def purge(store: SQLTrackerStore, days: float, now: float | None = None) -> int:
    """Delete conversations idle for more than `days`; returns how many were deleted."""
    cutoff = (now or time.time()) - days * 86400
    events = store.SQLEvent
    with store.session_scope() as session:
        old = [
            sender
            for (sender,) in session.query(events.sender_id)
            .group_by(events.sender_id)
            .having(func.max(events.timestamp) < cutoff)
        ]
        for start in range(0, len(old), 500):
            session.query(events).filter(events.sender_id.in_(old[start : start + 500])).delete(
                synchronize_session=False
            )
        session.commit()
    return len(old)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=None)
    parser.add_argument("--endpoints", type=Path, default=PROJECT_DIR / "endpoints.yml")
    parser.add_argument("--logs", type=Path, default=PROJECT_DIR / "build", help="folder of server logs")
    args = parser.parse_args(argv)
    days = args.days if args.days is not None else retention_days()
    deleted = purge(open_store(args.endpoints), days)
    print(f"Deleted {deleted} conversation(s) idle for more than {days:g} days.")
    dropped = GapLog().purge(days)
    print(f"Deleted {dropped} logged knowledge gap(s) older than {days:g} days.")
    logs = purge_logs(args.logs, days)
    print(f"Deleted or emptied {logs} server log file(s) older than {days:g} days.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
