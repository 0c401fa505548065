"""The files commands write (`--out`, `--chart`, `--letter-out`): the one way the command line creates a file.

A file is never written over without `--force`, never over the case book (or its journal) even with
it, and never through a symbolic link: a mistyped `--out office.db` must not destroy the book, and a
link planted where an export goes must not carry personal data elsewhere. Every file is created
readable by its owner only (0600), or by the office's group too (0660, `[files] group`): an export
holds applicants' personal data, and a report the names of the office's staff. Without `--force`
the file is created with O_EXCL, so one appearing meanwhile is not overwritten either; with it, the
new content is written beside the old file and renamed over it, so the old file is whole until the
new one is.

A command that changes the book (a letter issued, a report published, personal data logged as
exported) claims its file before it does (`claim_output`): the file is created then, empty, so a
path that cannot be written (a missing folder, a folder, an existing file, a link, the book) is
refused before anything is recorded; the claimed file is removed when the command fails before
writing it. A failure in the writing itself, after the book changed, says what was recorded.
"""

from __future__ import annotations

import os
from contextlib import contextmanager, nullcontext
from typing import IO, Iterator

import click

from disclosure.private_files import FileAccess, create_private, sqlite_book_files
from disclosure.workflow.errors import DisclosureError, InvalidInput
from disclosure.workflow.messages import message_of, t
from disclosure.workflow.os_errors import os_problem

__all__ = ["force_option", "check_output", "output_file", "claim_output", "OutputClaim"]



def force_option(help: str = "Replace the output file if it exists (never the case book, never through a link).") -> click.Option:
    return click.option("--force", is_flag=True, help=help)


def _is_book(path: str, db: str) -> bool:
    target = os.path.realpath(path)
    for book_file in sqlite_book_files(db):
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
    if path == "-":  # elsewhere the name of standard output: a file called "-" is never what was meant
        raise InvalidInput(t("{option} - names no file; leave {option} out to print to standard output, where a command can",
                             option=option))
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


class OutputClaim:
    """A file created, empty, before the command's work: at its path, or (with --force over an existing
    file) beside it, to be renamed over it once written. ``writing`` fills it; unwritten, it is removed."""

    def __init__(self, path: str, *, db: str, force: bool, files: FileAccess, option: str = "--out") -> None:
        check_output(path, db=db, force=force, option=option)
        self.path, self.option = path, option
        self._replacing = os.path.lexists(path)
        self._written = path
        if self._replacing:
            folder, name = os.path.split(path)
            self._written = os.path.join(folder, f".{name}.{os.urandom(4).hex()}.part")  # not secrets: 8 ms to import
        try:
            self._descriptor: int | None = create_private(self._written, files)
        except FileExistsError:
            raise _exists(option, path) from None
        except OSError as error:
            raise InvalidInput(t("cannot write {option} {path}: {problem}", option=option, path=path, problem=os_problem(error))) from None
        status = os.fstat(self._descriptor)
        self._identity = (status.st_dev, status.st_ino)
        self._done = False

    @contextmanager
    def writing(self, *, binary: bool = False, recorded: str | None = None) -> Iterator[IO]:
        """The claimed file to write (text in UTF-8, or bytes); at its path, whole, once the block ends.

        ``recorded``: what the command recorded in the book before writing (a message), said with any
        failure to write, so the clerk knows what not to do again. Once."""
        descriptor, self._descriptor = self._descriptor, None
        if descriptor is None or self._done:
            raise RuntimeError(f"{self.option} {self.path} was written already")
        try:
            with os.fdopen(descriptor, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8", "newline": ""})) as handle:
                yield handle
            if self._replacing:
                os.replace(self._written, self.path)  # replaces a link itself, never its target
            self._done = True
        except BaseException as error:
            self.release()
            if isinstance(error, OSError):  # a full disk, a removed folder: one line, not a traceback
                problem = os_problem(error)
                if recorded is None:
                    raise InvalidInput(t(
                        "cannot write {option} {path}: {problem}; nothing was written", option=self.option, path=self.path, problem=problem,
                    )) from None
                failed = t("cannot write {option} {path}: {problem}", option=self.option, path=self.path, problem=problem)
                raise InvalidInput(t("{first}; {rest}", first=failed, rest=recorded)) from None
            if recorded is not None and isinstance(error, DisclosureError):  # its class (and exit status) kept, the record named
                error.args = (t("{first}; {rest}", first=message_of(error), rest=recorded),)
            raise

    def release(self) -> None:
        """Remove the claimed file unless it was written (and only if it is still the file claimed)."""
        if self._descriptor is not None:
            os.close(self._descriptor)
            self._descriptor = None
        if self._done:
            return
        self._done = True  # released: nothing more to remove, nor to write
        try:
            status = os.lstat(self._written)
            if (status.st_dev, status.st_ino) == self._identity:
                os.unlink(self._written)
        except OSError:
            pass


@contextmanager
def _claimed(path: str, *, db: str, force: bool, files: FileAccess, option: str) -> Iterator[OutputClaim]:
    claim = OutputClaim(path, db=db, force=force, files=files, option=option)
    try:
        yield claim
    finally:
        claim.release()


def claim_output(app, path: str | None, force: bool, option: str = "--out"):
    """A context manager claiming ``path`` for the command of ``app`` (its book, its office's `[files]`) before
    the command's work; it gives the OutputClaim (None without a path), and removes the file unless written."""
    if path is None:
        return nullcontext(None)
    return _claimed(path, db=app.db, force=force, files=app.settings().files, option=option)


@contextmanager
def output_file(
    path: str, *, db: str, force: bool, files: FileAccess, binary: bool = False, option: str = "--out"
) -> Iterator[IO]:
    """A new file at ``path`` to write (text in UTF-8, or bytes); it is there, whole, once the block ends.

    ``files``: who besides its owner may read it (the office's settings). When the block raises,
    no file is left at ``path`` (or the old one is, with --force)."""
    with _claimed(path, db=db, force=force, files=files, option=option) as claim, claim.writing(binary=binary) as handle:
        yield handle
