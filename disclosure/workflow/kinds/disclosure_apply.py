"""The disclosure kind's ``apply`` hooks: how each of its events changes a case (STATUTE.md §2).

Replay runs only these: everything an event needs was resolved into its data when it was decided
(workflow/kinds/disclosure.py), so applying needs no settings and no calendar.
"""

from __future__ import annotations

from datetime import date

from disclosure.workflow.clocks import Clock, ClockUnit, stop_if_active
from disclosure.workflow.errors import RuleViolation
from disclosure.workflow.kinds.registration import apply_registration
from disclosure.workflow.messages import t


def apply_register(case, event):
    apply_registration(case, event)
    data = event.data
    case.clocks["reply"] = Clock("reply").start(case.received_on, data["reply_days"], ClockUnit.WORKDAYS)
    case.clocks["correction_notice"] = Clock("correction_notice").start(
        case.received_on, data["correction_notice_days"], ClockUnit.WORKDAYS
    )


def apply_assign(case, event):
    case.handler = event.data["to"]
    case.clocks["correction_notice"] = stop_if_active(case.clocks.get("correction_notice"), event.on)


def apply_request_correction(case, event):
    case.clocks["reply"] = stop_if_active(case.clocks["reply"], event.on)
    case.clocks["correction_notice"] = stop_if_active(case.clocks.get("correction_notice"), event.on)
    case.clocks["correction"] = Clock("correction", case.clocks["correction"].ledger if "correction" in case.clocks else ()).start(
        event.on, event.data["period"], ClockUnit.WORKDAYS
    )
    case.late_correction_notice = case.late_correction_notice or bool(event.data.get("late"))
    if "round" in event.data:  # recorded since corrections are asked once a round ([GK] 30)
        case.correction_round = event.data["round"]


def apply_receive_correction(case, event):
    case.state = event.data.get("state", "processing")  # before the return to registered was recorded: processing
    case.clocks["reply"] = case.clocks["reply"].restart(event.on)
    case.clocks["correction"] = stop_if_active(case.clocks["correction"], event.on)


def _start_side_clock(case, name, event):
    previous = case.clocks[name].ledger if name in case.clocks else ()
    case.clocks[name] = Clock(name, previous).start(event.on, event.data["days"], ClockUnit.WORKDAYS)


def _stop_side_clock(case, name, event):
    if name in case.clocks:
        case.clocks[name] = stop_if_active(case.clocks[name], event.on)


# What a consultation and a fee leave on the case are its facts (``show --json`` has them): each key
# below is one fact, written only by these hooks. A request or notice recorded before the receipt was
# (its data says the period counts from it) folds as it did then, leaving no facts, so that an older
# book replays to the snapshots it stored.
_CONSULTATION_FACTS = ("consulted_party", "consulted_name", "consulted_on", "opinion_days",
                       "opinion_request_received_on", "opinion", "opinion_on")


def apply_consult(case, event):
    case.clocks["reply"] = case.clocks["reply"].pause(event.on)
    if event.data.get("period_from_request"):
        _start_side_clock(case, "opinion", event)
        return
    for name in _CONSULTATION_FACTS:  # the facts of an earlier consultation give way to this one's
        case.facts.pop(name, None)
    case.facts.update({"consulted_party": event.data["party"], "consulted_on": event.on.isoformat(), "opinion_days": event.data["days"]})
    if event.data.get("name"):
        case.facts["consulted_name"] = event.data["name"]


def apply_opinion_request_received(case, event):
    _start_side_clock(case, "opinion", event)
    case.facts["opinion_request_received_on"] = event.on.isoformat()


def apply_receive_opinion(case, event):
    case.clocks["reply"] = case.clocks["reply"].resume(event.on)
    _stop_side_clock(case, "opinion", event)
    opinion = event.data.get("opinion")
    if opinion is None:  # recorded before answers were
        return
    case.facts.update({"opinion": opinion, "opinion_on": event.on.isoformat()})
    if opinion == "object" and event.data.get("party") == "third_party":
        case.facts["third_party_objected"] = True


def apply_public_interest_release(case, event):
    case.facts.update({"public_interest_decided_on": event.on.isoformat(), "public_interest_reason": event.data["reason"]})


def apply_notify_third_party(case, event):
    case.facts["third_party_notified_on"] = event.on.isoformat()


_FEE_FACTS = ("fee_scale", "fee_pages", "fee_month", "fee_position", "fee_scale_amount", "fee_amount", "fee_days",
              "fee_notified_on", "fee_notice_received_on", "fee_paid_on")


def apply_notify_fee(case, event):
    case.clocks["reply"] = case.clocks["reply"].pause(event.on)
    case.fee_amount = event.data["amount"]
    if event.data.get("period_from_notice"):
        _start_side_clock(case, "payment", event)
        return
    data = event.data
    for name in _FEE_FACTS:  # an earlier notice's facts give way to this one's
        case.facts.pop(name, None)
    case.facts.update({
        "fee_scale": data["scale"], "fee_scale_amount": data["scale_amount"], "fee_amount": data["amount"],
        "fee_days": data["days"], "fee_notified_on": event.on.isoformat(),
    })
    if data["scale"] == "page":
        case.facts["fee_pages"] = data["pages"]
    else:
        case.facts.update({"fee_month": data["month"], "fee_position": data["position"]})


def apply_fee_notice_received(case, event):
    _start_side_clock(case, "payment", event)
    case.facts["fee_notice_received_on"] = event.on.isoformat()


def apply_receive_payment(case, event):
    case.clocks["reply"] = case.clocks["reply"].resume(event.on)
    _stop_side_clock(case, "payment", event)
    if "amount" in event.data:  # a payment recorded before payments named their sum leaves no fact
        case.facts["fee_paid_on"] = event.on.isoformat()


def apply_extend(case, event):
    # clock_days: the working days asked for, counted in the clock's own calendar days (a reopened case).
    case.clocks["reply"] = case.clocks["reply"].extend(event.data.get("clock_days", event.data["days"]), event.on)
    case.extended = True


def apply_reassign(case, event):
    case.handler = event.data["to"]


def apply_delay_reply(case, event):
    data = event.data
    case.clocks["reply"] = case.clocks["reply"].extend(data["days"], event.on)
    case.delayed_reply = {"on": event.on.isoformat(), "due": data["due"], "reason": data["reason"]}


def apply_submit_review(case, event):
    case.review_submitted_by = event.user


def apply_return_review(case, event):
    case.review_submitted_by = None


def apply_reply(case, event):
    case.clocks["reply"] = stop_if_active(case.clocks["reply"], event.on)
    case.outcome = event.data["outcome"]
    case.replied_on = event.on
    case.concluded_on = event.on
    case.reply_on_time = event.data.get("on_time")
    case.reply_reasons = {name: event.data[name] for name in ("reason", "basis", "available_at") if name in event.data}


def apply_deliver(case, event):
    case.delivery_method = event.data["method"]


def apply_withdraw(case, event):
    for name, clock in list(case.clocks.items()):
        case.clocks[name] = stop_if_active(clock, event.on)
    case.outcome = "other.other"
    case.concluded_on = event.on


def apply_lapse(case, event):
    for name, clock in list(case.clocks.items()):
        case.clocks[name] = stop_if_active(clock, event.on)
    case.outcome = event.data["outcome"]
    case.concluded_on = event.on


def apply_reinstate(case, event):
    # The clocks the lapse stopped lose that stop: each runs (or waits) again as before the lapse, on
    # its own budget, so its due date is the one it had. Nothing else of the case changed at the lapse.
    data = event.data
    lapsed_on = date.fromisoformat(data["lapsed_on"])
    for name in data["clocks"]:
        ledger = case.clocks[name].ledger
        if not ledger or (ledger[-1].action, ledger[-1].on) != ("stop", lapsed_on):
            raise RuleViolation(t(
                "history reinstates case {number}'s {clock} clock, which the lapse of {lapsed_on} did not stop",
                number=case.number, clock=name, lapsed_on=data["lapsed_on"],
            ))
        case.clocks[name] = Clock(name, ledger[:-1])
    case.state = data["state"]
    case.outcome = None
    case.concluded_on = None


def apply_record_appeal(case, event):
    data = event.data
    record = {"appeal": data["appeal"], "type": data["type"], "result": data["result"], "on": event.on.isoformat()}
    if "against" in data:
        record["against"] = data["against"]
    if data["appeal"] <= len(case.appeals):
        case.appeals[data["appeal"] - 1] = {**case.appeals[data["appeal"] - 1], "result": data["result"], "decided_on": event.on.isoformat()}
    else:
        case.appeals.append(record)


def apply_reopen(case, event):
    due = date.fromisoformat(event.data["due"])
    # A calendar-day clock to the ordered date: a date that is a rest day rolls to the next working day.
    case.clocks["reply"] = Clock("reply", case.clocks["reply"].ledger).start(event.on, (due - event.on).days, ClockUnit.DAYS)
    case.outcome = None
    case.replied_on = None
    case.reply_on_time = None
    case.concluded_on = None
    case.review_submitted_by = None
    case.reply_reasons = {}
    case.delayed_reply = None
    if "to" in event.data:
        case.handler = event.data["to"]
    case.reopened += 1


def nothing(case, event):
    return None
