"""The tables. Events are the record; cases and clocks are projections kept for queries."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import DDL, Column, DateTime, Index, LargeBinary, Text, UniqueConstraint, event, text
from sqlmodel import Field, SQLModel

__all__ = [
    "OfficeRow", "UserRow", "CaseRow", "EventRow", "ClockRow", "CounterRow", "CalendarYearRow", "CalendarDayRow",
    "CalendarLoadRow", "AppealRow", "TallyRow", "ContactRow", "AlertRow", "DeliveryRow", "OfficeLogRow", "DocumentRow", "CaseSearchRow", "metadata",
    "COUNTED_EVENT_TYPES", "counted_event_types",
]


class OfficeRow(SQLModel, table=True):
    __tablename__ = "office"
    id: int = Field(default=1, primary_key=True)
    name: str
    number_prefix: str = ""
    settings: str = Field(default="{}", sa_column=Column(Text, nullable=False, default="{}"))
    created_at: datetime


class UserRow(SQLModel, table=True):
    """A user as the office log leaves them (a projection: the log's user entries are the record)."""

    __tablename__ = "users"
    __table_args__ = (Index("ix_users_login", "login", unique=True),)
    name: str = Field(primary_key=True)
    # The OS login (SQLite) or PostgreSQL login that acts as this user; none for the system user,
    # whom no login can be.
    login: Optional[str] = None
    roles: str  # space-separated role codes
    email: Optional[str] = None
    disabled: bool = False
    created_at: datetime


class CaseRow(SQLModel, table=True):
    __tablename__ = "cases"
    __table_args__ = (
        # On state too, though a state changes at almost every step (about one page more written per
        # step, docs/benchmarks.md): listing a state then reads the cases in it, not the whole book.
        # The due date moves only on pauses, extensions and corrections.
        Index("ix_cases_state", "state"),
        Index("ix_cases_due", "due_on"),
        # The listings' due filters read only the cases whose due clock still runs or waits: the rest
        # (every case concluded) stay out of the index, so a listing follows the open work.
        Index(
            "ix_cases_open_due", "open_due_on",
            sqlite_where=text("open_due_on IS NOT NULL"), postgresql_where=text("open_due_on IS NOT NULL"),
        ),
        Index("ix_cases_received", "received_on"),
        # Only concluded cases are looked up by that date, so open ones stay out of the index. With the receipt
        # date: the cases open at the end of a past day (received by it, concluded after it) are found in the
        # index, not by reading every case concluded since.
        Index(
            "ix_cases_concluded", "concluded_on", "received_on",
            sqlite_where=text("concluded_on IS NOT NULL"), postgresql_where=text("concluded_on IS NOT NULL"),
        ),
        # The cases still open, by receipt: with the one above, "open at the end of a period" is two index
        # ranges (the reports), not a scan of the book. A row enters at registration and leaves at conclusion.
        Index(
            "ix_cases_open", "received_on",
            sqlite_where=text("concluded_on IS NULL"), postgresql_where=text("concluded_on IS NULL"),
        ),
        Index(
            "ix_cases_replied", "replied_on",
            sqlite_where=text("replied_on IS NOT NULL"), postgresql_where=text("replied_on IS NOT NULL"),
        ),
        # `search` finds an ID number by exact match; most applicants give none, and they stay out.
        Index(
            "ix_cases_id_number", "id_number",
            sqlite_where=text("id_number IS NOT NULL"), postgresql_where=text("id_number IS NOT NULL"),
        ),
        # `list --handler`: a handler changes only on assignment, so the index costs the other steps nothing. In
        # number order within a handler, so a page of a handler's cases is read, not every case they ever had.
        Index("ix_cases_handler", "handler", "number", sqlite_where=text("handler IS NOT NULL"),
              postgresql_where=text("handler IS NOT NULL")),
    )
    number: str = Field(primary_key=True)
    kind: str
    state: str
    outcome: Optional[str] = None
    applicant_name: str
    applicant_type: str
    id_number: Optional[str] = None
    phone: Optional[str] = None
    address: Optional[str] = None
    channel: str
    request: str = Field(sa_column=Column(Text, nullable=False))
    received_on: date
    registered_on: date
    due_on: Optional[date] = None
    provisional: bool = False
    # due_on while the due clock runs or waits, else None (a closed case never matches a due filter).
    open_due_on: Optional[date] = None
    replied_on: Optional[date] = None
    concluded_on: Optional[date] = None
    on_time: Optional[bool] = None
    handler: Optional[str] = None
    version: int
    # The case as of `version` (a projection like the columns above; the events remain the record).
    snapshot: str = Field(sa_column=Column(Text, nullable=False))


# The event types the reports count by their effective date (reports/stats.py, reports/annual_fees.py),
# and the corrections they look for (workflow/corrected_history.py REFOLDING): only these are indexed by
# type and date, so the index costs nothing on the other steps. A query that names this clause
# (counted_event_types) may read that index; SQLite needs the very same expression.
COUNTED_EVENT_TYPES = ("amend", "consult", "extend", "receive-payment", "request-correction", "undo")


def counted_event_types():
    return text("type IN (" + ", ".join(f"'{name}'" for name in COUNTED_EVENT_TYPES) + ")")


class EventRow(SQLModel, table=True):
    """The record: append-only, in one office-wide order (position), each row chained to the one before."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("case_number", "version", name="uq_events_case_version"),
        Index(
            "ix_events_counted", "type", "effective_on",
            sqlite_where=counted_event_types(), postgresql_where=counted_event_types(),
        ),
    )
    # Given by the case book (the previous position + 1, under the write lock), never by a sequence:
    # a gap then means a deleted event.
    position: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    # No index of its own: the unique (case_number, version) index serves every look-up by case.
    case_number: str = Field(foreign_key="cases.number")
    version: int
    type: str
    data: str = Field(sa_column=Column(Text, nullable=False))
    user_name: str
    role: str
    effective_on: date
    # Always given in UTC (workflow/chain.py hashes it in that form); SQLite keeps the UTC text.
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    schema_version: int = 1
    snapshot_hash: str  # the hash of the case's snapshot after this event
    hash: str  # workflow/chain.py: over this event's content, its snapshot hash and the previous position's hash
    # The admin whose login recorded the event for user_name (acting for them); none when they acted themselves.
    acted_by: Optional[str] = None


class ClockRow(SQLModel, table=True):
    __tablename__ = "clocks"
    # Without a rowid, SQLite keeps the rows in the primary key's own tree: one tree less to write.
    __table_args__ = (Index("ix_clocks_status_due", "status", "due_on"), {"sqlite_with_rowid": False})
    case_number: str = Field(foreign_key="cases.number", primary_key=True)
    name: str = Field(primary_key=True)
    status: str
    due_on: Optional[date] = None
    provisional: bool = False
    # A stopped clock's working days run (pauses excluded), judged when it stopped as its due date is: the
    # statistics' time to reply, read without decoding a ledger per reply.
    working_days: Optional[int] = None
    ledger: str = Field(sa_column=Column(Text, nullable=False))
    # The position of the event that last changed the clock: a stopped clock's due date is judged on
    # the calendar in force there (workflow/calendar_history.py), not on the days loaded since.
    changed_at_position: int = 0


class TallyRow(SQLModel, table=True):
    """What the reports count, kept per day as the cases change (storage/tallies.py says each measure):
    a report of a year reads a few rows a day, not every case of the year. A projection like the cases
    rows: `audit verify` counts them again from the cases and events, `audit repair` rewrites them."""

    __tablename__ = "report_tallies"
    __table_args__ = ({"sqlite_with_rowid": False},)
    measure: str = Field(primary_key=True)
    day: date = Field(primary_key=True)
    kind: str = Field(primary_key=True)
    handler: str = Field(primary_key=True)  # "" for a case no one handles
    detail: str = Field(primary_key=True)  # the measure's own key, its parts joined by "|"
    count: int = 0
    fen: int = 0  # an amount in 分 (fees), 0 for the other measures


class CounterRow(SQLModel, table=True):
    __tablename__ = "case_counters"
    series: str = Field(primary_key=True)  # prefix + year
    last: int = 0


class CalendarYearRow(SQLModel, table=True):
    """A year whose schedule the office has declared known (its deadlines are no longer provisional)."""

    __tablename__ = "calendar_years"
    year: int = Field(primary_key=True)
    source: str
    loaded_by: str
    loaded_at: datetime


class CalendarDayRow(SQLModel, table=True):
    """A holiday or make-up working day the office keeps on top of the national data."""

    __tablename__ = "calendar_days"
    day: date = Field(primary_key=True)
    year: int = Field(foreign_key="calendar_years.year", index=True)
    kind: str  # holiday | workday
    source: str


class CalendarLoadRow(SQLModel, table=True):
    """One calendar file kept in the book (`calendar load`): a chain of its own, tied to the events' chain.

    The calendar tables above are what the loads leave; these rows are the record of them.
    """

    __tablename__ = "calendar_loads"
    # Given by the store (the previous position + 1, under the write lock): a gap means a deleted load.
    position: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    loaded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))  # UTC, as events'
    loaded_by: str
    source: str
    days: str = Field(sa_column=Column(Text, nullable=False))  # CalendarOverrides.canonical
    head_position: int  # the events' chain head when the load was made (0: before any event)
    head_hash: str
    hash: str  # workflow/chain.py calendar_load_hash, chained to the previous load's


class AppealRow(SQLModel, table=True):
    """A case's reconsiderations and lawsuits (a projection of its events, for the annual report's table 四)."""

    __tablename__ = "appeals"
    case_number: str = Field(foreign_key="cases.number", primary_key=True)
    number: int = Field(primary_key=True)
    type: str
    result: str
    filed_on: date
    decided_on: Optional[date] = None  # None while pending


class ContactRow(SQLModel, table=True):
    """How the channels reach a user beyond the e-mail kept with the user (a later table: no migration)."""

    __tablename__ = "user_contacts"
    user_name: str = Field(foreign_key="users.name", primary_key=True)
    mobile: Optional[str] = None


class AlertRow(SQLModel, table=True):
    """A threshold crossed, recorded once: ``key`` is its identity (workflow/alerts.py alert_key)."""

    __tablename__ = "alerts"
    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(unique=True)
    case_number: Optional[str] = None
    clock: str
    started: int  # the clock's ledger entry of its last start (office reminders: the year)
    threshold: str
    due_on: Optional[date] = None
    swept_on: date
    recipients: str  # JSON list of user names
    subject: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class DeliveryRow(SQLModel, table=True):
    """The outbox: one alert through one channel. pending → sent, or failed (retried) → dead."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("alert_id", "channel", name="uq_deliveries_alert_channel"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alerts.id")
    channel: str
    status: str = "pending"  # pending | sending | sent | failed | dead
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    last_error: Optional[str] = None
    sent_at: Optional[datetime] = Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=True))


metadata = SQLModel.metadata


class OfficeLogRow(SQLModel, table=True):
    """The office's own record beside the cases': users added and changed, and who saw whose personal data.

    A chain of its own, each entry naming the events' chain head when it was made (as calendar loads do).
    """

    __tablename__ = "office_log"
    __table_args__ = (Index("ix_office_log_subject", "subject"), Index("ix_office_log_user", "user_name"))
    # Given by the log (the previous position + 1, under the write lock): a gap means a deleted entry.
    position: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))  # UTC, as events'
    user_name: str  # who did it (for whom, when an admin acted for them)
    acted_by: Optional[str] = None
    type: str  # workflow/office_log.py ENTRY_TYPES
    subject: str  # the user changed, or the case whose personal data was seen
    data: str = Field(sa_column=Column(Text, nullable=False))  # canonical JSON
    head_position: int
    head_hash: str
    hash: str  # workflow/chain.py office_log_hash, chained to the previous entry's


class DocumentRow(SQLModel, table=True):
    """A case's file or letter kept in the book itself (an office's choice, `[documents] store = "database"`).

    Content-addressed: the key is the content's SHA-256, so a file kept twice is one row, and a row is
    never changed (the events name the hash; `audit verify` hashes the content again).
    """

    __tablename__ = "documents"
    sha256: str = Field(primary_key=True)
    size: int
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    stored_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))  # UTC


class CaseSearchRow(SQLModel, table=True):
    """What `search` reads of a case (a projection, like the cases row): ``body`` its number, applicant's
    name, request and notes, lower case; ``grams`` each character and each pair of neighbouring characters
    of them, for the queries of one or two characters that a trigram index cannot answer.

    The indexes over them are the backend's (storage/search_index.py): FTS5 tables on SQLite, pg_trgm and
    an array index on PostgreSQL."""

    __tablename__ = "case_search"
    __table_args__ = (
        Index("ix_case_search_body", "body", postgresql_using="gin", postgresql_ops={"body": "gin_trgm_ops"})
        .ddl_if(dialect="postgresql"),
        Index("ix_case_search_grams", text("string_to_array(grams, ' ')"), postgresql_using="gin").ddl_if(dialect="postgresql"),
    )
    # The FTS5 tables name rows by an integer that VACUUM never renumbers: an INTEGER PRIMARY KEY.
    id: Optional[int] = Field(default=None, primary_key=True)
    case_number: str = Field(foreign_key="cases.number", unique=True)
    body: str = Field(sa_column=Column(Text, nullable=False))
    grams: str = Field(sa_column=Column(Text, nullable=False))


# SQLite: two FTS5 indexes over case_search's rows (external content: the text is kept once, in case_search),
# kept by triggers in the same transaction as each write. Trigrams answer a query of three characters or
# more; the grams (each a token to the unicode61 tokenizer) answer one or two.
SEARCH_INDEXES = ("case_search_trigrams", "case_search_grams")
_SQLITE_SEARCH_DDL = (
    "CREATE VIRTUAL TABLE case_search_trigrams USING fts5(body, content='case_search', content_rowid='id', tokenize='trigram')",
    "CREATE VIRTUAL TABLE case_search_grams USING fts5(grams, content='case_search', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER case_search_added AFTER INSERT ON case_search BEGIN "
    "INSERT INTO case_search_trigrams(rowid, body) VALUES (new.id, new.body); "
    "INSERT INTO case_search_grams(rowid, grams) VALUES (new.id, new.grams); END",
    "CREATE TRIGGER case_search_removed AFTER DELETE ON case_search BEGIN "
    "INSERT INTO case_search_trigrams(case_search_trigrams, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO case_search_grams(case_search_grams, rowid, grams) VALUES ('delete', old.id, old.grams); END",
    "CREATE TRIGGER case_search_changed AFTER UPDATE ON case_search BEGIN "
    "INSERT INTO case_search_trigrams(case_search_trigrams, rowid, body) VALUES ('delete', old.id, old.body); "
    "INSERT INTO case_search_grams(case_search_grams, rowid, grams) VALUES ('delete', old.id, old.grams); "
    "INSERT INTO case_search_trigrams(rowid, body) VALUES (new.id, new.body); "
    "INSERT INTO case_search_grams(rowid, grams) VALUES (new.id, new.grams); END",
)
_search_table = CaseSearchRow.__table__
for _statement in _SQLITE_SEARCH_DDL:
    event.listen(_search_table, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
for _index in SEARCH_INDEXES:
    event.listen(_search_table, "before_drop", DDL(f"DROP TABLE IF EXISTS {_index}").execute_if(dialect="sqlite"))
# PostgreSQL: pg_trgm's operator class for the body's index. A trusted extension (PostgreSQL 13 on): the
# book's owner creates it if it may create in the database, else a superuser once (docs/operations.md).
event.listen(_search_table, "before_create", DDL("CREATE EXTENSION IF NOT EXISTS pg_trgm").execute_if(dialect="postgresql"))
