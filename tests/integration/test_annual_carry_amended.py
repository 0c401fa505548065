"""A registration amended after its year's annual report was published: the next year still balances
in every column, and its notes say which carried-over case moved and why ([NB]; docs/reports.md,
"The next year continues from the published one"). Both backends.

The office of test_annual_whole.py's fixture (reg, han, boss); 2025 is published on 2026-01-20, by boss.
All applicants are natural persons (自然人) as registered, but G (商业企业). Worked by hand:

    A  received 2025-12-01, assigned            → carried over; amended to 商业企业 after publishing;
                                                  replied 2026-01-21 (unavailable.not_held)
    B  received 2025-12-10                      → carried over, unchanged; open at the end of 2026
    C  received 2025-12-12, amended to 法律服务机构 before publishing (so published there), amended back
                                                  to 自然人 after
    D  received and registered 2025-12-31       → carried over; after publishing its registration and then
                                                  its receipt date amended to 2026-01-05
    G  received 2025-12-20, 商业企业             → carried over; amended to 自然人 after publishing, then voided
    H  received 2025-12-15, assigned            → carried over; after publishing a reply effective
                                                  2025-12-30 (unavailable.not_held), then amended to 商业企业
    E  received 2026-01-05, registered 01-06    → not in 2025; after publishing its receipt date amended to
                                                  2025-12-30
    F  received 2025-12-29, registered after publishing (2026-02-02)

Published 2025: 一 = 四 = natural 4 (A B D H), legal_service 1 (C), enterprise 1 (G); 三 0.

2026:
    一  D (received 2026-01-05 as amended) + E and F (open at the end of 2025 as recounted, not carried
        over): natural 3.
    二  published natural 4, legal_service 1, enterprise 1 (6); less G from enterprise (its published
        column, voided), less D from natural (received in 2026 now); A natural → enterprise, C
        legal_service → natural, H natural → enterprise: natural 2 (B C), enterprise 2 (A H), total 4.
    三  A (2026) and H (concluded in 2025 after publishing): unavailable.not_held enterprise 2.
    四  B C D E F: natural 5.
    Check: natural 3 + 2 = 0 + 5; enterprise 0 + 2 = 2 + 0; legal_service 0 + 0 = 0 + 0; total 3 + 4 = 2 + 5.
"""

from __future__ import annotations

from datetime import date

from freezegun import freeze_time

from tests.integration.conftest import register
from tests.integration.test_annual_whole import PARTS, clock, office  # noqa: F401 (the same office and movable day)


def _row(**cells):
    row = {"natural": 0, "enterprise": 0, "research": 0, "public_interest": 0, "legal_service": 0, "other_org": 0}
    row.update(cells)
    return {**row, "total": sum(row.values())}


def _nonzero(table3) -> dict:
    return {key: dict(cells) for key, cells in table3.items() if cells["total"]}


def _amend(office, number, field, value):
    return office.amend(number, user="boss", version=1, field=field, value=value, reason="登记有误")


def test_an_applicant_type_amended_after_publishing_moves_the_case_in_the_carry_in(office, clock):
    """The tester's case: A and B natural, open at the end of 2025 (published 四 natural 2); after publishing
    A is amended to 商业企业 and replied to in 2026. 2026: 一 0; 二 natural 1 (B), enterprise 1 (A), total 2
    as published; 三 enterprise 1 (A); 四 natural 1 (B). Without the move natural would be 0 + 2 ≠ 0 + 1."""
    a = register(office, received="2025-12-01").number
    office.act(a, "assign", user="reg", on="2025-12-02", to="han")
    b = register(office, received="2025-12-10").number
    office.publish_annual_report(2025, parts=PARTS, user="boss")
    clock["today"] = date(2026, 2, 2)
    _amend(office, a, "applicant_type", "enterprise")
    office.act(a, "reply", user="han", on="2026-01-21", outcome="unavailable.not_held")

    report = office.annual_report(2026)
    assert report.balanced
    assert _nonzero(report.table3) == {
        "carried_in": _row(natural=1, enterprise=1),
        "unavailable.not_held": _row(enterprise=1),
        "concluded": _row(enterprise=1),
        "carried_out": _row(natural=1),
    }
    assert report.notes == (
        "二 上年结转 is the published 2025 report's 四 结转下年度",
        "二 上年结转 counts 1 case(s) the published 2025 report carried over in the column of their applicant type as "
        "amended since it was published, moved from the column each had there (二's total unchanged by it): "
        f"{a} counted as enterprise 商业企业 (natural 自然人 in the published report)",
    )
    # The published year stays as published; its recount shows the move.
    assert office.annual_report(2025).table3["carried_out"] == _row(natural=2)
    differences = office.compare_annual_report(2025)["differences"]
    assert sorted(differences, key=lambda difference: difference["where"]) == [
        {"where": "table3.carried_out.enterprise", "published": 0, "recount": 1},
        {"where": "table3.carried_out.natural", "published": 2, "recount": 1},
        {"where": "table3.new.enterprise", "published": 0, "recount": 1},
        {"where": "table3.new.natural", "published": 2, "recount": 1},
    ]
    assert b and office.verify().intact


def test_every_amendment_since_publishing_moves_its_case_and_each_column_balances(office, clock):
    numbers = {}
    numbers["A"] = register(office, received="2025-12-01").number
    office.act(numbers["A"], "assign", user="reg", on="2025-12-02", to="han")
    numbers["B"] = register(office, received="2025-12-10").number
    numbers["C"] = register(office, received="2025-12-12").number
    numbers["D"] = register(office, received="2025-12-31").number
    numbers["G"] = register(office, received="2025-12-20", applicant_type="enterprise").number
    numbers["H"] = register(office, received="2025-12-15").number
    office.act(numbers["H"], "assign", user="reg", on="2025-12-16", to="han")
    numbers["E"] = register(office, received="2026-01-05", on="2026-01-06").number
    _amend(office, numbers["C"], "applicant_type", "legal_service")  # before publishing: published as such
    office.publish_annual_report(2025, parts=PARTS, user="boss")
    assert office.annual_report(2025).table3["carried_out"] == _row(natural=4, legal_service=1, enterprise=1)

    clock["today"] = date(2026, 2, 2)
    a, b, c, d, e, g, h = (numbers[key] for key in "ABCDEGH")
    _amend(office, a, "applicant_type", "enterprise")
    office.act(a, "reply", user="han", on="2026-01-21", outcome="unavailable.not_held")
    _amend(office, c, "applicant_type", "natural")
    _amend(office, d, "on", "2026-01-05")  # registered on 2026-01-05, received then too
    _amend(office, d, "received", "2026-01-05")
    _amend(office, e, "received", "2025-12-30")
    f = register(office, received="2025-12-29", on="2026-02-02").number
    _amend(office, g, "applicant_type", "natural")
    office.void(g, user="reg", reason="重复登记")
    office.approve_void(g, user="boss")
    office.act(h, "reply", user="han", on="2025-12-30", outcome="unavailable.not_held")
    _amend(office, h, "applicant_type", "enterprise")

    report = office.annual_report(2026)
    assert report.balanced
    assert _nonzero(report.table3) == {
        "new": _row(natural=3),  # D E F
        "carried_in": _row(natural=2, enterprise=2),  # B C · A H
        "unavailable.not_held": _row(enterprise=2),  # A H
        "concluded": _row(enterprise=2),
        "carried_out": _row(natural=5),  # B C D E F
    }
    assert report.notes == (
        f"二 上年结转 is the published 2025 report's 四 结转下年度, less 1 case(s) it carried over that were voided since "
        f"(登记错误已作废): {g}",
        "二 上年结转 leaves out 1 case(s) the published 2025 report carried over whose receipt date was amended since to a "
        "day after 2025; each counts from that day (in 一 本年新收 when it is in 2026): "
        f"{d} received 2026-01-05 (2025-12-31 when the report was published)",
        "二 上年结转 counts 3 case(s) the published 2025 report carried over in the column of their applicant type as "
        "amended since it was published, moved from the column each had there (二's total unchanged by it): "
        f"{a} counted as enterprise 商业企业 (natural 自然人 in the published report); "
        f"{c} counted as natural 自然人 (legal_service 法律服务机构 in the published report); "
        f"{h} counted as enterprise 商业企业 (natural 自然人 in the published report)",
        "一 本年新收 includes 1 case(s) open at the end of 2025 whose receipt date was amended since its report was "
        f"published to a day in 2025, which that report could not carry over: {e} received 2025-12-30 (2026-01-05 when "
        "the report was published)",
        f"一 本年新收 includes 1 case(s) open at the end of 2025 that its published report did not carry over (reopened, "
        f"registered or amended since): {f}",
        f"三 办理结果 includes 1 case(s) the published 2025 report carried over that were recorded concluded in 2025 after "
        f"it was published: {h}",
    )
    assert b and office.verify().intact and office.replay() == []
    # 2026 published, 2027 carries in its 四 (B C D E F natural) with nothing moved.
    clock["today"] = date(2027, 1, 10)
    office.publish_annual_report(2026, parts=PARTS, user="boss")
    following = office.annual_report(2027)
    assert following.table3["carried_in"] == _row(natural=5) and following.balanced
    assert following.notes == ("二 上年结转 is the published 2026 report's 四 结转下年度",)


def test_a_conclusion_moved_across_the_year_end_after_publishing(office, clock):
    """P received 2025-12-01, replied 2025-12-20 (unavailable.not_held): concluded in the published 2025.
    Q received 2025-12-05, replied 2026-01-08 before publishing: carried over (四 natural 1). After publishing
    P's reply is amended to 2026-01-06 and Q's to 2025-12-30. 2026: 一 P (open at the end of 2025 now, not
    carried over) natural 1; 二 Q natural 1 (as published); 三 P (2026) and Q (2025, after publishing)
    natural 2; 四 0. Check: 1 + 1 = 2 + 0."""
    p = register(office, received="2025-12-01").number
    office.act(p, "assign", user="reg", on="2025-12-02", to="han")
    office.act(p, "reply", user="han", on="2025-12-20", outcome="unavailable.not_held")
    q = register(office, received="2025-12-05").number
    office.act(q, "assign", user="reg", on="2025-12-06", to="han")
    office.act(q, "reply", user="han", on="2026-01-08", outcome="unavailable.not_held")
    office.publish_annual_report(2025, parts=PARTS, user="boss")
    assert office.annual_report(2025).table3["carried_out"] == _row(natural=1)
    clock["today"] = date(2026, 2, 2)
    office.amend(p, user="boss", version=3, field="on", value="2026-01-06", reason="答复日期录错")
    office.amend(q, user="boss", version=3, field="on", value="2025-12-30", reason="答复日期录错")
    report = office.annual_report(2026)
    assert report.balanced
    assert _nonzero(report.table3) == {
        "new": _row(natural=1),
        "carried_in": _row(natural=1),
        "unavailable.not_held": _row(natural=2),
        "concluded": _row(natural=2),
    }
    assert report.notes == (
        "二 上年结转 is the published 2025 report's 四 结转下年度",
        "一 本年新收 includes 1 case(s) open at the end of 2025 that its published report did not carry over (reopened, "
        f"registered or amended since): {p}",
        "三 办理结果 includes 1 case(s) the published 2025 report carried over that were recorded concluded in 2025 after "
        f"it was published: {q}",
    )


@freeze_time("2026-01-20 02:00:00")  # 10:00 in Beijing: the steps recorded now are the clock's today
def test_an_amendment_undone_since_moves_nothing_and_one_undone_after_publishing_does(office):
    """R and S natural, open at the end of 2025; before publishing S is amended to 科研机构 (published 四
    natural 1, research 1). After publishing, the same day, R is amended to 商业企业 and the head undoes it
    (R as published), and S is amended back to 自然人. 2026: 二 natural 2 (R; S moved from research), 四
    natural 2; only S is named."""
    r = register(office, received="2025-12-01").number
    s = register(office, received="2025-12-02").number
    _amend(office, s, "applicant_type", "research")
    office.publish_annual_report(2025, parts=PARTS, user="boss")
    assert office.annual_report(2025).table3["carried_out"] == _row(natural=1, research=1)
    _amend(office, r, "applicant_type", "enterprise")
    office.undo(r, user="boss")
    assert office.case(r).case.applicant["type"] == "natural"
    _amend(office, s, "applicant_type", "natural")
    report = office.annual_report(2026)
    assert report.balanced and _nonzero(report.table3) == {"carried_in": _row(natural=2), "carried_out": _row(natural=2)}
    assert report.notes[1:] == (
        "二 上年结转 counts 1 case(s) the published 2025 report carried over in the column of their applicant type as "
        "amended since it was published, moved from the column each had there (二's total unchanged by it): "
        f"{s} counted as natural 自然人 (research 科研机构 in the published report)",
    )


def test_a_carry_without_its_publication_entry_counts_each_case_in_its_column_now(office, clock):
    """A carry that does not say where it was published (no office-log position): what the book says now is
    all there is, so a case moved out of the year leaves 二 from its column now, named with its receipt date.
    D natural received 2025-12-31, amended to 2026-01-05: 二 natural 1 − 1 = 0; 一 1 (D); 四 1 (D)."""
    from disclosure.reports.annual import PublishedCarry, annual_report

    d = register(office, received="2025-12-31").number
    clock["today"] = date(2026, 2, 2)
    _amend(office, d, "on", "2026-01-05")
    _amend(office, d, "received", "2026-01-05")
    carry = PublishedCarry(2025, _row(natural=1), (d,))
    with office._context.storage.reading() as uow:  # noqa: SLF001 (the report's own function, given a carry)
        report = annual_report(uow.session, 2026, previous=carry)
    assert _nonzero(report.table3) == {"new": _row(natural=1), "carried_out": _row(natural=1)}
    assert report.notes[1] == (
        "二 上年结转 leaves out 1 case(s) the published 2025 report carried over whose receipt date was amended since to a "
        f"day after 2025; each counts from that day (in 一 本年新收 when it is in 2026): {d} received 2026-01-05"
    )
