"""A PostgreSQL command's transaction as one pipeline on the connection's libpq (psycopg's ``pq`` wrapper):
statements are queued as they come and the client waits only when it needs an answer.

A command on PostgreSQL then costs one round trip per answer it reads: the office-wide lock and the case a
step asks for ahead (with the chain's head) go out with the first query (who acts) and come back with its
answer; the step's writes and the pipeline's Sync are the last round trip.

The transaction is the server's implicit one: statements sent in a pipeline before its Sync form one
transaction, committed at the Sync if none failed and rolled back if one did (the protocol's rule for a
pipeline outside BEGIN), so a command sends neither ``BEGIN`` nor ``COMMIT``. Should the command leave
the pipeline before its end (a turn to SQLAlchemy, which reads every answer at once), a ``BEGIN`` queued
first makes the transaction explicit, with everything sent before it (the server's rule too), and the
command ends with ``COMMIT``; a command abandoned while implicit queues ``ROLLBACK``, which ends the
implicit transaction without committing it.

A write that fails is known only at the next answer read or at the end: whoever queued it says beforehand
what its integrity error means (``refuse_integrity_errors_with``), since its own ``try`` has long been
left. The server skips every statement after a failed one until the Sync, and the first error is the one
raised.

Why libpq rather than psycopg's cursors: in psycopg's pipeline mode each statement sent through a cursor
runs psycopg's Python and a poll and a write to the socket (an assignment's statements cost the client
190–220 µs that way, 70–100 µs here); queued here a statement costs the conversion of its values
(psycopg's own Transformer, so they are sent as psycopg sends them) and libpq's call, and the socket is
written once per answer awaited. Each statement is prepared once per connection (the Parse travels in
the pipeline before its first run), its named parameters numbered as PostgreSQL numbers them; psycopg
prepares nothing of its own on these connections (storage/database.py), since after a rollback it
deallocates every prepared statement, ours with its own.

Standard library only at import; psycopg is the connection's own.
"""

from __future__ import annotations

import re
import select
import weakref
from collections import deque
from typing import Any, Callable

__all__ = ["CommandPipeline", "Answer"]

_NAMED_PARAMETER = re.compile(r"%\((\w+)\)s")
# Unread answers at most before the client stops to read them: a unit that writes thousands of rows (a
# ledger's import) must not fill the server's output while the server waits for the client to read it.
_UNREAD_AT_MOST = 256
_NO_SUCH_STATEMENT = "26000"  # invalid_sql_statement_name: a prepared statement the server no longer has


class _Prepared:
    """The statements prepared on one connection, and the Transformer that converts their values."""

    def __init__(self, driver: Any) -> None:
        from psycopg import pq
        from psycopg.adapt import PyFormat, Transformer

        # The result statuses as plain numbers: compared for every result read, where the enum's own
        # comparisons cost more than the rest of the reading.
        status = pq.ExecStatus
        self.failed, self.synced = int(status.FATAL_ERROR), int(status.PIPELINE_SYNC)
        self.answered = frozenset({int(status.PIPELINE_ABORTED), int(status.COMMAND_OK), int(status.TUPLES_OK)})
        self.statements: dict[str, tuple[bytes, tuple[str, ...], list]] = {}  # SQL → (name, parameters, formats)
        self.transformer = Transformer.from_context(driver)
        self.text = PyFormat.TEXT
        self.made = 0


_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # psycopg connection → _Prepared


def _numbered(sql: str) -> tuple[bytes, tuple[str, ...]]:
    """``sql`` with its named parameters (psycopg's ``%(name)s``) numbered ($1, $2…), and their names in order."""
    order: dict[str, int] = {}
    text = _NAMED_PARAMETER.sub(lambda found: f"${order.setdefault(found[1], len(order) + 1)}", sql).replace("%%", "%")
    return text.encode(), tuple(order)


class Answer:
    """A statement's answer, read when first asked for (one round trip for everything queued before it); the
    driver's errors met then raised as the package's."""

    __slots__ = ("_pipeline", "result", "read")

    def __init__(self, pipeline: CommandPipeline) -> None:
        self._pipeline = pipeline
        self.result = None
        self.read = False

    def _rows(self) -> list:
        if not self.read:
            self._pipeline.read_until(self)
        # A failed statement is the pipeline's first error (the server skips every one after it until the Sync).
        if self._pipeline.first_error is not None:
            self._pipeline.raise_error(self._pipeline.first_error)
        result = self.result
        transformer = self._pipeline.transformer
        transformer.set_pgresult(result)
        return transformer.load_rows(0, result.ntuples, tuple)

    def fetchone(self):
        rows = self._rows()
        return rows[0] if rows else None

    def fetchall(self) -> list:
        return self._rows()

    def __iter__(self):
        return iter(self._rows())

    @property
    def rowcount(self) -> int:
        self._rows()
        return self.result.command_tuples


class CommandPipeline:
    """``driver``: a psycopg connection out of any transaction; ``lock``: the statement
    that takes the book's write lock, the transaction's first (queued here, sent with its first query)."""

    def __init__(self, driver: Any, lock: str, translate: Callable[[Exception], None]) -> None:
        self._driver = driver
        self._pgconn = driver.pgconn
        self._translate = translate  # raises the package's error for a driver error (storage/driver_errors.py)
        self._refusal: Callable[[], Exception] | None = None
        self._explicit = False  # BEGIN sent: the Sync no longer ends the transaction
        self._end_sent = False  # the Sync sent ahead of the command's end (send_end)
        self._expected: deque[Answer | None] = deque()  # for each statement sent and not yet answered
        self._prepared_now: list[str] = []  # prepared in this pipeline: not kept should it fail
        self.first_error: Exception | None = None
        prepared = _PREPARED.get(driver)
        if prepared is None:
            prepared = _PREPARED[driver] = _Prepared(driver)
        self._prepared = prepared
        self.transformer = prepared.transformer
        self.active = False
        try:
            self._pgconn.enter_pipeline_mode()
            self.active = True
            self.execute(lock, {}, answered=False)
        except Exception as error:
            self.abandon()
            translate(error)

    @property
    def left_open(self) -> bool:
        """The command left the pipeline with its transaction open (``leave``): whoever ends it is not the pipeline."""
        return self._explicit

    def refuse_integrity_errors_with(self, refusal: Callable[[], Exception]) -> None:
        """What an integrity error of the statements queued from now on means, whenever it surfaces."""
        self._refusal = refusal

    def raise_error(self, error: Exception) -> None:
        """``error`` (the driver's, from a read or the pipeline's end) as the package's error."""
        from psycopg import IntegrityError

        if isinstance(error, IntegrityError) and self._refusal is not None:
            raise self._refusal() from None
        self._translate(error)

    def execute(self, sql: str, values: Any, *, answered: bool = True) -> Answer | None:
        """Queue one statement (psycopg's ``%(name)s`` parameters, their values by name); its Answer, or None
        for a write whose answer nobody reads (its error still surfaces, at the next read or the end)."""
        if self._end_sent:
            raise RuntimeError("a statement queued after the command's end was sent (send_end)")
        prepared = self._prepared
        try:
            statement = prepared.statements.get(sql)
            if statement is None:
                text, names = _numbered(sql)
                prepared.made += 1
                statement = (f"disclosure_{prepared.made}".encode(), names, [prepared.text] * len(names))
                self._pgconn.send_prepare(statement[0], text)
                self._expected.append(None)
                prepared.statements[sql] = statement
                self._prepared_now.append(sql)
            name, names, formats = statement
            parameters = self.transformer.dump_sequence([values[key] for key in names], formats) if names else None
            self._pgconn.send_query_prepared(name, parameters)
            answer = Answer(self) if answered else None
            self._expected.append(answer)
            if len(self._expected) > _UNREAD_AT_MOST:
                self._ask_for_answers()
                self._read_all()
        except KeyError:
            raise  # a value the statement names and the caller did not give: the caller's mistake
        except Exception as error:
            self._translate(error)
        return answer

    def read_until(self, answer: Answer) -> None:
        """Ask for the answers so far and read them, up to ``answer``'s."""
        self._ask_for_answers()
        while not answer.read:
            self._read_next()

    def send_end(self) -> None:
        """Send the transaction's end now, without waiting for its answer (``commit`` reads it): the server
        commits while the client prepares what it will say. Nothing may be queued after it; should the
        command fail after it, the writes stand unless one of them failed."""
        if not self.active or self._explicit:
            return
        try:
            self._send_sync()
        except Exception as error:
            self.abandon()
            self._translate(error)
        self._end_sent = True

    def commit(self) -> None:
        """The queued writes and the transaction's end in one round trip."""
        if not self.active:
            return
        if self._explicit:
            self.execute("COMMIT", {}, answered=False)
        self._end()

    def leave(self) -> None:
        """Wait for every queued statement and leave pipeline mode, the transaction still open (SQLAlchemy's
        statements read their answers at once, so a unit that turns to them leaves first)."""
        if not self.active:
            return
        self._keep_open()
        self._end()

    def abandon(self) -> None:
        """Out of pipeline mode after the command failed, nothing of it committed (unless its end was sent
        already, ``send_end``: then what it wrote stands, as it would had it failed just after its commit): the
        statements still queued are answered (their errors dropped: the command's own error is what the clerk
        is told)."""
        self._refusal = None
        if not self.active:
            return
        try:
            if not self._explicit and not self._end_sent:
                self.execute("ROLLBACK", {}, answered=False)
            self._sync()
            self._exit()
        except Exception:
            # Neither answered nor known to be rolled back: a closed connection commits nothing.
            self.active = False
            self._driver.close()

    def _end(self) -> None:
        try:
            self._sync()
            self._exit()
        except Exception as error:
            self.abandon()
            self._translate(error)
        try:
            if self.first_error is not None:
                self.raise_error(self.first_error)
        finally:
            # The refusal refers to whoever queued the writes, which refers to this pipeline: let go of it, so
            # that the command's objects are freed when it returns, not by the garbage collector's next pass.
            self._refusal = None

    def _ask_for_answers(self) -> None:
        """The server asked to answer everything queued so far, without ending the transaction (a Flush)."""
        self._pgconn.send_flush_request()
        self._flush()

    def _keep_open(self) -> None:
        """A Sync from now on leaves the transaction open (BEGIN takes in what was sent before it)."""
        if not self._explicit:
            self.execute("BEGIN", {}, answered=False)
            self._explicit = True

    def _send_sync(self) -> None:
        """The transaction's end (implicit) or the pipeline's (explicit) sent; its answer read by ``_sync``."""
        self._pgconn.pipeline_sync()
        self._flush()

    def _sync(self) -> None:
        if not self._end_sent:
            self._send_sync()
        self._read_all()
        result = self._next_result()
        if result.status != self._prepared.synced:
            raise self._unexpected(result)

    def _exit(self) -> None:
        self.active = False
        self._pgconn.exit_pipeline_mode()
        if self.first_error is not None:
            for sql in self._prepared_now:  # a statement after a failed one was skipped, its Parse too
                self._prepared.statements.pop(sql, None)

    def _read_all(self) -> None:
        while self._expected:
            self._read_next()

    def _read_next(self) -> None:
        """The next statement's result (and the end of its results) read, and given to its Answer."""
        prepared = self._prepared
        answer = self._expected.popleft()
        result = self._next_result()
        if result.status == prepared.failed:
            from psycopg.errors import error_from_result

            error = error_from_result(result, encoding=self._driver.info.encoding)
            if self.first_error is None:
                self.first_error = error
            if error.sqlstate == _NO_SUCH_STATEMENT:  # deallocated by another hand: prepared again from now on
                prepared.statements.clear()
        elif result.status not in prepared.answered:
            raise self._unexpected(result)
        if self._next_result() is not None:  # each statement's results end with none
            raise self._unexpected(result)
        if answer is not None:
            answer.result, answer.read = result, True

    def _next_result(self):
        """libpq's next result, waiting for the socket (not in libpq, which would hold Python's lock meanwhile)."""
        pgconn = self._pgconn
        while pgconn.is_busy():  # is_busy: no whole result in what libpq has read so far
            select.select([pgconn.socket], [], [])
            pgconn.consume_input()
        return pgconn.get_result()

    def _flush(self) -> None:
        while self._pgconn.flush():  # 1: more to send once the socket takes it
            select.select([], [self._pgconn.socket], [])

    def _unexpected(self, result) -> Exception:
        from psycopg import OperationalError

        return OperationalError(f"unexpected answer in a command's pipeline: {getattr(result, 'status', result)}")
