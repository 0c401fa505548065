"""The long crash test: N rounds of a real process killed (SIGKILL) at a random moment, the book checked after each.

    .venv/bin/python scripts/crash_test.py --rounds 200 [--seed S] [--db postgresql+psycopg://…/scratch]
        [--operation sweep …]

Each round builds a fresh book, starts the CLI or an embedder's process (register, advance, sweep,
calendar load, audit replay --repair, notify), kills it after a random delay, and checks: no partial
case, verify and replay clean (after running an interrupted calendar load or repair again), no
alert lost, no alert delivered twice but those docs/operations.md calls at-least-once. The rounds
and checks are tests/integration/crash_rounds.py; the short run of the same is in `make test`
(tests/integration/test_crash_safety.py).

Without --db the book is a SQLite file in a temporary folder. --db a PostgreSQL URL: its tables are
DROPPED at each round, so give a scratch database. Exits 1 on the first failure, naming its seed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.integration.crash_rounds import OPERATIONS, CrashFailure, play, rounds  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=None, help="default: drawn at random (and printed)")
    parser.add_argument("--db", default=None, help="a scratch PostgreSQL URL (its tables are dropped); default SQLite")
    parser.add_argument("--operation", action="append", choices=OPERATIONS, help="only these (repeatable)")
    options = parser.parse_args()
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"seed {seed}", flush=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="disclosure-crash-") as folder:
        url = options.db or str(Path(folder) / "book.db")
        try:
            tally = play(url, Path(folder), rounds(seed, options.rounds, tuple(options.operation or OPERATIONS)),
                         say=lambda line: print(line, flush=True))
        except CrashFailure as failure:
            print(f"FAILED (seed {seed}): {failure}", file=sys.stderr)
            return 1
    summary = ", ".join(f"{count} {what}" for what, count in sorted(tally.items()))
    print(f"{options.rounds} rounds in {time.monotonic() - started:.0f} s: {summary}; every check passed (seed {seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
