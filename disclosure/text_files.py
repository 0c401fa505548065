"""Reading an office's text files (calendars, kinds): a missing or unreadable file is one line."""

from __future__ import annotations

import os
from pathlib import Path

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

__all__ = ["read_text_file"]


def read_text_file(path: str | os.PathLike[str], what: str, error: type[InvalidInput] = InvalidInput) -> str:
    """The file's UTF-8 text, or ``error`` saying "<what> <path>: <why>"."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as problem:
        raise error(t("{what} {path}: {problem}", what=what, path=path, problem=problem.strerror or problem)) from None
    except UnicodeDecodeError:
        raise error(t("{what} {path}: not UTF-8 text", what=what, path=path)) from None
