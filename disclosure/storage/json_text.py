"""JSON text read as ``json.loads`` reads it, with less work per call for the text the case book writes.

The audit decodes millions of small texts (event data, ledgers, snapshots), none with whitespace
around it; ``json.loads`` looks for that whitespace with a regular expression twice per call. Text
that has any, or does not read, goes to ``json.loads`` itself, so the answer and the error are its own.
Standard library only (the quick read path of the CLI uses it).
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["decode"]

_raw_decode = json.JSONDecoder().raw_decode


def decode(text: str) -> Any:
    try:
        value, end = _raw_decode(text)
    except (TypeError, ValueError, AttributeError):
        return json.loads(text)
    if end != len(text):
        return json.loads(text)
    return value
