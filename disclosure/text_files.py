"""Reading an office's files (calendars, kinds, mappings, report parts, ledgers): a missing, unreadable,
oversized or undecodable file is one line."""

from __future__ import annotations

import os
from pathlib import Path

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t
from disclosure.workflow.os_errors import os_problem

__all__ = ["read_text_file", "read_file_bytes", "MOST_BYTES"]

# These files are small (a year's ledger of 10,000 cases is about 2 MB); anything larger, or a device
# that never ends (/dev/zero), is refused rather than read into memory.
MOST_BYTES = 64 * 1024 * 1024


def read_file_bytes(path: str | os.PathLike[str], what: str, error: type[InvalidInput] = InvalidInput,
                    most: int = MOST_BYTES) -> bytes:
    """The file's bytes, at most ``most`` of them, or ``error`` saying "<what> <path>: <why>"."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            content = handle.read(most + 1)
    except OSError as problem:
        raise error(t("{what} {path}: {problem}", what=what, path=path, problem=os_problem(problem))) from None
    if len(content) > most:
        raise error(t("{what} {path}: larger than {megabytes} MB; not read", what=what, path=path,
                      megabytes=most // (1024 * 1024)))
    return content


def read_text_file(path: str | os.PathLike[str], what: str, error: type[InvalidInput] = InvalidInput) -> str:
    """The file's UTF-8 text (a byte-order mark, as Notepad writes, dropped; line ends made \\n), or ``error``
    saying "<what> <path>: <why>"."""
    content = read_file_bytes(path, what, error)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(t("{what} {path}: not UTF-8 text", what=what, path=Path(path))) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
