"""Looking after a case book as a whole: its schema's revision, upgrading it, backups, the PostgreSQL
roles clerks and admins connect through (docs/operations.md).

These work on a book the Office would refuse to open (one behind this version's schema).
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterator

from disclosure.paper_settings import PaperSettings
from disclosure.private_files import OWNER_ONLY, FileAccess
from disclosure.storage.backups import copy_sqlite, dump_postgres, sqlite_damage, written_beside
from disclosure.storage.database import make_engine
from disclosure.storage.roles import (
    APPEND_ONLY, RoleNames, book_layout, check_role_name, granted, members, role_statements, run_statements,
)
from disclosure.workflow.errors import InvalidInput, NotFound, StorageError
from disclosure.workflow.kinds.registry import KindRegistry
from disclosure.storage.schema import HEAD, state_of, upgrade
from disclosure.workflow.messages import t

__all__ = ["schema_status", "upgrade_book", "backup_book", "restore_book", "book_roles", "CLERK_GROUP", "ADMIN_GROUP"]

CLERK_GROUP = "disclosure_clerk"
ADMIN_GROUP = "disclosure_admin"


def _engine(url: str):
    if "://" not in url and not Path(url).expanduser().is_file():
        raise NotFound(t("no case book at {url}", url=url))
    return make_engine(url)


def schema_status(url: str) -> dict[str, Any]:
    """The book's revision, this version's, and the revisions an upgrade would apply."""
    engine = _engine(url)
    try:
        with engine.connect() as connection:
            state = state_of(connection)
    finally:
        engine.dispose()
    return {
        "revision": state.revision,
        "recorded": state.recorded,
        "head": HEAD,
        "current": state.current,
        "pending": state.behind,
    }


def upgrade_book(url: str, *, dry_run: bool = False, kinds: KindRegistry | None = None) -> list[str]:
    """Bring the book to this version's schema in one transaction; the revisions applied (or, dry, to apply).

    ``kinds``: the office's kinds (the built-in ones when None), whose due clocks a revision may need."""
    engine = _engine(url)
    try:
        return upgrade(engine, dry_run=dry_run, due_clocks_of=kinds.due_clocks if kinds is not None else None)
    finally:
        engine.dispose()


def backup_book(url: str, target: str, files: FileAccess = OWNER_ONLY, papers: PaperSettings = PaperSettings()) -> dict[str, Any]:
    """A consistent copy of the book while clerks go on working, checked once written.

    The copy is a new file readable by its owner only, or by the office's group too (``files``).
    SQLite: the online backup API into that file, then SQLite's
    integrity check of the copy and, for a book of this version's schema, `audit verify` of the copy.
    PostgreSQL: `pg_dump --format=custom` when it is installed (else the one line says how), checked
    by `pg_restore --list`. A SQLite book's own document folder (`<book>.documents`) is copied beside
    the copy; a shared folder (``papers.folder``) or the database store is the copy's as it is the book's.
    """
    if "://" in url:
        target_path = Path(target).expanduser()
        with written_beside(target_path, files) as part:
            dump_postgres(url, part)
        return {"file": str(target_path), "format": "pg_dump", "integrity": "ok", "verified": False,
                "schema": schema_status(url)["revision"]}
    source_path = Path(url).expanduser()
    if not source_path.is_file():
        raise NotFound(t("no case book at {url}", url=url))
    target_path = Path(target).expanduser()
    if target_path.resolve() == source_path.resolve():
        raise InvalidInput(t("the backup must go to another file than the case book"))
    with written_beside(target_path, files) as part:
        copy_sqlite(source_path, part)
        with _documents_beside(source_path, target_path, papers, files) as documents:
            checked = _check_copy(part, target_path, documents)
    return {"file": str(target_path), **checked}


def restore_book(backup: str, url: str, files: FileAccess = OWNER_ONLY, papers: PaperSettings = PaperSettings()) -> dict[str, Any]:
    """A SQLite backup made a case book again, at a new path (never over an existing file, created
    with ``files``' mode and group), with its document folder, and checked."""
    if "://" in url:
        raise InvalidInput(
            t("restore into PostgreSQL with pg_restore: createdb NEW && pg_restore --dbname NEW FILE; then `disclosure "
              "--db URL audit verify`")
        )
    source_path, target_path = Path(backup).expanduser(), Path(url).expanduser()
    if not source_path.is_file():
        raise NotFound(t("no backup at {backup}", backup=backup))
    state = sqlite_damage(source_path)
    if state is not None:
        raise InvalidInput(t("{backup} is not a sound SQLite case book: {state}", backup=backup, state=state))
    with written_beside(target_path, files) as part:
        shutil.copyfile(source_path, part)
        with _documents_beside(source_path, target_path, papers, files) as documents:
            checked = _check_copy(part, target_path, documents)
    return {"file": str(target_path), **checked}


def book_roles(url: str, *, clerk: str = CLERK_GROUP, admin: str = ADMIN_GROUP, apply: bool = False) -> dict[str, Any]:
    """The statements giving a clerk group and an admin group least privilege on a PostgreSQL book
    (storage/roles.py), run when ``apply`` (connected as the book's owner); what each group may do, and
    the roles granted each group so far."""
    if "://" not in url:
        raise InvalidInput(
            t("SQLite has no roles: an office whose clerks share one book keeps it on PostgreSQL (docs/operations.md)")
        )
    names = RoleNames(check_role_name(clerk, "--clerk-role"), check_role_name(admin, "--admin-role"))
    if names.clerk == names.admin:
        raise InvalidInput(t("the clerk group and the admin group need two names"))
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            layout = book_layout(connection, url)
            statements = role_statements(layout, names)
            if apply:
                run_statements(connection, statements)
                connection.commit()
            found = members(connection, names)
    finally:
        engine.dispose()
    return {
        "clerk_role": names.clerk,
        "admin_role": names.admin,
        "applied": apply,
        "tables": {table: {"clerk": ["SELECT", *policy.clerk], "admin": list(policy.admin)}
                   for table, policy in granted(layout).items()},
        "append_only": [table for table in APPEND_ONLY if table in layout.tables],
        "members": found,
        "statements": statements,
    }


@contextmanager
def _documents_beside(source: Path, target: Path, papers: PaperSettings, files: FileAccess) -> Iterator[PaperSettings]:
    """The document store the copy at ``target`` uses: the source's own folder copied beside it (removed
    again if the copy fails), when the source keeps its documents beside itself; else the source's, shared."""
    if papers.store not in (None, "folder") or papers.folder is not None:
        yield papers
        return
    own, copied = (path.resolve().with_name(f"{path.resolve().stem}.documents") for path in (source, target))
    if not own.is_dir():
        yield replace(papers, folder=str(copied))
        return
    if copied.exists():
        raise InvalidInput(t("{copied} exists: the copy's documents go there; move it away first", copied=copied))
    # Copied under a hidden name and renamed once the copy checks out, as the book's copy is: a backup
    # killed midway leaves nothing under the backup's names, and the next one is not refused.
    part = copied.with_name(f".{copied.name}.{os.urandom(4).hex()}.part")
    try:
        shutil.copytree(own, part, copy_function=shutil.copy2)
        os.chmod(part, 0o770 if files.group else 0o700)
        yield replace(papers, folder=str(part))
        os.rename(part, copied)
    except BaseException:
        shutil.rmtree(part, ignore_errors=True)
        raise


def _check_copy(part: Path, target: Path, papers: PaperSettings = PaperSettings()) -> dict[str, Any]:
    """The copy's integrity, and its chain and projections (and documents) when its schema is this version's
    (the copy is still at ``part``; ``target`` names it in messages)."""
    from disclosure.service import Office
    from disclosure.settings import Settings

    path = str(part)
    problem = sqlite_damage(part)
    if problem is not None:
        raise StorageError(t("the copy at {target} fails SQLite's integrity check: {problem}; it was removed",
                             target=target, problem=problem))
    status = schema_status(path)
    if not status["current"]:
        return {"format": "sqlite", "integrity": "ok", "verified": False, "schema": status["revision"]}
    office = Office.open(path, create=False, settings=Settings(papers=papers))
    try:
        result = office.verify(office.anchor())
    finally:
        office.close()
    if not result.intact:
        raise StorageError(t("the copy at {target} does not verify: {finding}; it was removed", target=target, finding=str(result.finding)))
    return {"format": "sqlite", "integrity": "ok", "verified": True, "schema": status["revision"], "events": result.events,
            "head": str(result.head)}
