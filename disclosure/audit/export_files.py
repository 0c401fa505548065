"""An export with its documents: one zip holding the JSON export and every letter and file its events name.

`audit export --with-files` writes it; `audit verify-export` checks the JSON as always and each
document against the hash its event recorded.
"""

from __future__ import annotations

import hashlib
import zipfile
from typing import IO, Any, Mapping

from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.papers import PAPER_EVENTS
from disclosure.workflow.messages import t

__all__ = ["EXPORT_NAME", "papers_named", "write_export_zip", "read_export_zip", "documents_problem"]

EXPORT_NAME = "export.json"
_FOLDER = "documents/"


def papers_named(document: Mapping[str, Any]) -> dict[str, str]:
    """SHA-256 → what the events call it (a file's name, a letter's number), for every paper in the export."""
    named = {}
    for event in document["events"]:
        if event["type"] in PAPER_EVENTS:
            data = event["data"]
            named.setdefault(data["sha256"], data.get("name") or data.get("number") or data["sha256"])
    return named


def write_export_zip(handle: IO[bytes], text: str, documents: Mapping[str, bytes]) -> None:
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(EXPORT_NAME, text)
        for sha256, content in sorted(documents.items()):
            archive.writestr(f"{_FOLDER}{sha256}", content)


def read_export_zip(path: str) -> tuple[str, dict[str, bytes]]:
    """The export's JSON text and its documents by hash; a zip that is not an export is one InvalidInput line."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if EXPORT_NAME not in names:
                raise InvalidInput(t("{path} is a zip without {name}: not an export with files", path=path, name=EXPORT_NAME))
            text = archive.read(EXPORT_NAME).decode("utf-8")
            documents = {name[len(_FOLDER):]: archive.read(name) for name in names if name.startswith(_FOLDER) and name != _FOLDER}
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError, EOFError) as error:
        raise InvalidInput(t("cannot read {path}: {error}", path=path, error=error)) from None
    return text, documents


def documents_problem(document: Mapping[str, Any], documents: Mapping[str, bytes]) -> str | None:
    """The first paper the export's events name that the zip lacks or holds altered, with how many more."""
    problems = []
    for sha256, name in papers_named(document).items():
        content = documents.get(sha256)
        if content is None:
            problems.append(t("{name} ({sha256}…) is missing from the export", name=name, sha256=sha256[:12]))
        elif hashlib.sha256(content).hexdigest() != sha256:
            problems.append(t("{name} ({sha256}…) was altered: its hash is not the one its event recorded", name=name, sha256=sha256[:12]))
    if not problems:
        return None
    more = len(problems) - 1
    if more == 0:
        return problems[0]
    if more == 1:
        return t("{first}; 1 more document missing or altered", first=problems[0])
    return t("{first}; {more} more documents missing or altered", first=problems[0], more=more)
