"""Measured figures go to docs/benchmarks.md, one generated section per command, never by hand.

Each command owns the part of the file between `<!-- NAME:start -->` and `<!-- NAME:end -->` and
rewrites only that, stamped with the date, the machine and the command that produced it:
`make bench` (ops.bench), `make eval` (evaluation.retrieval, evaluation.safety).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import platform
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from ops.servers import PROJECT_DIR

DOCS_FILE = PROJECT_DIR / "docs" / "benchmarks.md"
HEADER = """# Benchmarks and evaluation

Generated, not written: each section is replaced by the command named in it (`make bench`,
`make eval`). Machines are noisy; compare figures measured in the same run.
"""


def table(header: Sequence[str], rows: Sequence[Sequence[object]], align: str = "") -> str:
    """A Markdown table, padded so that it also reads well in a terminal. `align` holds one
    letter a column, `l` or `r` (default `l`)."""
    cells = [[str(c).replace("|", "\\|") for c in line] for line in [header, *rows]]
    widths = [max(3, *(len(line[i]) for line in cells)) for i in range(len(header))]
    right = [align[i : i + 1] == "r" for i in range(len(header))]

    def line(values: Sequence[str]) -> str:
        padded = (v.rjust(w) if r else v.ljust(w) for v, w, r in zip(values, widths, right, strict=True))
        return "| " + " | ".join(padded) + " |"

    dashes = ("-" * (w + 1) + (":" if r else "-") for w, r in zip(widths, right, strict=True))
    rule = "|" + "|".join(dashes) + "|"
    return "\n".join([line(cells[0]), rule, *(line(values) for values in cells[1:])])


def machine() -> str:
    """Operating system, CPUs this process may use, CPU model and RAM."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(errors="replace"), re.M)
        model = names[0].strip() if names else model
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    described = f"{platform.system()} {platform.machine()}, {cpus} CPU cores"
    return described + (f" ({model})" if model else "") + f", {ram:.1f} GiB RAM"


def command(make_target: str) -> str:
    """How the running script was started, named after the make target that runs it."""
    main = sys.modules["__main__"]
    spec = getattr(main, "__spec__", None)
    script = f"python -m {spec.name}" if spec else f"python {Path(sys.argv[0]).name}"
    return f"`make {make_target}` (`{' '.join([script, *sys.argv[1:]])}`)"


def write_section(name: str, title: str, body: str, make_target: str, path: Path = DOCS_FILE) -> Path:
    """Replace section `name` of `path` (appended where it is missing) with `body` under `title`."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    stamp = time.strftime("%Y-%m-%d %H:%M %Z")
    block = (
        f"{start}\n## {title}\n\n"
        f"Generated {stamp} by {command(make_target)} on {machine()}.\n\n"
        f"{body.strip()}\n{end}"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(os.open(path, os.O_RDWR | os.O_CREAT, 0o644), "r+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)  # `make bench` and `make eval` may finish at the same time
        file.seek(0)
        text = file.read() or HEADER
        pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
        if pattern.search(text):
            text = pattern.sub(lambda _: block, text, count=1)
        else:
            text = text.rstrip("\n") + "\n\n" + block + "\n"
        file.seek(0)
        file.truncate()
        file.write(text)
    return path


def add_write_docs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"also replace its section of {DOCS_FILE.relative_to(PROJECT_DIR)}",
    )


def publish(text: str, write_docs: bool, name: str, title: str, make_target: str) -> None:
    """Print the figures; with `write_docs`, also make them section `name` of the docs."""
    print(text, flush=True)
    if write_docs:
        path = write_section(name, title, text, make_target)
        print(f"Wrote the {name} section of {path.relative_to(PROJECT_DIR)}", flush=True)
