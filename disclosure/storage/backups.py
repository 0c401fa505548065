"""Copies of a case book: SQLite's online backup and integrity check, PostgreSQL's pg_dump."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy.engine import make_url

from disclosure.private_files import OWNER_ONLY, FileAccess, create_private
from disclosure.workflow.errors import InvalidInput, StorageError
from disclosure.workflow.messages import t
from disclosure.workflow.os_errors import os_problem

__all__ = ["written_beside", "copy_sqlite", "sqlite_damage", "dump_postgres"]


def _create_part(part: Path, target: Path, access: FileAccess) -> None:
    try:
        os.close(create_private(part, access))
    except FileExistsError:
        raise InvalidInput(t("{target} exists already; a backup or a restored book goes to a new file", target=target)) from None
    except OSError as error:
        raise InvalidInput(t("cannot create {part}: {strerror}", part=part, strerror=os_problem(error))) from None


@contextmanager
def written_beside(target: Path, access: FileAccess = OWNER_ONLY) -> Iterator[Path]:
    """A file beside ``target`` to write and check, created with ``access`` (it holds the whole book);
    it becomes ``target`` only when the block ends well (never over an existing file), and is removed
    otherwise. A process killed meanwhile leaves a ``.part`` file, never a damaged file under the backup's name."""
    if os.path.lexists(target):
        raise InvalidInput(t("{target} exists already; a backup or a restored book goes to a new file", target=target))
    part = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    _create_part(part, target, access)
    try:
        yield part
        try:
            os.link(part, target)  # fails, rather than replaces, when the name was taken meanwhile
        except FileExistsError:
            raise InvalidInput(t("{target} exists already; a backup or a restored book goes to a new file", target=target)) from None
    finally:
        part.unlink(missing_ok=True)


def copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while other connections go on writing."""
    reading = sqlite3.connect(source)
    try:
        copy = sqlite3.connect(target)
        try:
            reading.backup(copy)
        finally:
            copy.close()
    finally:
        reading.close()


def sqlite_damage(path: Path) -> str | None:
    """SQLite's integrity check of a file (None: sound)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        lines = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        return str(error)
    finally:
        connection.close()
    return None if lines == ["ok"] else "; ".join(lines[:3])


def dump_postgres(url: str, target_path: Path) -> None:
    """``pg_dump --format=custom`` of the book into an existing empty file, read back by ``pg_restore --list``."""
    dump, restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    address = make_url(url).set(drivername="postgresql")
    libpq_url, shown = address.render_as_string(hide_password=False), address.render_as_string(hide_password=True)
    if dump is None or restore is None:
        target_path.unlink(missing_ok=True)
        raise InvalidInput(
            t("pg_dump is not installed here; back the book up with: pg_dump --format=custom --file {target_path} "
              "'{shown}'",
              target_path=target_path, shown=shown)
        )
    finished = subprocess.run([dump, "--format=custom", "--file", str(target_path), libpq_url], capture_output=True, text=True)
    if finished.returncode != 0:
        target_path.unlink(missing_ok=True)
        raise StorageError(t("pg_dump failed: {problem}", problem=_first_line(finished.stderr)))
    listed = subprocess.run([restore, "--list", str(target_path)], capture_output=True, text=True)
    if listed.returncode != 0:
        target_path.unlink(missing_ok=True)
        raise StorageError(t("the dump at {target_path} does not read back: {problem}",
                             target_path=target_path, problem=_first_line(listed.stderr)))


def _first_line(stderr: str) -> str:
    """A tool's complaint, its first line (the rest is detail a one-line error leaves out); the tool's own
    line (``pg_dump: error: …``) before any other, as the shell's locale warnings may come first."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    own = [line for line in lines if line.startswith(("pg_dump:", "pg_restore:"))]
    return (own or lines or [t("no message")])[0]
