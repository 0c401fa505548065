"""How long a clerk's command takes as a whole process, against `python -c pass` (issue 19: each under 0.25 s, ≤ 8x).

Data size: the demo book of `make demo` (scripts/demo_office.py: 100 applications over 2025–2026 driven through the
public API, about 600 events), built afresh in a temporary folder; SQLite. The commands: show, list, list --overdue,
actions, history, explain, search (as the handler li), then register (a new application, as the registrar wang)
and advance (assigning it), which write: each run of those two on a fresh copy of the book.

Each command runs ROUNDS times (default 9; BENCH_ROUNDS) in a fresh process, as `python -c "from disclosure.cli
import main; main()" …` with the package's modules compiled to bytecode first (as an installed package has them;
this machine sets PYTHONDONTWRITEBYTECODE, without which every run would compile the modules again). For each:
the median wall time, the median CPU time of that process (user + system, its own rusage: less moved than the wall
time by other processes on a shared machine) and the modules it loaded. With `--before TREE` (another checkout of
the package, e.g. `git worktree add /tmp/before main`), the same commands from that tree run in turn with this
one's, and each line shows before -> after. The last lines: each command's wall time ÷ `python -c pass`'s.

    .venv/bin/python benchmarks/bench_cli_start.py [--before TREE]
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = str(Path(__file__).resolve().parents[1])
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "9"))
MAIN = "from disclosure.cli import main; main()"
COUNTED = "import atexit, sys; atexit.register(lambda: print(len(sys.modules), file=sys.stderr)); " + MAIN


def _environment(tree: str) -> dict[str, str]:
    environment = {**os.environ, "PYTHONPATH": tree, "LANG": "C.UTF-8"}
    for name in ("PYTHONDONTWRITEBYTECODE", "DISCLOSURE_DB", "DISCLOSURE_USER", "DISCLOSURE_CALENDAR", "LANGUAGE", "LC_ALL"):
        environment.pop(name, None)
    return environment


def _run(tree: str, code: str, arguments: list[str], folder: str) -> tuple[float, float, str]:
    """One fresh process: its wall time, its CPU time, its standard error. It runs in ``folder`` so that the
    current directory (first on sys.path under -c) puts no other checkout first."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *arguments], env=_environment(tree), cwd=folder,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    error = child.stderr.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{arguments} failed in {tree}: {error}")
    return wall, usage.ru_utime + usage.ru_stime, error


def _build_book(folder: str) -> str:
    book = os.path.join(folder, "book.db")
    subprocess.run([sys.executable, os.path.join(HERE, "scripts", "demo_office.py"), book], check=True,
                   capture_output=True, env=_environment(HERE))
    return book


# A registration and its first step, on a fresh copy of the book each time.
REGISTER = ["--user", "wang", "register", "--channel", "online", "--confirmed-on", "2026-11-30", "--applicant", "张三",
            "--applicant-type", "natural", "--request", "2025年部门预算"]
WRITES = {"register": [], "advance": REGISTER}  # what each writing command needs done on its copy first


def _advance(book: str, folder: str) -> list[str]:
    """Assigning the case a registration on a copy of the book gets (its number read from a trial run)."""
    copy = _fresh_copy(book, folder, [])
    registered = subprocess.run([sys.executable, "-c", MAIN, "--db", copy, *REGISTER], env=_environment(HERE), cwd=folder,
                                check=True, capture_output=True, text=True)
    return ["--user", "wang", "advance", registered.stdout.strip(), "assign", "--to", "li"]


def _fresh_copy(book: str, folder: str, before: list[str]) -> str:
    copy = os.path.join(folder, "copy.db")
    for leftover in (copy, copy + "-wal", copy + "-shm"):
        if os.path.exists(leftover):
            os.remove(leftover)
    shutil.copyfile(book, copy)
    if before:
        _run(HERE, MAIN, ["--db", copy, *before], folder)
    return copy


def _arguments(name: str, arguments: list[str], book: str, folder: str) -> list[str]:
    """A command's arguments; a writing command's name a fresh copy of the book."""
    if name not in WRITES:
        return arguments
    return ["--db", _fresh_copy(book, folder, WRITES[name]), *arguments]


def main() -> int:
    trees = {"after": HERE}
    if "--before" in sys.argv:
        trees = {"before": str(Path(sys.argv[sys.argv.index("--before") + 1]).resolve()), "after": HERE}
    for tree in trees.values():
        subprocess.run([sys.executable, "-m", "compileall", "-q", os.path.join(tree, "disclosure")], env=_environment(tree), check=True)
    with tempfile.TemporaryDirectory() as folder:
        book = _build_book(folder)
        advance = _advance(book, folder)
        at = ["--db", book, "--user", "li"]
        commands = {
            "python -c pass": ("pass", []),
            "import disclosure.cli": ("import disclosure.cli", []),
            "disclosure --help": (MAIN, ["--help"]),
            "show 2025-0012": (MAIN, [*at, "show", "2025-0012"]),
            "list": (MAIN, [*at, "list"]),
            "list --overdue": (MAIN, [*at, "list", "--overdue"]),
            "actions 2026-0061": (MAIN, [*at, "actions", "2026-0061"]),
            "history 2025-0012": (MAIN, [*at, "history", "2025-0012"]),
            "explain 2025-0012": (MAIN, [*at, "explain", "2025-0012"]),
            "search 张": (MAIN, [*at, "search", "张"]),
            "calendar add-days 2026-11-02 20": (MAIN, ["calendar", "add-days", "2026-11-02", "20"]),
            "register": (MAIN, REGISTER),  # on a fresh copy each run (_arguments)
            "advance": (MAIN, advance),
        }
        print(f"the demo book (100 applications); {ROUNDS} rounds{', before and after in turn' if len(trees) > 1 else ''};"
              f" medians; load average {os.getloadavg()[0]:.1f}")
        walls: dict[str, dict[str, float]] = {side: {} for side in trees}
        for name, (code, arguments) in commands.items():
            measured = {side: ([], []) for side in trees}
            for _round in range(ROUNDS + 1):  # the first round warms the file cache and is not counted
                for side, tree in trees.items():
                    wall, cpu, _ = _run(tree, code, _arguments(name, arguments, book, folder), folder)
                    if _round:
                        measured[side][0].append(wall)
                        measured[side][1].append(cpu)
            modules = {side: _run(tree, COUNTED if code == MAIN else f"import sys; {code}; print(len(sys.modules), file=sys.stderr)",
                                  _arguments(name, arguments, book, folder), folder)[2].strip().splitlines()[-1]
                       for side, tree in trees.items()}
            for side in trees:
                walls[side][name] = statistics.median(measured[side][0])
            if code == "pass":
                empty_walls = [wall for side in trees for wall in measured[side][0]]
            shown = lambda index: " -> ".join(f"{statistics.median(measured[side][index]) * 1000:5.0f}" for side in trees)
            print(f"{name:34s} wall {shown(0)} ms   cpu {shown(1)} ms   modules {' -> '.join(modules[side] for side in trees)}")
        # One interpreter for both trees: its start is the median of every `pass` run, so a ratio moves with its own command only.
        empty = statistics.median(empty_walls)
        print(f"wall time ÷ python -c pass's ({empty * 1000:.0f} ms; target: ≤ 8, and under 0.25 s):")
        for name in list(commands)[1:]:
            ratios = " -> ".join(f"{walls[side][name] / empty:4.1f}x" for side in trees)
            print(f"  {name:34s} {ratios}")
        clerks = [name for name in commands if name not in ("python -c pass", "import disclosure.cli", "disclosure --help")]
        slowest = max(walls["after"][name] for name in clerks)
        largest = max(walls["after"][name] for name in clerks) / empty
        print(f"slowest clerk's command: {slowest:.3f} s (target < 0.25 s: {'met' if slowest < 0.25 else 'NOT met'});"
              f" largest ratio {largest:.1f}x (target ≤ 8x: {'met' if largest <= 8 else 'NOT met'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
