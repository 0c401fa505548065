"""A PostgreSQL command's transaction in psycopg's pipeline mode: statements are sent as they come and
the client waits only when it needs an answer.

A command on PostgreSQL then costs one round trip per answer it reads, and its writes travel with its
COMMIT: `BEGIN`, the office-wide lock and the case a step asks for ahead (with the chain's head) go out
with the first query (who acts) and come back with its answer, and the step's writes and `COMMIT` are
the last round trip. A write
that fails is then known only at that last round trip (or at a read after it): whoever queued it says
beforehand what its integrity error means (``refuse_integrity_errors_with``), since its own ``try``
has long been left. The server skips every statement after a failed one until the pipeline's end, so a
failed write never reaches the COMMIT queued behind it; the caller's rollback then ends the transaction.

Standard library only at import; psycopg is the connection's own.
"""

from __future__ import annotations

from typing import Any, Callable

__all__ = ["CommandPipeline", "PipelinedCursor"]


class CommandPipeline:
    """``driver``: a psycopg connection in autocommit mode and out of any transaction; ``opening``: the
    statements that begin the command's transaction (queued here, sent with its first query)."""

    def __init__(self, driver: Any, opening: tuple[str, ...], translate: Callable[[Exception], None]) -> None:
        self._driver = driver
        self._translate = translate  # raises the package's error for a driver error (storage/driver_errors.py)
        self._refusal: Callable[[], Exception] | None = None
        self._pipeline = None
        try:
            self._pipeline = driver.pipeline()
            self._pipeline.__enter__()
            # One cursor for every statement whose answer nobody reads (a new cursor costs as much as sending
            # a statement); a query's answer needs a cursor of its own, or the next statement's would replace it.
            self.unanswered = driver.cursor()
            for statement in opening:
                self.unanswered.execute(statement)
        except Exception as error:
            self.abandon()
            translate(error)

    @property
    def active(self) -> bool:
        return self._pipeline is not None

    def refuse_integrity_errors_with(self, refusal: Callable[[], Exception]) -> None:
        """What an integrity error of the statements queued from now on means, whenever it surfaces."""
        self._refusal = refusal

    def raise_error(self, error: Exception) -> None:
        """``error`` (the driver's, from a read or the pipeline's end) as the package's error."""
        from psycopg import IntegrityError

        if isinstance(error, IntegrityError) and self._refusal is not None:
            raise self._refusal() from None
        self._translate(error)

    def sync(self) -> None:
        """Wait for every statement queued so far, staying in the pipeline."""
        if self._pipeline is not None:
            try:
                self._pipeline.sync()
            except Exception as error:
                self.raise_error(error)

    def commit(self) -> None:
        """The queued writes and COMMIT in one round trip."""
        if self._pipeline is not None:
            self.unanswered.execute("COMMIT")
            self.leave()

    def leave(self) -> None:
        """Wait for every queued statement and go back to one round trip a statement (SQLAlchemy's
        statements read their answers at once, so a unit that turns to them leaves the pipeline first)."""
        pipeline, self._pipeline = self._pipeline, None
        if pipeline is None:
            return
        try:
            pipeline.__exit__(None, None, None)
        except Exception as error:
            self.raise_error(error)

    def abandon(self) -> None:
        """Out of pipeline mode after the command failed: the statements still queued are answered (a failed
        one's errors are dropped: the command's own error is what the clerk is told), then rolled back."""
        pipeline, self._pipeline = self._pipeline, None
        if pipeline is None:
            return
        try:
            pipeline.__exit__(None, None, None)
        except Exception:
            pass  # the command already raised; its transaction is rolled back next


class PipelinedCursor:
    """A statement's cursor in the pipeline: its answer read when first asked for (one round trip for
    everything queued before it), and the driver's errors met then raised as the package's."""

    __slots__ = ("_cursor", "_pipeline")

    def __init__(self, cursor: Any, pipeline: CommandPipeline) -> None:
        self._cursor = cursor
        self._pipeline = pipeline

    def fetchone(self):
        try:
            return self._cursor.fetchone()
        except Exception as error:
            self._pipeline.raise_error(error)

    def fetchall(self) -> list:
        try:
            return self._cursor.fetchall()
        except Exception as error:
            self._pipeline.raise_error(error)

    def __iter__(self):
        return iter(self.fetchall())

    @property
    def rowcount(self) -> int:
        self._pipeline.sync()
        return self._cursor.rowcount
