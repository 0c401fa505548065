"""verify-export against cut, edited and malformed exports of a real book (SQLite, and PostgreSQL when set).

Each edit is one an auditor must not be able to miss: a whole case cut out, the head deleted, a
claim that the events do not give; and each malformed document is one InvalidInput line.
"""

from __future__ import annotations

import copy
import json

import pytest

from disclosure.audit.export import CASE_FIELDS, FORMAT_VERSION, read_export, to_csv, verify_export
from disclosure.workflow.chain import Anchor
from disclosure.workflow.errors import InvalidInput


@pytest.fixture
def replied(book):
    """The book with 2025-0001 replied (so outcome, replied_on and on_time are set)."""
    book.act("2025-0001", "reply", user="han", on="2025-10-16", outcome="granted")
    return book


def _problem(document, anchor=None):
    _, finding = verify_export(document, anchor)
    assert finding is not None, "the export was called intact"
    return finding.problem, finding.position, finding.case


def _without_case(document, number):
    cut = copy.deepcopy(document)
    cut["cases"] = [claim for claim in cut["cases"] if claim["number"] != number]
    cut["events"] = [event for event in cut["events"] if event["case"] != number]
    return cut


def test_an_export_carries_its_counts_and_head(replied):
    anchor = replied.anchor()
    document = replied.export(everything=True)
    assert document["format_version"] == FORMAT_VERSION == 3
    assert (document["case_count"], document["event_count"]) == (3, 13)
    assert document["head"] == {"position": 13, "hash": anchor.hash}
    assert verify_export(document, anchor) == (13, None)
    assert verify_export(read_export(json.dumps(document)), anchor) == (13, None)


def test_a_missing_head_is_broken_with_or_without_an_anchor(replied):
    anchor = replied.anchor()
    document = replied.export(["2025-0002"])
    del document["head"]
    assert _problem(document) == ("missing", None, None)
    assert _problem(document, anchor) == ("missing", None, None)


def test_a_case_cut_from_an_export_of_every_case_is_missing(replied):
    document = replied.export(everything=True)
    cut = _without_case(document, "2025-0002")  # events at positions 3, 4 and 10
    assert _problem(cut) == ("missing", 3, None)  # an export of every case holds every position up to its head
    cut["case_count"], cut["event_count"] = 2, 10  # the counts edited to match do not hide it
    assert _problem(cut) == ("missing", 3, None)
    newest = _without_case(document, "2025-0001")  # its reply is the newest event, at the head
    newest["case_count"], newest["event_count"] = 2, 6
    assert _problem(newest, replied.anchor()) == ("missing", 1, None)


def test_a_case_cut_from_a_listed_or_yearly_export_is_missing(replied):
    listed = _without_case(replied.export(["2025-0001", "2025-0003"]), "2025-0003")
    listed["case_count"], listed["event_count"] = 1, 7
    assert _problem(listed) == ("missing", None, "2025-0003")  # the selection still names it
    yearly = _without_case(replied.export(year=2025), "2025-0003")
    assert _problem(yearly) == ("missing", None, None)  # its counts say three cases


def test_events_without_a_claim_and_claims_without_events(replied):
    document = replied.export(everything=True)
    unclaimed = copy.deepcopy(document)
    unclaimed["cases"] = [claim for claim in unclaimed["cases"] if claim["number"] != "2025-0002"]
    unclaimed["case_count"] = 2
    assert _problem(unclaimed) == ("missing", 3, "2025-0002")
    twice = copy.deepcopy(document)
    twice["cases"].append(dict(twice["cases"][0]))
    twice["case_count"] = 4
    assert _problem(twice) == ("forged", None, "2025-0001")


@pytest.mark.parametrize(
    "field, value",
    [
        ("outcome", "refused"), ("outcome", None), ("on_time", False), ("on_time", None), ("on_time", 1),
        ("state", "archived"), ("version", 8), ("version", 7.0), ("handler", "han2"), ("replied_on", "2025-10-17"),
        ("kind", "petition"),
    ],
)
def test_every_claimed_field_that_disagrees_with_the_events_is_broken(replied, field, value):
    document = replied.export(["2025-0001"])
    assert field in CASE_FIELDS
    document["cases"][0][field] = value
    assert _problem(document) == ("projection", None, "2025-0001")


def test_a_claim_with_a_field_left_out_or_added_is_broken(replied):
    document = replied.export(["2025-0002"])
    lacking = copy.deepcopy(document)
    del lacking["cases"][0]["outcome"]  # null in the book: a missing key must not pass as null
    assert _problem(lacking) == ("projection", None, "2025-0002")
    added = copy.deepcopy(document)
    added["cases"][0]["applicant"] = "王五"
    assert _problem(added) == ("projection", None, "2025-0002")


def test_the_head_must_end_the_events_and_match_its_own(replied):
    document = replied.export(everything=True)
    early = copy.deepcopy(document)
    early["head"] = {"position": 12, "hash": document["events"][11]["hash"]}
    assert _problem(early) == ("forged", 13, "2025-0001")
    other = copy.deepcopy(document)
    other["head"]["hash"] = "e" * 64
    assert _problem(other) == ("changed", 13, "2025-0001")


def test_an_anchor_the_export_cannot_be_checked_against_is_refused(replied):
    anchor = replied.anchor()  # position 13, an event of 2025-0001
    listed = replied.export(["2025-0002"])
    assert verify_export(listed, anchor) == (3, None)  # checked at the head
    replied.act("2025-0003", "receive-opinion", user="han2", on="2025-10-20", consent="yes")
    later = replied.export(["2025-0002"])  # head 14: neither the head nor an event at 13
    with pytest.raises(InvalidInput, match="cannot be checked against this export"):
        verify_export(later, anchor)
    with pytest.raises(InvalidInput, match="cannot be checked"):
        verify_export(read_export(to_csv(later)), anchor)
    assert verify_export(read_export(to_csv(replied.export(everything=True))), anchor) == (14, None)


def test_an_export_of_format_1_is_read_where_nothing_could_be_cut_unseen(replied):
    for selection in ({"everything": True}, {"numbers": ["2025-0001"]}):
        older = replied.export(**selection)
        older["format_version"] = 1
        del older["case_count"], older["event_count"]
        assert verify_export(read_export(json.dumps(older)))[1] is None
    yearly = replied.export(year=2025)
    yearly["format_version"] = 1
    del yearly["case_count"], yearly["event_count"]
    with pytest.raises(InvalidInput, match="format 1 export of a year"):
        read_export(json.dumps(yearly))


def _edits(document):
    """Malformed variants of a good export: (what was done, the document)."""
    def edited(change):
        copied = copy.deepcopy(document)
        change(copied)
        return copied

    yield "no events", edited(lambda d: d.pop("events"))
    yield "events not a list", edited(lambda d: d.update(events="x"))
    yield "an event not an object", edited(lambda d: d["events"].append(1))
    yield "an event lacks a field", edited(lambda d: d["events"][0].pop("user"))
    yield "a position as text", edited(lambda d: d["events"][0].update(position="a"))
    yield "a position true", edited(lambda d: d["events"][0].update(position=True))
    yield "a version as a float", edited(lambda d: d["events"][0].update(version=1.0))
    yield "data not an object", edited(lambda d: d["events"][0].update(data=[1]))
    yield "a date that is no date", edited(lambda d: d["events"][0].update(on="2025-02-30"))
    yield "a hash as a number", edited(lambda d: d["events"][0].update(hash=5))
    yield "an extra event field", edited(lambda d: d["events"][0].update(outcome="granted"))
    yield "cases not a list", edited(lambda d: d.update(cases={}))
    yield "a claim not an object", edited(lambda d: d["cases"].append("2025-0001"))
    yield "a claim without a number", edited(lambda d: d["cases"][0].pop("number"))
    yield "a kind as a list", edited(lambda d: d["cases"][0].update(kind=["disclosure"]))
    yield "a head as text", edited(lambda d: d.update(head="13:abc"))
    yield "a head without a hash", edited(lambda d: d["head"].pop("hash"))
    yield "a case count as text", edited(lambda d: d.update(case_count="3"))
    yield "no selection", edited(lambda d: d.pop("selection"))
    yield "a selection of two", edited(lambda d: d.update(selection={"all": True, "year": 2025}))
    yield "an unknown format version", edited(lambda d: d.update(format_version=4))
    yield "a format version as a float", edited(lambda d: d.update(format_version=3.0))
    yield "a by that is not text", edited(lambda d: d["events"][0].update(by=5))
    yield "the CSV form in JSON", edited(lambda d: d.update(format_version="csv"))
    yield "not an export", edited(lambda d: d.update(format="something else"))


def test_every_malformed_export_is_one_invalid_input_line(replied):
    document = replied.export(everything=True)
    for what, malformed in _edits(document):
        with pytest.raises(InvalidInput) as refused:
            verify_export(read_export(json.dumps(malformed)))
        message = str(refused.value)
        assert message and "\n" not in message, what
    for text in ("[1, 2]", "{\"format\": 1", "{" * 100_000, json.dumps({**document, "office": "\ud800"})):
        with pytest.raises(InvalidInput):
            read_export(text)


def test_event_data_a_kind_cannot_fold_is_a_finding_not_a_traceback(replied):
    from disclosure.workflow.chain import GENESIS, canonical_data, chain_hash

    document = replied.export(["2025-0002"])
    document["events"] = document["events"][:1]
    event = document["events"][0]
    event["data"] = {"unexpected": True}  # the hashes recomputed to fit, as a forger would
    event["position"], event["prev_hash"] = 1, GENESIS
    event["hash"] = chain_hash(
        GENESIS, event["case"], event["version"], event["type"], canonical_data(event["data"]), event["user"],
        event["role"], event["on"], event["recorded_at"], event["schema"], event["snapshot_hash"], event.get("by"),
    )
    document["head"] = {"position": 1, "hash": event["hash"]}
    document["event_count"] = 1
    assert _problem(document) == ("projection", None, "2025-0002")
    assert verify_export(document, Anchor(1, "f" * 64))[1].problem == "changed"
