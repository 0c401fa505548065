"""The files commands write (`--out`, `--chart`): the one way the command line creates a file.

A file is never written over without `--force`, never over the case book (or its journal) even with
it, and never through a symbolic link: a mistyped `--out office.db` must not destroy the book, and a
link planted where an export goes must not carry personal data elsewhere. Every file is created
readable by its owner only (0600), or by the office's group too (0660, `[files] group`): an export
holds applicants' personal data, and a report the names of the office's staff. Without `--force`
the file is created with O_EXCL, so one appearing meanwhile is not overwritten either; with it, the
new content is written beside the old file and renamed over it, so the old file is whole until the
new one is.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import IO, Iterator

import click

from disclosure.private_files import FileAccess, create_private, sqlite_book_path
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["force_option", "check_output", "output_file"]

_BOOK_JOURNALS = ("", "-wal", "-shm", "-journal")  # SQLite keeps a book's pages in these beside it


def force_option(help: str = "Replace the output file if it exists (never the case book, never through a link).") -> click.Option:
    return click.option("--force", is_flag=True, help=help)


def _book_files(db: str) -> list[str]:
    """The real paths of the case book's files, for a path or an sqlite:/// URL (a server's book has none)."""
    path = sqlite_book_path(db)
    if path is None:
        return []
    book = os.path.realpath(path)
    return [book + suffix for suffix in _BOOK_JOURNALS]


def _is_book(path: str, db: str) -> bool:
    target = os.path.realpath(path)
    for book_file in _book_files(db):
        if target == book_file:
            return True
        try:
            if os.path.samefile(path, book_file):  # a hard link, or another name of the same file
                return True
        except OSError:
            continue
    return False


def check_output(path: str, *, db: str, force: bool, option: str = "--out") -> None:
    """Refuse, before any work, a path the command must not write: InvalidInput naming why."""
    if os.path.islink(path):
        raise InvalidInput(t("{option} {path} is a symbolic link; name the file itself", option=option, path=path))
    if _is_book(path, db):
        raise InvalidInput(t("{option} {path} is the case book; choose another file", option=option, path=path))
    if os.path.lexists(path):
        if not os.path.isfile(path):
            raise InvalidInput(t("{option} {path} exists and is not a regular file", option=option, path=path))
        if not force:
            raise _exists(option, path)


def _exists(option: str, path: str) -> InvalidInput:
    return InvalidInput(t("{option} {path} exists; add --force to replace it", option=option, path=path))


@contextmanager
def output_file(
    path: str, *, db: str, force: bool, files: FileAccess, binary: bool = False, option: str = "--out"
) -> Iterator[IO]:
    """A new file at ``path`` to write (text in UTF-8, or bytes); it is there, whole, once the block ends.

    ``files``: who besides its owner may read it (the office's settings). When the block raises,
    no file is left at ``path`` (or the old one is, with --force)."""
    check_output(path, db=db, force=force, option=option)
    replacing = os.path.lexists(path)
    written = path
    if replacing:
        folder, name = os.path.split(path)
        written = os.path.join(folder, f".{name}.{os.urandom(4).hex()}.part")  # not secrets: 8 ms to import
    try:
        descriptor = create_private(written, files)
    except FileExistsError:
        raise _exists(option, path) from None
    except OSError as error:
        raise InvalidInput(t("cannot write {option} {path}: {problem}", option=option, path=path, problem=error.strerror or str(error))) from None
    try:
        with os.fdopen(descriptor, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as handle:
            yield handle
        if replacing:
            os.replace(written, path)  # replaces a link itself, never its target
    except BaseException as error:
        try:
            os.unlink(written)
        except OSError:
            pass
        if isinstance(error, OSError):  # a full disk, a removed folder: one line, not a traceback
            raise InvalidInput(t(
                "cannot write {option} {path}: {problem}; nothing was written", option=option, path=path, problem=error.strerror or str(error),
            )) from None
        raise
