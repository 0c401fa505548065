"""A clerk's everyday commands on the demo book, each a whole process, against `python -c pass` in the same run.

Data size: the demo book of `make demo` (scripts/demo_office.py: 100 applications over 2025–2026 driven
through the public API, about 600 events, users wang, li, zhao, chen, liu, sun), built afresh in a temporary
folder; SQLite.

Each command runs as a clerk types it, `disclosure --db BOOK --user wang …`, in a fresh process:
`show`, `list`, `list --overdue`, `actions`, `history`, `explain`, `search`, then `register` (a new
application) and `advance` (assigning it), which write, on a copy of the book for each run. Before the
runs the package's modules are compiled to bytecode (`compileall`), as an installed package has them;
an editable install under PYTHONDONTWRITEBYTECODE would otherwise compile every module on every run.
The runs of all commands and of `python -c pass` are interleaved, ROUNDS rounds (default 7), so the
machine's load falls on all alike; each figure is the median of its rounds.

What the ratio measures: the command's whole process (interpreter start, imports, opening the book, the
work, printing) over a bare interpreter's start on the same machine at the same time: the package's own
cost in start-up terms, whatever the machine's speed. Targets: every command under 0.25 s, and at most
8 times `python -c pass`. The result lines print last.
"""

from __future__ import annotations

import compileall
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
TIME_TARGET, RATIO_TARGET = 0.25, 8.0
EXECUTABLE = str(Path(sys.executable).with_name("disclosure"))

READS = [
    ("show", ["show", "2025-0012"]),
    ("list", ["list"]),
    ("list --overdue", ["list", "--overdue"]),
    ("actions", ["actions", "2026-0061"]),
    ("history", ["history", "2025-0012"]),
    ("explain", ["explain", "2025-0012"]),
    ("search", ["search", "张"]),
]
REGISTER = ["register", "--channel", "online", "--confirmed-on", "2026-11-30", "--applicant", "张三",
            "--applicant-type", "natural", "--request", "2025年部门预算"]


def _timed(command: list[str], environment: dict[str, str]) -> tuple[float, str]:
    """The process's wall time, and what it printed."""
    began = time.perf_counter()
    finished = subprocess.run(command, check=True, capture_output=True, env=environment, text=True)
    return time.perf_counter() - began, finished.stdout


def main() -> None:
    compileall.compile_dir(str(ROOT / "disclosure"), quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "demo.db"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "demo_office.py"), str(book)], check=True, capture_output=True)
        environment = {**os.environ, "DISCLOSURE_USER": "wang"}
        for name in ("DISCLOSURE_CONFIG", "DISCLOSURE_KINDS", "DISCLOSURE_CALENDAR", "DISCLOSURE_DB"):
            environment.pop(name, None)
        timings: dict[str, list[float]] = {"python -c pass": []}
        for _ in range(ROUNDS):
            timings["python -c pass"].append(_timed([sys.executable, "-c", "pass"], environment)[0])
            for name, arguments in READS:
                timings.setdefault(name, []).append(_timed([EXECUTABLE, "--db", str(book), *arguments], environment)[0])
            copy = Path(folder) / "copy.db"
            shutil.copyfile(book, copy)
            seconds, number = _timed([EXECUTABLE, "--db", str(copy), *REGISTER], environment)
            timings.setdefault("register", []).append(seconds)
            timings.setdefault("advance", []).append(_timed(
                [EXECUTABLE, "--db", str(copy), "advance", number.strip(), "assign", "--to", "li"], environment,
            )[0])
            copy.unlink()
    medians = {name: statistics.median(values) for name, values in timings.items()}
    baseline = medians.pop("python -c pass")
    print(f"data: the demo book (100 applications, SQLite); {ROUNDS} interleaved rounds, medians; bytecode compiled")
    print(f"python -c pass: {baseline:.3f} s")
    worst_time = worst_ratio = 0.0
    for name, seconds in medians.items():
        ratio = seconds / baseline
        worst_time, worst_ratio = max(worst_time, seconds), max(worst_ratio, ratio)
        print(f"{name:16} {seconds:.3f} s  {ratio:4.1f}x python -c pass")
    print(f"slowest command: {worst_time:.3f} s (target < {TIME_TARGET} s: {'met' if worst_time < TIME_TARGET else 'NOT met'})")
    print(f"largest ratio: {worst_ratio:.1f}x (target <= {RATIO_TARGET:g}x: {'met' if worst_ratio <= RATIO_TARGET else 'NOT met'})")


if __name__ == "__main__":
    main()
