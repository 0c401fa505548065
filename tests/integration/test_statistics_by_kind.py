"""The operating statistics as the seed offices publish them (issue 16 item 9), against an office counted
by hand, on both backends: each kind apart, 办结率 both ways, 反馈率 and 满意率 from the recorded ratings.

The second quarter of 2026 (2026-04-01 – 06-30); "today" is 2026-11-20. The 2026 calendar: Qingming
4–6 April, Labour Day 1–5 May, the Dragon Boat Festival 19–21 June; March has no holiday.

Applications for government information (依申请公开):

    A4 online    received 03-02 → replied 04-03. Due 20 working days after 03-02: 3–6 March (4), 9–13 (9),
                                  16–20 (14), 23–27 (19), 30 March (20): due 03-30, so replied late
    A1 in_person received 04-01 → replied 04-10 (on time)
    A2 post      received 04-13 → replied 05-06 (on time: Labour Day puts the due date in mid-May)
    A5 email     received 06-15 → open at the end; 10 working days by 06-30 (16–18, 22–26, 29–30), due in July
    A3 online    received 06-22 → open at the end; due in July

Petitions (信访):

    P1 post      received 04-01 → accepted, replied 04-20 (supported); rated 满意 04-25
    P6 in_person received 04-15 → accepted, replied 05-20 (partly supported); rated 不满意 05-22
    P2 in_person received 04-07 → accepted, replied 05-10; rated 不满意 05-12; 复查 asked 05-15 (the rating is
                                  set aside: the next opinion is rated afresh); 复查 opinion 06-01; rated 基本满意 06-05
    P3 post      received 05-04 → not accepted 05-06 (no reply, so nothing to rate)
    P4 online    received 06-10 → accepted, replied 06-25 by han2; not rated
    P5 post      received 06-20 → still registered at the end (its 15 days run to 07-05)

Deputies' suggestions (建议提案; assigned, so no channel):

    S1           received 03-19 → replied 05-20 (B); rated 满意 05-25
    S2           received 04-08 → replied 06-10 (A); rated 基本满意 06-12
    S3           received 05-12 → open at the end (due in August)
"""

from __future__ import annotations

import pytest

from disclosure.workflow.errors import InvalidInput, RuleViolation

from tests.integration.conftest import register

QUARTER = {"quarter": "2026Q2"}


def _granted(office, number, assigned, submitted, approved, replied):
    office.act(number, "assign", user="reg", on=assigned, to="han")
    office.act(number, "submit-review", user="han", on=submitted)
    office.act(number, "approve-review", user="rev", on=approved)
    office.act(number, "reply", user="han", on=replied, outcome="granted")


def _petition(office, received, channel, *, accepted=None, handler="han", replied=None, outcome="supported"):
    number = office.register(
        kind="petition", user="reg", on=received, received=received, channel=channel,
        applicant="李四", applicant_type="natural", request="反映小区噪音扰民",
    ).number
    if accepted:
        office.act(number, "accept", user="reg", on=accepted)
        office.act(number, "assign", user="reg", on=accepted, to=handler)
    if replied:
        office.act(number, "reply", user=handler, on=replied, outcome=outcome)
    return number


def _suggestion(office, received, assigned, replied=None, outcome="A"):
    number = office.register(
        kind="suggestion", user="reg", on=received, received=received, applicant="王代表",
        applicant_type="deputy", request="关于加快老旧小区改造的建议",
    ).number
    office.act(number, "assign", user="reg", on=assigned, to="han")
    if replied:
        office.act(number, "reply", user="han", on=replied, outcome=outcome)
    return number


def _rate(office, number, on, rating):
    office.act(number, "feedback", user="reg", on=on, rating=rating)


@pytest.fixture
def seeded(office):
    a4 = register(office, received="2026-03-02", channel="online").number
    _granted(office, a4, "2026-03-03", "2026-03-25", "2026-03-26", "2026-04-03")
    a1 = register(office, received="2026-04-01", channel="in_person").number
    _granted(office, a1, "2026-04-02", "2026-04-07", "2026-04-08", "2026-04-10")
    a2 = register(office, received="2026-04-13", channel="post").number
    _granted(office, a2, "2026-04-14", "2026-04-20", "2026-04-21", "2026-05-06")
    register(office, received="2026-06-15", channel="email")
    a3 = register(office, received="2026-06-22", channel="online").number
    office.act(a3, "assign", user="reg", on="2026-06-23", to="han")

    p1 = _petition(office, "2026-04-01", "post", accepted="2026-04-02", replied="2026-04-20")
    _rate(office, p1, "2026-04-25", "satisfied")
    p6 = _petition(office, "2026-04-15", "in_person", accepted="2026-04-16", replied="2026-05-20", outcome="partly_supported")
    _rate(office, p6, "2026-05-22", "dissatisfied")
    p2 = _petition(office, "2026-04-07", "in_person", accepted="2026-04-08", replied="2026-05-10", outcome="not_supported")
    office.act(p2, "deliver-reply", user="reg", on="2026-05-11")  # the 复查 window runs from the petitioner's receipt
    _rate(office, p2, "2026-05-12", "dissatisfied")
    office.act(p2, "request-review", user="reg", on="2026-05-15")
    assert "rating" not in office.case(p2).case.facts  # set aside: the 复查 opinion is rated afresh
    office.act(p2, "review-reply", user="han", on="2026-06-01", outcome="upheld")
    _rate(office, p2, "2026-06-05", "basically_satisfied")
    p3 = _petition(office, "2026-05-04", "post")
    office.act(p3, "refuse", user="reg", on="2026-05-06", reason="不属于信访事项")
    _petition(office, "2026-06-10", "online", accepted="2026-06-11", handler="han2", replied="2026-06-25")
    _petition(office, "2026-06-20", "post")

    s1 = _suggestion(office, "2026-03-19", "2026-03-20", replied="2026-05-20", outcome="B")
    _rate(office, s1, "2026-05-25", "satisfied")
    s2 = _suggestion(office, "2026-04-08", "2026-04-09", replied="2026-06-10")
    _rate(office, s2, "2026-06-12", "basically_satisfied")
    _suggestion(office, "2026-05-12", "2026-05-13")
    return office


def test_each_kind_is_counted_apart_and_applications_are_not_mixed_with_petitions(seeded):
    kinds = seeded.statistics(**QUARTER)["kinds"]
    assert [(code, section["label"]) for code, section in kinds.items()] == [
        ("disclosure", "政府信息公开申请"), ("petition", "信访事项"), ("suggestion", "人大代表建议·政协提案"),
    ]
    # Applications received in the quarter: A1 in person, A2 by post, A3 online, A5 by e-mail; none of the
    # six petitions (three by post, two in person, one online) among them.
    assert kinds["disclosure"]["total"]["received"] == {
        "in_person": 1, "post": 1, "online": 1, "fax": 0, "email": 1, "total": 4,
    }
    assert kinds["petition"]["total"]["received"] == {
        "in_person": 2, "post": 3, "online": 1, "fax": 0, "email": 0, "total": 6,
    }
    # S2 and S3, assigned rather than sent in: in the total, under no channel.
    assert kinds["suggestion"]["total"]["received"] == {
        "in_person": 0, "post": 0, "online": 0, "fax": 0, "email": 0, "total": 2,
    }


def test_the_applications_completion_rates_both_ways(seeded):
    figures = seeded.statistics(**QUARTER)["kinds"]["disclosure"]["total"]
    # As the seeds publish it: 受理 4 (A1, A2, A3, A5), of them 已办结 by 06-30 A1 and A2: 2 ÷ 4 = 50%.
    assert (figures["received"]["total"], figures["received_concluded"], figures["received_completion_rate"]) == (4, 2, 0.5)
    # Against what was due: 办结 in the quarter A4, A1, A2 = 3; 应办结 = 3 + open and due by 06-30 (A3, A5 are
    # due in July: none) = 3, so 100%. 按期: A1 and A2, not A4 (due 03-30, replied 04-03): 2 ÷ 3.
    assert (figures["concluded"], figures["due_to_conclude"], figures["completion_rate"]) == (3, 3, 1.0)
    assert (figures["concluded_on_time"], figures["on_time_rate"]) == (2, 0.6667)
    assert (figures["open_at_end"], figures["overdue_at_end"]) == (2, 0)  # A3, A5
    assert "feedback" not in figures  # an application's reply is not rated


def test_the_first_quarter_shows_why_the_two_completion_rates_differ(seeded):
    figures = seeded.statistics(quarter="2026Q1")["kinds"]["disclosure"]["total"]
    # 受理 1 (A4), not concluded by 03-31: 0 ÷ 1. 应办结: A4, open on 03-31 and due 03-30: 0 concluded ÷ 1 due;
    # and it is overdue at the end (due before the last day).
    assert (figures["received_completion_rate"], figures["completion_rate"], figures["overdue_at_end"]) == (0.0, 0.0, 1)


def test_petitions_feedback_and_satisfaction(seeded):
    figures = seeded.statistics(**QUARTER)["kinds"]["petition"]["total"]
    # 受理 6; concluded by 06-30: P1, P2 (its 复查 opinion), P3 (not accepted), P4, P6 = 5 ÷ 6.
    assert (figures["received_concluded"], figures["received_completion_rate"]) == (5, 0.8333)
    assert (figures["concluded"], figures["concluded_on_time"], figures["due_to_conclude"]) == (5, 5, 5)
    # Concluded in the quarter by a reply: P1, P2, P4, P6 (P3 was not accepted: no reply to rate) = 4.
    # Rated: P1 满意, P2 基本满意 (its first 不满意 set aside by the 复查), P6 不满意 = 3; P4 not rated.
    # 反馈率 3 ÷ 4 = 75%; 满意率 (1 满意 + 1 基本满意) ÷ 3 rated = 66.67%.
    assert figures["feedback"] == {
        "replied": 4, "rated": 3, "satisfied": 1, "basically_satisfied": 1, "dissatisfied": 1,
        "feedback_rate": 0.75, "satisfaction_rate": 0.6667,
    }


def test_suggestions_feedback_and_satisfaction(seeded):
    figures = seeded.statistics(**QUARTER)["kinds"]["suggestion"]["total"]
    # 受理 2 (S2, S3), S2 concluded by the end: 1 ÷ 2. Concluded in the quarter: S1 (received in Q1) and S2.
    assert (figures["received_concluded"], figures["received_completion_rate"], figures["concluded"]) == (1, 0.5, 2)
    # Both replies rated, 满意 and 基本满意: 反馈率 2 ÷ 2, 满意率 2 ÷ 2.
    assert figures["feedback"] == {
        "replied": 2, "rated": 2, "satisfied": 1, "basically_satisfied": 1, "dissatisfied": 0,
        "feedback_rate": 1.0, "satisfaction_rate": 1.0,
    }


def test_by_handler_within_each_kind_sums_to_the_kinds_total(seeded):
    petitions = seeded.statistics(**QUARTER, by="handler")["kinds"]["petition"]
    # han: P1, P2, P6, each replied and rated; han2: P4, replied, not rated (0 ÷ 1, 满意率 undefined);
    # unassigned: P3 (not accepted) and P5 (still registered).
    assert list(petitions["groups"]) == ["han", "han2", ""]
    han, han2, unassigned = petitions["groups"].values()
    assert (han["feedback"]["replied"], han["feedback"]["rated"], han["feedback"]["satisfaction_rate"]) == (3, 3, 0.6667)
    assert (han2["feedback"]["feedback_rate"], han2["feedback"]["satisfaction_rate"]) == (0.0, None)
    assert (unassigned["received"]["total"], unassigned["open_at_end"]) == (2, 1)
    assert petitions["total"]["feedback"] == seeded.statistics(**QUARTER)["kinds"]["petition"]["total"]["feedback"]


def test_one_kind_only_and_the_definitions_stated(seeded):
    figures = seeded.statistics(**QUARTER, kind="suggestion")
    assert list(figures["kinds"]) == ["suggestion"]
    assert figures["definitions"]["received_completion_rate"].startswith("办结率 = 已办结 ÷ 受理")
    assert "办结 ÷ 应办结" in figures["definitions"]["completion_rate"]
    assert "（满意 + 基本满意）÷ 已评价" in figures["definitions"]["satisfaction_rate"]
    with pytest.raises(InvalidInput, match="unknown kind 'letters'; expected one of disclosure, petition, suggestion"):
        seeded.statistics(**QUARTER, kind="letters")
    with pytest.raises(InvalidInput, match="counted by kind already; --by takes handler"):
        seeded.statistics(**QUARTER, by="kind")


def test_the_monthly_series_is_of_one_kind(seeded):
    # Applications: April received A1, A2 and concluded A4 (late) and A1: on time 1 ÷ 2; May concluded A2;
    # June received A5, A3 and concluded none.
    assert seeded.monthly_series(**QUARTER) == [
        {"month": "2026-04", "received": 2, "concluded": 2, "on_time_rate": 0.5},
        {"month": "2026-05", "received": 0, "concluded": 1, "on_time_rate": 1.0},
        {"month": "2026-06", "received": 2, "concluded": 0, "on_time_rate": None},
    ]
    # Petitions: April received P1, P2, P6, concluded P1; May received P3, concluded P3 and P6 (P2's 05-10
    # reply was reopened by its 复查: it counts when concluded again, in June); June received P4, P5,
    # concluded P2 and P4.
    assert [(m["received"], m["concluded"]) for m in seeded.monthly_series(**QUARTER, kind="petition")] == [
        (3, 1), (1, 2), (2, 2),
    ]
    with pytest.raises(InvalidInput, match="unknown kind 'letters'"):
        seeded.monthly_series(**QUARTER, kind="letters")


def test_a_rating_is_one_of_the_three_and_only_after_a_written_opinion(seeded):
    registered = _petition(seeded, "2026-06-22", "post")
    with pytest.raises(RuleViolation, match="feedback is not allowed while the case is in state registered"):
        _rate(seeded, registered, "2026-06-23", "satisfied")
    replied = _petition(seeded, "2026-06-22", "post", accepted="2026-06-23", replied="2026-06-29")
    with pytest.raises(InvalidInput, match="unknown rating 'happy'; expected one of satisfied, basically_satisfied, dissatisfied"):
        _rate(seeded, replied, "2026-06-30", "happy")
    assert seeded.verify().intact and seeded.replay() == []
