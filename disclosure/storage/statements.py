"""The SQL a clerk's commands run, written as SQLAlchemy Core: the source of storage/compiled_sql/.

A clerk's command is a whole process; importing SQLAlchemy alone takes longer than the command may.
So the statements the everyday commands run (register, advance, show, list, search, history…) are
compiled ahead, per dialect, by `scripts/compile_statements.py` into the plain strings of
storage/compiled_sql/ (a module per dialect), and storage/sql_runner.py runs those on the driver's connection. This module
stays their one source: a test compiles it again and compares (tests/unit/test_compiled_sql.py), so a
table or statement changed here and not compiled fails the suite.

Three shapes:
- ``STATEMENTS``: a statement with named parameters, run as it is;
- ``FILTERED``: a query whose WHERE clause is any of its named conditions joined by AND (``list``'s
  filters, ``search``'s), compiled as a template and one fragment per condition;
- ``UPDATE_CASE``: the case row's update, setting only the columns a step changed (SQLite rewrites an
  index's pages when its column is in the SET list, changed or not), one fragment per column.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, delete, func, insert, literal_column, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import ClauseElement, ColumnElement, Select

from disclosure.storage.event_rows import EVENT_COLUMNS
from disclosure.storage.office_log import LOG_COLUMNS
from disclosure.storage.projection import APPEAL_COLUMNS, CASE_ROW_COLUMNS
from disclosure.storage.tables import (
    AlertRow, AppealRow, CalendarDayRow, CalendarYearRow, CaseRow, CaseSearchRow, ClockRow, CounterRow, DeliveryRow, EventRow,
    OfficeLogRow, OfficeRow, TallyRow, UserRow,
)

__all__ = [
    "STATEMENTS", "FILTERED", "Filtered", "UPDATE_CASE", "UPDATE_CASE_COLUMNS", "WHERE_MARK", "DIALECTS", "INSERT_SEARCH",
    "compile_all",
]

cases, events, clocks = CaseRow.__table__, EventRow.__table__, ClockRow.__table__
appeals, counters, case_search = AppealRow.__table__, CounterRow.__table__, CaseSearchRow.__table__
users, office, log = UserRow.__table__, OfficeRow.__table__, OfficeLogRow.__table__
years, days = CalendarYearRow.__table__, CalendarDayRow.__table__
tallies = TallyRow.__table__
alerts, deliveries = AlertRow.__table__, DeliveryRow.__table__

# The compiled forms use named parameters on both drivers (sqlite3's :name, psycopg's %(name)s), so a
# filtered query's fragments can be joined in any order.
DIALECTS = {"sqlite": sqlite.dialect(paramstyle="named"), "postgresql": postgresql.psycopg.dialect()}
# Each dialect's INSERT with ON CONFLICT (the counter's, the tallies', the alerts').
_UPSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}

# Where a filtered query's conditions go in its template (replaced by them, or by a condition always true).
WHERE_MARK = "1 = 1"


def _next_number(upsert) -> ClauseElement:
    # One atomic statement: two registrations racing for the first number of a year cannot collide.
    return (
        upsert(counters)
        .values(series=bindparam("series"), last=literal_column("1"))
        .on_conflict_do_update(index_elements=[counters.c.series], set_={"last": counters.c.last + literal_column("1")})
        .returning(counters.c.last)
    )


_TALLY_KEY = ("measure", "day", "kind", "handler", "detail")


def _add_tally(upsert) -> ClauseElement:
    # A step's difference to one tally (storage/tallies.py), made or added to in one statement.
    statement = upsert(tallies).values(_bound((*_TALLY_KEY, "count", "fen")))
    return statement.on_conflict_do_update(
        index_elements=[tallies.c[name] for name in _TALLY_KEY],
        set_={"count": tallies.c.count + statement.excluded.count, "fen": tallies.c.fen + statement.excluded.fen},
    )


def _tallied(by_handler: bool = False, of_kind: bool = False) -> ClauseElement:
    """The sums of one measure's tallies over the days :first–:last, by kind (and handler), and detail."""
    keys = (tallies.c.kind, *((tallies.c.handler,) if by_handler else ()), tallies.c.detail)
    query = select(*keys, func.sum(tallies.c.count), func.sum(tallies.c.fen)).where(
        tallies.c.measure == bindparam("measure"), tallies.c.day >= bindparam("first"), tallies.c.day <= bindparam("last"),
    )
    if of_kind:
        query = query.where(tallies.c.kind == bindparam("kind"))
    return query.group_by(*keys)


def _open_cases_at() -> ClauseElement:
    """The cases open at the end of :day (received by then, not concluded by then; :next_day the day after), as
    two index ranges, the open cases by receipt and the concluded ones by conclusion, so that neither backend
    reads the whole book (SQLite would otherwise take the shared bound out of the OR and read every case
    received by then)."""
    return select(cases.c.kind, cases.c.handler, cases.c.received_on, cases.c.due_on).where(
        cases.c.state != bindparam("voided"),
        or_(
            and_(cases.c.concluded_on.is_(None), cases.c.received_on <= bindparam("day")),
            and_(cases.c.concluded_on > bindparam("day"), cases.c.received_on < bindparam("next_day")),
        ),
    )


_ALERT_COLUMNS = ("key", "case_number", "clock", "started", "threshold", "due_on", "swept_on", "recipients", "subject", "text",
                  "created_at")


def _insert_alert(upsert) -> ClauseElement:
    # An alert recorded once: a second sweep finding it again inserts nothing, and learns no id.
    return (
        upsert(alerts).values(_bound(_ALERT_COLUMNS))
        .on_conflict_do_nothing(index_elements=[alerts.c.key]).returning(alerts.c.id)
    )


def _bound(names) -> dict:
    return {name: bindparam(name) for name in names}


_EVENT_SELECT = select(*(events.c[name] for name in EVENT_COLUMNS))
_HEAD = select(events.c.position, events.c.hash).order_by(events.c.position.desc()).limit(literal_column("1")).offset(literal_column("0"))
_CLOCK_VALUES = ("status", "due_on", "provisional", "working_days", "ledger", "changed_at_position")
_IDENTITY = (users.c.name, users.c.login, users.c.roles, users.c.disabled)
# Also the upgrade that fills the search index (migrations/versions/0009_search_index.py).
INSERT_SEARCH = insert(case_search).values(case_number=bindparam("search_case"), body=bindparam("body"), grams=bindparam("grams"))

STATEMENTS: dict[str, dict[str, ClauseElement]] = {
    dialect: {
        "next_number": _next_number(_UPSERTS[dialect]),
        # A step's one read: the case, and the chain's head it will append at (a writer holds the lock from its
        # first statement, so the head cannot move before the append).
        "case_and_head": select(
            select(cases.c.snapshot).where(cases.c.number == bindparam("number")).scalar_subquery(),
            _HEAD.with_only_columns(events.c.position).scalar_subquery(),
            _HEAD.with_only_columns(events.c.hash).scalar_subquery(),
        ),
        "insert_case": insert(cases).values(_bound((*CASE_ROW_COLUMNS, "snapshot"))),
        "chain_head": _HEAD,
        "insert_event": insert(events).values(_bound(EVENT_COLUMNS)),
        "case_events": _EVENT_SELECT.where(events.c.case_number == bindparam("number")).order_by(events.c.version),
        "insert_clock": insert(clocks).values(case_number=bindparam("clock_case"), name=bindparam("clock_name"),
                                              **_bound(_CLOCK_VALUES)),
        "update_clock": update(clocks).where(and_(
            clocks.c.case_number == bindparam("clock_case"), clocks.c.name == bindparam("clock_name"),
        )).values(_bound(_CLOCK_VALUES)),
        "delete_clock": delete(clocks).where(and_(
            clocks.c.case_number == bindparam("clock_case"), clocks.c.name == bindparam("clock_name"),
        )),
        "reply_clock_days": select(clocks.c.working_days).where(
            clocks.c.case_number == bindparam("clock_case"), clocks.c.name == bindparam("clock_name"),
        ),
        "add_tally": _add_tally(_UPSERTS[dialect]),
        # The reports' reads (storage/tally_queries.py).
        "tallied": _tallied(),
        "tallied_by_handler": _tallied(by_handler=True),
        "tallied_of_kind": _tallied(of_kind=True),
        "tallied_through": select(tallies.c.detail, func.sum(tallies.c.count)).where(
            tallies.c.measure == bindparam("measure"), tallies.c.day <= bindparam("day"), tallies.c.kind == bindparam("kind"),
        ).group_by(tallies.c.detail),
        "open_cases_at": _open_cases_at(),
        # The sweep's (storage/outbox_book.py): the running clocks due by a day, with their case's columns (the
        # status and due date's index), and the alerts it records with a delivery per channel.
        "running_clocks_due_by": select(
            clocks.c.case_number, clocks.c.name, clocks.c.due_on, clocks.c.ledger, cases.c.handler, cases.c.kind, cases.c.state,
        ).join_from(clocks, cases, cases.c.number == clocks.c.case_number)
        .where(clocks.c.status == bindparam("running"), clocks.c.due_on <= bindparam("due_by"))
        .order_by(clocks.c.due_on, clocks.c.case_number, clocks.c.name),
        "insert_alert": _insert_alert(_UPSERTS[dialect]),
        "insert_delivery": insert(deliveries).values(_bound(("alert_id", "channel", "status", "attempts", "next_attempt_at"))),
        "insert_search": INSERT_SEARCH,
        "update_search": update(case_search).where(case_search.c.case_number == bindparam("search_case"))
        .values(body=bindparam("body"), grams=bindparam("grams")),
        "delete_appeals": delete(appeals).where(appeals.c.case_number == bindparam("case_number")),
        "insert_appeal": insert(appeals).values(_bound(("case_number", *APPEAL_COLUMNS))),
        "office": select(office.c.name, office.c.number_prefix, office.c.settings).where(office.c.id == literal_column("1")),
        "user_named": select(users.c.name).where(users.c.name == bindparam("name")),
        # The identity's own user and the user it acts for, in one read (every command asks).
        "users_by_login": select(*_IDENTITY).where(or_(users.c.login == bindparam("login"), users.c.name == bindparam("wanted"))),
        "users_by_name": select(*_IDENTITY).where(or_(users.c.name == bindparam("user"), users.c.name == bindparam("wanted"))),
        "all_roles": select(users.c.name, users.c.roles).where(users.c.disabled == bindparam("disabled")).order_by(users.c.name),
        "calendar_years": select(years.c.year),
        "calendar_days": select(days.c.day, days.c.kind),
        "log_entries_of_type": select(*(log.c[name] for name in LOG_COLUMNS)).where(log.c.type == bindparam("type"))
        .order_by(log.c.position),
        "log_head": select(log.c.position, log.c.hash).order_by(log.c.position.desc()).limit(literal_column("1")).offset(literal_column("0")),
        "insert_log": insert(log).values(_bound((
            "position", "recorded_at", "user_name", "acted_by", "type", "subject", "data", "head_position", "head_hash", "hash",
        ))),
    }
    for dialect in DIALECTS
}


@dataclass(frozen=True)
class Filtered:
    """A query and the conditions it may be narrowed by (any of them, joined by AND)."""

    query: Select
    conditions: dict[str, ColumnElement]


_NOT_VOIDED = cases.c.state != bindparam("voided")
_CASE_FILTERS = {
    "state": cases.c.state == bindparam("state"),
    "not_voided": _NOT_VOIDED,
    "kind": cases.c.kind == bindparam("kind"),
}


def _found_by(matched) -> Select:
    """The snapshots of the cases a search's match selects (a select of case numbers), by number, at most :limit."""
    return (
        select(cases.c.snapshot).join_from(cases, matched, matched.c.case_number == cases.c.number)
        .where(text(WHERE_MARK)).order_by(cases.c.number).limit(bindparam("limit")).offset(literal_column("0"))
    )


def _search_queries(dialect: str) -> dict[str, Filtered]:
    """storage/case_search.py says which of these a query takes."""
    number = case_search.c.case_number
    like = select(number).where(case_search.c.body.like(bindparam("pattern"), escape="\\"))
    if dialect == "sqlite":
        def fts(index: str):
            return (
                select(number)
                .select_from(case_search.join(text(index), literal_column(f"{index}.rowid") == case_search.c.id))
                .where(text(f"{index} MATCH :phrase"))
            )

        short, long = fts("case_search_grams"), fts("case_search_trigrams")

        def found(matched):
            return _found_by(matched.subquery())
    else:
        # The same expression as the index ix_case_search_grams, so PostgreSQL reads that index.
        short = select(number).where(text("string_to_array(case_search.grams, ' ') @> ARRAY[CAST(:gram AS text)]"))
        long = like

        def found(matched):
            # Found first, through the text's index: PostgreSQL otherwise guesses a rare text common and walks
            # the whole book in number order to fill the limit (1.8 s for a name in a million cases).
            return _found_by(matched.cte("matched").prefix_with("MATERIALIZED"))
    by_id = (
        select(cases.c.snapshot)
        .where(or_(cases.c.id_number == bindparam("id_number"), cases.c.id_number == bindparam("id_number_upper")))
        .where(text(WHERE_MARK)).order_by(cases.c.number).limit(bindparam("limit")).offset(literal_column("0"))
    )
    return {
        "search_like": Filtered(found(like), _CASE_FILTERS),
        "search_short": Filtered(found(short), _CASE_FILTERS),
        "search_long": Filtered(found(long), _CASE_FILTERS),
        "search_id_number": Filtered(by_id, _CASE_FILTERS),
    }


def _find_cases(dialect: str, page: bool = False) -> Filtered:
    """``list``'s query; ``page``: at most :limit cases (by number, after the condition ``after``'s number)."""
    handler = cases.c.handler == bindparam("handler")
    query = select(cases.c.snapshot).where(text(WHERE_MARK)).order_by(cases.c.number)
    if page:
        query = query.limit(bindparam("limit")).offset(literal_column("0"))
    return Filtered(
        query,
        {
            "after": cases.c.number > bindparam("after"),
            **_CASE_FILTERS,
            "handler": handler,
            # With a state too: the state's index reads only the cases in it (a handler's open work), where
            # SQLite would take the handler's, which holds every case the handler ever had; SQLite's unary +
            # keeps a term from an index. PostgreSQL's planner judges it by the table's statistics.
            "handler_in_state": text("+cases.handler = :handler") if dialect == "sqlite" else handler,
            "channel": cases.c.channel == bindparam("channel"),
            "received_from": cases.c.received_on >= bindparam("received_from"),
            "received_to": cases.c.received_on <= bindparam("received_to"),
            # Said outright, so that SQLite takes the partial index of open due dates rather than the number's order.
            "due_open": cases.c.open_due_on.is_not(None),
            "due_by": cases.c.open_due_on <= bindparam("due_by"),
            "due_before": cases.c.open_due_on < bindparam("due_before"),
        },
    )


_SAME_APPLICANT = Filtered(
    select(cases.c.number, cases.c.received_on, cases.c.applicant_name, cases.c.id_number, cases.c.phone, cases.c.address)
    .where(cases.c.kind == bindparam("kind"), cases.c.received_on >= bindparam("first"), cases.c.received_on < bindparam("after"))
    .where(text(WHERE_MARK)).order_by(cases.c.received_on, cases.c.number),
    {
        "same_name": cases.c.applicant_name == bindparam("name"),
        "same_name_or_id": or_(cases.c.applicant_name == bindparam("name"), cases.c.id_number == bindparam("id_number")),
    },
)

FILTERED: dict[str, dict[str, Filtered]] = {
    dialect: {"find_cases": _find_cases(dialect), "find_cases_page": _find_cases(dialect, page=True), "same_applicant": _SAME_APPLICANT, **_search_queries(dialect)}
    for dialect in DIALECTS
}

# Set by every step; any other column only when its value changed.
UPDATE_CASE_COLUMNS = tuple(name for name in (*CASE_ROW_COLUMNS, "snapshot") if name != "number")
UPDATE_CASE = update(cases).where(
    and_(cases.c.number == bindparam("b_number"), cases.c.version == bindparam("expected_version"))
)


def _compiled(element: ClauseElement, dialect: str) -> str:
    compiled = element.compile(dialect=DIALECTS[dialect])
    fixed = sorted(name for bind, name in compiled.bind_names.items() if not bind.required)
    if fixed:  # a value written into a statement: the runner passes only what its caller gives
        raise ValueError(f"a statement with fixed values {fixed}: write them as literal_column or bindparam")
    return str(compiled)


def _typed_binds(element: ClauseElement) -> list[str]:
    """The parameters SQLAlchemy would give a stored form on SQLite (dates, timestamps, booleans), sorted."""
    compiled = element.compile(dialect=DIALECTS["sqlite"])
    return sorted(
        name for bind, name in compiled.bind_names.items()
        if bind.type.dialect_impl(DIALECTS["sqlite"]).bind_processor(DIALECTS["sqlite"]) is not None
    )


def _update_fragment(column: str, dialect: str) -> str:
    return _compiled(update(cases).values({column: bindparam(column)}), dialect).removeprefix("UPDATE cases SET ")


def compile_all() -> dict:
    """Every statement above compiled for each dialect: what storage/compiled_sql/ holds, a module per dialect."""
    compiled: dict = {}
    for dialect in DIALECTS:
        last = _update_fragment("snapshot", dialect)
        head, tail = _compiled(UPDATE_CASE.values(snapshot=bindparam("snapshot")), dialect).split(last)
        compiled[dialect] = {
            "statements": {name: _compiled(statement, dialect) for name, statement in STATEMENTS[dialect].items()},
            "filtered": {
                name: (
                    _compiled(filtered.query, dialect),
                    {key: _compiled(condition, dialect) for key, condition in filtered.conditions.items()},
                )
                for name, filtered in FILTERED[dialect].items()
            },
            "update_case": (head, tail, {column: _update_fragment(column, dialect) for column in UPDATE_CASE_COLUMNS}),
            "where_mark": WHERE_MARK,
        }
    # The parameters of each statement (and of every filtered query's and update's parts, by name) whose values
    # the runner gives their stored form on SQLite; any other value is stored as given.
    typed = set()
    for statement in STATEMENTS["sqlite"].values():
        typed.update(_typed_binds(statement))
    for filtered in FILTERED["sqlite"].values():
        typed.update(_typed_binds(filtered.query))
        for condition in filtered.conditions.values():
            typed.update(_typed_binds(select(literal_column("1")).where(condition)))
    typed.update(_typed_binds(UPDATE_CASE.values({column: bindparam(column) for column in UPDATE_CASE_COLUMNS})))
    compiled["sqlite"]["typed"] = sorted(typed)
    return compiled
