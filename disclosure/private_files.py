"""Files that hold applicants' personal data: readable by their owner only, or by the office's group too.

The SQLite case book, a backup, an export and a report all come into existence through
``create_private``: the mode is set on the open descriptor, so the umask cannot widen it and no one
else can open the file before it is set. SQLite gives the book's ``-wal`` and ``-shm`` files the
book's own mode. An existing file's mode is the office's to keep: nothing here changes it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.os_errors import os_problem

__all__ = ["FileAccess", "OWNER_ONLY", "create_private", "sqlite_book_path", "sqlite_book_files", "book_folder_warnings"]

_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


@dataclass(frozen=True)
class FileAccess:
    """Who besides the owner may read and write the files the package creates: no one (0600), or the
    members of ``group`` (0660), the office's `[files] group` setting."""

    group: str | None = None

    @property
    def mode(self) -> int:
        return 0o660 if self.group else 0o600

    def group_id(self) -> int | None:
        """The group's number; InvalidInput when this machine has no such group."""
        if self.group is None:
            return None
        try:
            import grp
        except ImportError:  # Windows: no Unix groups to give a file to
            raise InvalidInput(t("files.group needs a system with Unix groups")) from None
        try:
            return grp.getgrnam(self.group).gr_gid
        except KeyError:
            raise InvalidInput(t("files.group: there is no group {group!r} on this machine", group=self.group)) from None


OWNER_ONLY = FileAccess()


def create_private(path: str | os.PathLike, access: FileAccess = OWNER_ONLY) -> int:
    """A new file at ``path``, its descriptor open for writing, with exactly ``access``'s mode and group.

    Never over an existing file (FileExistsError) nor through a symbolic link; other failures to
    create it are the OSError. A group the user may not give files to is InvalidInput, and no file is left.
    """
    group_id = access.group_id()
    descriptor = os.open(path, _CREATE, 0o600)
    try:
        if group_id is not None:
            try:
                os.fchown(descriptor, -1, group_id)  # before the mode opens the file to a group: to this one only
            except OSError as error:
                raise InvalidInput(
                    t("cannot give {path} to group {group}: {strerror} (is the user a member of it?)",
                      path=os.fspath(path), group=access.group, strerror=os_problem(error))
                ) from None
        os.fchmod(descriptor, access.mode)
    except BaseException:
        os.close(descriptor)
        os.unlink(path)
        raise
    return descriptor


def sqlite_book_path(db: str) -> Path | None:
    """The SQLite file a ``--db`` path or ``sqlite:///`` URL names (a server's book, or one in memory, has none)."""
    if "://" in db:
        if not db.startswith("sqlite") or ":///" not in db:  # a server's book, or sqlite:// (in memory)
            return None
        db = db.split(":///", 1)[1].split("?", 1)[0]
        if not db or db == ":memory:":
            return None
    return Path(db).expanduser()


# SQLite keeps a book's pages in its file and these beside it.
_BOOK_SUFFIXES = ("", "-wal", "-shm", "-journal")


def sqlite_book_files(db: str) -> list[str]:
    """The real paths of a SQLite book's file and its journals (none for a server's book, or one in memory)."""
    path = sqlite_book_path(db)
    if path is None:
        return []
    book = os.path.realpath(path)
    return [book + suffix for suffix in _BOOK_SUFFIXES]


def book_folder_warnings(db: str, access: FileAccess = OWNER_ONLY) -> list[str]:
    """What about the SQLite book's folder lets someone the office did not choose reach the book (none: nothing)."""
    book = sqlite_book_path(db)
    if book is None:
        return []
    folder = book.resolve().parent
    try:
        status = folder.stat()
    except OSError:
        return []
    warnings = []
    others = status.st_mode & 0o007
    if others:
        if others & 0o005 and others & 0o002:
            can = t("list its files and delete or replace the case book")
        elif others & 0o005:
            can = t("list its files")
        else:
            can = t("delete or replace the case book")
        warnings.append(t(
            "the case book's folder {folder} is open to every user of this machine (mode {mode:04o}): they can {can}; keep the "
            "book in a folder only the office may enter (chmod o-rwx), and use PostgreSQL for an office shared by many users of "
            "this machine", folder=folder, mode=stat.S_IMODE(status.st_mode), can=can,
        ))
    group_id = access.group_id()
    if group_id is not None and (status.st_gid != group_id or not status.st_mode & stat.S_ISGID):
        # SQLite creates the -wal and -shm files with the creating user's group unless the folder passes its own on.
        warnings.append(
            t("files.group is {group} but new files in {folder} do not take that group, so the journals SQLite creates beside the "
              "book would not; run: chgrp {group} {folder} && chmod g+s {folder}", group=access.group, folder=folder)
        )
    return warnings
