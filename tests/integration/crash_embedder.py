"""An embedder's process for the crash tests: one Office operation, to be killed (SIGKILL) by the test.

    python crash_embedder.py URL OPERATION [JSON ARGUMENTS]

OPERATION is register, advance, sweep, calendar-load, repair or notify. The test hooks live here only,
never in the library, and only when the environment asks for them:

- DISCLOSURE_CRASH_PAUSE_MS=N: after each write a unit of work makes (an event appended, alerts
  recorded, calendar days kept, a batch of clocks moved, a projection rewritten) and after each
  message sent, sleep a random 0–N ms, so that a kill lands inside an open transaction (or between
  a send and its record) more often than the bare timing would. DISCLOSURE_CRASH_SEED seeds it.
  It prints "wrote NAME" after each such write and "committed" after each write transaction, so
  the test knows whether its kill fell inside a transaction.
- DISCLOSURE_CRASH_SMALL_BATCHES=1: calendar load and repair take 2 clocks / 2 cases a batch, so a
  small book is written in several transactions and a kill can fall between two of them.

The process prints "open" once the book is open (the test starts its random delay then) and "done"
when the operation returned. notify sends through a channel that appends one line per message
(the alert's key) to the file named in the arguments, with an unbuffered write: what was sent
before a kill is on disk.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path


def _install_pauses(limit_ms: int, seed: int) -> None:
    from contextlib import contextmanager

    from disclosure.storage.calendar_store import CalendarStore
    from disclosure.storage.casebook import CaseBook
    from disclosure.storage.outbox_book import OutboxBook
    from disclosure.storage.unit_of_work import SqlStorage

    chance = random.Random(seed)

    def pausing(method):
        def paused(*args, **kwargs):
            result = method(*args, **kwargs)
            print(f"wrote {method.__name__}", flush=True)  # the test reads where its kill landed
            time.sleep(chance.uniform(0, limit_ms) / 1000)
            return result
        return paused

    writing = SqlStorage.writing

    @contextmanager
    def writing_then_say_so(self):
        with writing(self) as unit:
            yield unit
        print("committed", flush=True)

    SqlStorage.writing = writing_then_say_so

    for owner, name in (
        (CaseBook, "append"), (CaseBook, "reproject_open_clocks"), (CaseBook, "rewrite_projection"),
        (OutboxBook, "record_alerts"), (CalendarStore, "store"),
    ):
        setattr(owner, name, pausing(getattr(owner, name)))


class AppendingChannel:
    """Appends each message's alert key to a file, one write per message, then maybe pauses."""

    def __init__(self, path: str, pause) -> None:
        self.path = path
        self.pause = pause

    def send(self, message) -> None:
        descriptor = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(descriptor, (message.key + "\n").encode())
        finally:
            os.close(descriptor)
        self.pause()


def main(url: str, operation: str, arguments: dict) -> None:
    limit_ms = int(os.environ.get("DISCLOSURE_CRASH_PAUSE_MS", "0"))
    seed = int(os.environ.get("DISCLOSURE_CRASH_SEED", "0"))
    if limit_ms:
        _install_pauses(limit_ms, seed)
    if os.environ.get("DISCLOSURE_CRASH_SMALL_BATCHES"):
        import disclosure.audit.operations as audit_operations
        import disclosure.office_calendar as office_calendar

        office_calendar.REPROJECT_BATCH_CLOCKS = 2
        audit_operations.REPAIR_BATCH_CASES = 2

    from disclosure.service import Office
    from disclosure.timekeeping import now as shanghai_now

    shift = timedelta(seconds=float(arguments.pop("clock_ahead_seconds", 0)))
    office = Office.open(url, create=False, now=lambda: shanghai_now() + shift)
    print("open", flush=True)
    if operation == "register":
        office.register(**arguments)
    elif operation == "advance":
        office.act(arguments.pop("number"), arguments.pop("action"), **arguments)
    elif operation == "sweep":
        office.sweep(arguments["on"])
    elif operation == "calendar-load":
        from disclosure.workflow.calendar import parse_overrides

        files = [parse_overrides(Path(path).read_text(encoding="utf-8"), source=path) for path in arguments["files"]]
        office.load_calendar(files, user=arguments["user"])
    elif operation == "repair":
        office.repair(user=arguments["user"])
    elif operation == "notify":
        chance = random.Random(seed)
        pause = (lambda: time.sleep(chance.uniform(0, limit_ms) / 1000)) if limit_ms else (lambda: None)
        office.notify({name: AppendingChannel(arguments["sent_to"], pause) for name in arguments["channels"]})
    else:
        raise SystemExit(f"unknown operation {operation}")
    office.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], json.loads(sys.argv[3]) if len(sys.argv) > 3 else {})
