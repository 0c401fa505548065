"""The document store: a case's files and letters kept by the SHA-256 of their content.

Two forms, one interface (``put``, ``get``, ``check``): a folder (beside a SQLite book by default,
or a shared path), or the book's own `documents` table. Content-addressed, so a file kept twice is
kept once and a kept file is never changed; the events name the hash, and ``check`` hashes the
content again to tell a missing file from an altered one.
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from disclosure.private_files import FileAccess, create_private
from disclosure.storage.tables import DocumentRow, EventRow
from disclosure.workflow.messages import t
from disclosure.workflow.os_errors import os_problem
from disclosure.workflow.papers import PAPER_EVENTS
from disclosure.workflow.errors import InvalidInput

__all__ = ["FolderStore", "DatabaseStore", "document_store", "papers_recorded", "sha256_of", "MISSING", "ALTERED", "INTACT"]

MISSING, ALTERED, INTACT = "missing", "altered", "intact"
_documents = DocumentRow.__table__


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class _Store:
    def get(self, sha256: str) -> bytes | None:
        raise NotImplementedError

    def check(self, sha256: str) -> str:
        """Whether the content kept under ``sha256`` is there and still has that hash."""
        content = self.get(sha256)
        if content is None:
            return MISSING
        return INTACT if sha256_of(content) == sha256 else ALTERED


class FolderStore(_Store):
    """Files under ``folder``, each at ``<first two hex digits>/<sha256>``, with the book's file access."""

    def __init__(self, folder: Path, access: FileAccess) -> None:
        self.folder = Path(folder)
        self._access = access

    def where(self, sha256: str) -> Path:
        return self.folder / sha256[:2] / sha256

    def put(self, content: bytes, now: datetime) -> str:
        """Keep ``content`` (written whole, then renamed into place, so no reader sees half a file)."""
        sha256 = sha256_of(content)
        path = self.where(sha256)
        if path.is_file() and self.check(sha256) == INTACT:
            return sha256
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o770 if self._access.group else 0o700)
            partial = path.with_name(f".{sha256}.{os.getpid()}.partial")
            descriptor = create_private(partial, self._access)
            try:
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(partial, path)
            except BaseException:
                partial.unlink(missing_ok=True)
                raise
        except OSError as error:
            raise InvalidInput(t("cannot keep the file in the document store {folder}: {problem}",
                                 folder=self.folder, problem=os_problem(error))) from None
        return sha256

    def get(self, sha256: str) -> bytes | None:
        try:
            return self.where(sha256).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise InvalidInput(t("cannot read {path}: {problem}", path=self.where(sha256), problem=os_problem(error))) from None



class _NoStore(_Store):
    """A book in memory, with no folder set: it keeps nothing, and says so when asked to."""

    def put(self, content: bytes, now: datetime) -> str:
        raise InvalidInput(t('this case book has no folder of its own: set [documents] folder, or store = "database"'))

    def get(self, sha256: str) -> bytes | None:
        return None


class DatabaseStore(_Store):
    """Files in the book's `documents` table, inside the caller's transaction."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def put(self, content: bytes, now: datetime) -> str:
        sha256 = sha256_of(content)
        exists = self._connection.execute(select(_documents.c.sha256).where(_documents.c.sha256 == sha256)).first()
        if exists is None:  # under the office-wide write lock: no one else inserts it meanwhile
            self._connection.execute(insert(_documents).values(sha256=sha256, size=len(content), content=content, stored_at=now))
        return sha256

    def get(self, sha256: str) -> bytes | None:
        row = self._connection.execute(select(_documents.c.content).where(_documents.c.sha256 == sha256)).first()
        return None if row is None else bytes(row[0])



def document_store(connection: Connection, store: str | None, folder: str | None, access: FileAccess) -> _Store:
    """The office's store: ``store`` as its settings choose (default: a folder for a SQLite book, beside it as
    `<book>.documents`; the database itself for PostgreSQL)."""
    url = connection.engine.url
    store = store or ("folder" if url.get_backend_name() == "sqlite" else "database")
    if store == "database":
        return DatabaseStore(connection)
    if folder is None:
        book = url.database if url.get_backend_name() == "sqlite" else None
        if not book or book == ":memory:":
            return _NoStore()
        book_path = Path(book).expanduser().resolve()
        folder = str(book_path.with_name(f"{book_path.stem}.documents"))
    return FolderStore(Path(folder), access)


def papers_recorded(connection: Connection):
    """Every letter and file the events name, in the chain's order: (position, case number, data as JSON text)."""
    events = EventRow.__table__
    return connection.execute(
        select(events.c.position, events.c.case_number, events.c.data)
        .where(events.c.type.in_(PAPER_EVENTS)).order_by(events.c.position)
    )
