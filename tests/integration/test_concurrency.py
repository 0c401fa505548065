"""Two real processes on one case book: exactly one wins a race, numbers never repeat."""

from __future__ import annotations

import multiprocessing
from datetime import date

from disclosure.workflow.errors import ConcurrentChange, RuleViolation

from tests.integration.conftest import register

TODAY = date(2026, 11, 20)


def _assign(url: str, number: str, handler: str, barrier, results) -> None:
    from disclosure.service import Office

    office = Office.open(url, today=lambda: TODAY, create=False)
    barrier.wait()
    try:
        office.act(number, "assign", user="reg", on="2025-09-29", to=handler, expected_version=1)
        results.put(("ok", handler))
    except ConcurrentChange as error:
        results.put(("changed", str(error)))
    except RuleViolation as error:  # the loser may also find the state moved on
        results.put(("refused", str(error)))
    finally:
        office.close()


def _register_many(url: str, count: int, barrier, results) -> None:
    from disclosure.service import Office

    office = Office.open(url, today=lambda: TODAY, create=False)
    barrier.wait()
    for _ in range(count):
        results.put(register(office).number)
    office.close()


def _run(target, args_for, processes: int = 2):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    results = context.Queue()
    workers = [context.Process(target=target, args=(*args_for(i), barrier, results)) for i in range(processes)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    return results


def test_two_processes_acting_on_one_case_exactly_one_succeeds(office, database_url):
    number = register(office).number
    results = _run(_assign, lambda i: (database_url, number, f"han{'' if i == 0 else '2'}"))
    outcomes = sorted(results.get(timeout=10)[0] for _ in range(2))
    assert outcomes[0] == "changed" and outcomes[1] == "ok"
    case = office.case(number).case
    assert case.version == 2 and case.state == "processing"
    assert len(office.history(number)) == 2


def test_concurrent_registrations_get_distinct_numbers(office, database_url):
    results = _run(_register_many, lambda i: (database_url, 10))
    numbers = [results.get(timeout=10) for _ in range(20)]
    assert sorted(numbers) == [f"2025-{n:04d}" for n in range(1, 21)]
