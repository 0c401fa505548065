"""The reports' tallies kept by the write path are what a count of the whole book gives (storage/tallies.py,
storage/tally_recount.py), whatever the cases went through; `audit verify` finds a tally edited behind the
engine's back, `audit replay` names it and `audit repair` rewrites it. On SQLite and PostgreSQL.

A seeded random office: applications and petitions, each taking steps drawn at random from every action
that moves a tally (assignment and reassignment, corrections, consultations, extensions, fees and their
payments, review, replies, delivery, withdrawal, appeals and their decisions, ratings, voids, undos,
amendments of a receipt date or of a step's date); a step the rules refuse is simply not taken. The
statistics of several periods and the annual report, summed from the tallies, are then held to a count by
hand of the cases folded again from their events alone.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from disclosure.service import Office
from disclosure.storage.tally_recount import recount, stored_tallies
from disclosure.workflow.case import replay
from disclosure.workflow.corrected_history import effective_events
from disclosure.workflow.errors import DisclosureError
from disclosure.workflow.vocabulary import OUTCOMES

TODAY = date(2026, 12, 31)
FIRST_RECEIPT = date(2025, 11, 3)
CASES = 160
STEPS = 9

APPLICATION_ACTIONS = [
    ("assign", "reg", lambda rng: {"to": "han"}),
    ("reassign", "boss", lambda rng: {"to": rng.choice(["han", "hal"])}),
    ("request-correction", "han", lambda rng: {}),
    ("receive-correction", "reg", lambda rng: {}),
    ("consult", "han", lambda rng: {"party": "agency", "name": "某局"}),
    ("receive-opinion", "han", lambda rng: {"opinion": "agree"}),
    ("extend", "boss", lambda rng: {"days": 20}),
    ("notify-fee", "han", lambda rng: {"pages": rng.choice([40, 43, 120])}),
    ("receive-payment", "han", lambda rng: {}),
    ("submit-review", "han", lambda rng: {}),
    ("approve-review", "rev", lambda rng: {}),
    ("reply", "han", lambda rng: {"outcome": rng.choice(["granted", "unavailable.not_held", "partial"]),
                                  "reason": "涉及第三方的部分不予公开"}),
    ("deliver", "reg", lambda rng: {"method": "post"}),
    ("withdraw", "reg", lambda rng: {}),
    ("record-appeal", "reg", lambda rng: {"type": rng.choice(["reconsideration", "litigation"]),
                                          "result": rng.choice(["pending", "upheld", "corrected"])}),
    ("record-appeal", "boss", lambda rng: {"appeal": 1, "result": rng.choice(["upheld", "corrected"])}),
]
PETITION_ACTIONS = [
    ("accept", "reg", lambda rng: {}),
    ("assign", "reg", lambda rng: {"to": "han"}),
    ("reply", "han", lambda rng: {"outcome": "supported"}),
    ("deliver-reply", "reg", lambda rng: {}),
    ("feedback", "reg", lambda rng: {"rating": rng.choice(["satisfied", "basically_satisfied", "dissatisfied"])}),
    ("request-review", "reg", lambda rng: {}),
]


def _try(office: Office, number: str, action: str, user: str, day: date, params: dict) -> bool:
    try:
        office.act(number, action, user=user, on=day, **params)
    except DisclosureError:
        return False
    return True


def _build(office: Office, rng: random.Random) -> int:
    """The cases registered and walked; how many steps were taken."""
    taken = 0
    for _ in range(CASES):
        kind = "petition" if rng.random() < 0.25 else "disclosure"
        day = FIRST_RECEIPT + timedelta(days=rng.randrange(300))
        number = office.register(user="reg", on=day, kind=kind, channel="online", received=day.isoformat(), applicant="张三",
                                 applicant_type=rng.choice(["natural", "legal_service", "enterprise"]), request="部门预算").number
        actions = PETITION_ACTIONS if kind == "petition" else APPLICATION_ACTIONS
        last_user = "reg"
        for _ in range(STEPS):
            day += timedelta(days=rng.randint(0, 6))
            roll = rng.random()
            if roll < 0.08:  # one's own last step, undone the day it was recorded (every step is recorded on TODAY)
                taken += _try(office, number, "undo", last_user, day, {})
            elif roll < 0.10:
                field, value = rng.choice([("on", None), ("received", None)])
                shifted = day - timedelta(days=rng.randint(1, 20))
                taken += _try(office, number, "amend", "boss", day,
                              {"version": 1 if field == "received" else rng.randint(1, 4), "field": field,
                               "value": shifted.isoformat(), "reason": "日期录错"})
            elif roll < 0.12:  # a registration entered in error, voided once a head approves (corrections are not listed)
                if _try(office, number, "void", "reg", day, {"reason": "重复登记"}):
                    taken, last_user = taken + 1, "reg"
                    if rng.random() < 0.8 and _try(office, number, "approve-void", "boss", day, {}):
                        taken, last_user = taken + 1, "boss"
            else:
                allowed = {name for user in ("reg", "han", "boss", "rev") for name in office.actions(number, user, on=day)}
                choices = [entry for entry in actions if entry[0] in allowed]
                if choices:
                    action, user, params = rng.choice(choices)
                    if _try(office, number, action, user, day, params(rng)):
                        taken, last_user = taken + 1, user
    return taken


@pytest.fixture
def walked(database_url):
    recorded = datetime(2026, 12, 31, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    office = Office.open(database_url, today=lambda: TODAY, now=lambda: recorded)
    office.init("测试办公室", admin="admin")
    for name, roles in {"reg": ["registrar"], "han": ["handler"], "hal": ["handler"], "rev": ["reviewer"],
                        "boss": ["head"]}.items():
        office.add_user(name, roles, by="admin")
    taken = _build(office, random.Random(19))
    yield office, taken
    office.close()


def test_the_kept_tallies_are_the_books_count_after_any_history(walked):
    office, taken = walked
    assert taken > CASES * 3  # most cases went some way: the walk is not refused at its first step
    with office.engine.connect() as connection:
        kept, counted = stored_tallies(connection), recount(connection)
        measures = {key[0] for key in counted}
        amended = connection.execute(text("SELECT count(*) FROM events WHERE type = 'amend'")).scalar()
        undone = connection.execute(text("SELECT count(*) FROM events WHERE type = 'undo'")).scalar()
        voided = connection.execute(text("SELECT count(*) FROM cases WHERE state = 'voided'")).scalar()
    # Every measure and every kind of correction was exercised.
    assert measures == {"received", "concluded", "reply_days", "action", "fee", "appeal_filed", "appeal_decided"}
    assert amended and undone and voided
    assert kept == counted
    assert office.verify().intact


def test_a_tally_edited_behind_the_engines_back_is_found_named_and_repaired(walked):
    office, _ = walked
    before = office.annual_report(2026).as_dict()
    with office.engine.begin() as connection:  # one more application received on the first day of 2026 that has one
        day, detail = connection.execute(text(
            "SELECT day, detail FROM report_tallies WHERE measure = 'received' AND kind = 'disclosure' AND day >= :first "
            "ORDER BY day, detail"), {"first": date(2026, 1, 1)}).first()
        connection.execute(text("UPDATE report_tallies SET count = count + 1 WHERE measure = 'received' "
                                "AND kind = 'disclosure' AND day = :day AND detail = :detail"), {"day": day, "detail": detail})
    assert office.annual_report(2026).as_dict() != before  # the report reads the tallies
    verification = office.verify()
    assert verification.finding.problem == "tallies"
    assert str(verification.finding).startswith("report tallies: received 2026-")
    differences = office.replay()
    assert [difference.case for difference in differences] and {d.case for d in differences} == {"report_tallies"}
    assert office.repair(user="admin") == ["report_tallies"]
    assert office.verify().intact and office.replay() == []
    assert office.annual_report(2026).as_dict() == before


def _replayed(office: Office) -> list:
    """Every case folded again from its events alone (history as recorded: no stored row read), but the voided."""
    with office.engine.connect() as connection:
        numbers = [(number, kind) for number, kind in connection.execute(text("SELECT number, kind FROM cases ORDER BY number"))]
    found = []
    for number, kind_code in numbers:
        kind = office.kinds.kind(kind_code)
        events = office.history(number)
        case = replay(kind, office.kinds.machine(kind_code), events)
        if case.state != "voided":
            found.append((case, effective_events(events)))
    return found


def _plain_figures(replayed: list, kind: str, first: date, last: date) -> dict:
    """The statistics' counted figures of one kind, counted by hand from the replayed cases."""
    cases = [(case, steps) for case, steps in replayed if case.kind == kind]
    within = lambda day: day is not None and first <= day <= last  # noqa: E731
    concluded = [case for case, _ in cases if within(case.concluded_on)]
    open_at_end = [case for case, _ in cases if case.received_on <= last and (case.concluded_on is None or case.concluded_on > last)]
    steps = [step for _, listed in cases for step in listed if within(step.on)]
    fees, notice = [], {}
    for case, listed in cases:
        for step in listed:
            if step.type == "notify-fee":
                notice[case.number] = step.data["amount"]
            elif step.type == "receive-payment" and within(step.on) and case.number in notice:
                fees.append(Decimal(str(notice[case.number])))
    return {
        "received": sum(within(case.received_on) for case, _ in cases),
        "concluded": len(concluded),
        "concluded_on_time": sum(case.reply_on_time is True or (case.reply_on_time is None and case.replied_on is None)
                                 for case in concluded),
        "open_at_end": len(open_at_end),
        "corrections": sum(step.type == "request-correction" for step in steps),
        "consultations": sum(step.type == "consult" for step in steps),
        "extensions": sum(step.type == "extend" for step in steps),
        "fees_collected": str(sum(fees, Decimal("0")).quantize(Decimal("0.01"))),
    }


def test_the_reports_from_the_tallies_are_a_count_by_hand_of_the_replayed_cases(walked):
    office, _ = walked
    replayed = _replayed(office)
    seen: set[str] = set()
    for first, last in ((date(2025, 11, 1), date(2025, 12, 31)), (date(2026, 1, 1), date(2026, 3, 31)),
                        (date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 2, 10), date(2026, 5, 20))):
        statistics = office.statistics(start=first, end=last)["kinds"]
        for kind in ("disclosure", "petition"):
            figures = statistics[kind]["total"]
            counted = {name: figures[name] for name in ("concluded", "concluded_on_time", "open_at_end", "corrections",
                                                        "consultations", "extensions", "fees_collected")}
            counted["received"] = figures["received"]["total"]
            by_hand = _plain_figures(replayed, kind, first, last)
            assert counted == by_hand, (kind, first, last)
            seen.update(name for name, value in by_hand.items() if value not in (0, "0.00"))
    assert seen == {"received", "concluded", "concluded_on_time", "open_at_end", "corrections", "consultations",
                    "extensions", "fees_collected"}  # every figure was something somewhere: no comparison of noughts
    # The annual report's table 三 of 2026, by hand: received, concluded by outcome, open at each end.
    report = office.annual_report(2026)
    applications = [case for case, _ in replayed if case.kind == "disclosure"]
    year = (date(2026, 1, 1), date(2026, 12, 31))
    assert report.table3["new"]["total"] == sum(year[0] <= case.received_on <= year[1] for case in applications)
    assert report.table3["carried_in"]["total"] == sum(
        case.received_on < year[0] and (case.concluded_on is None or case.concluded_on >= year[0]) for case in applications)
    by_outcome: dict[str, int] = {}
    for case in applications:
        if case.concluded_on is not None and year[0] <= case.concluded_on <= year[1]:
            by_outcome[case.outcome] = by_outcome.get(case.outcome, 0) + 1
    assert {row: cells["total"] for row, cells in report.table3.items() if row in OUTCOMES and cells["total"]} == by_outcome
    assert report.table3["concluded"]["total"] == sum(by_outcome.values()) > 20 and report.balanced
