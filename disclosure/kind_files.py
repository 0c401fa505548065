"""Reading an office's own kinds of case from TOML files (the domain checks and builds them).

Files come from ``--kinds FILE`` (repeatable; ``DISCLOSURE_KINDS``, paths separated by the OS path
separator) and from ``[kinds] files = [...]`` in disclosure.toml (relative to that file). Each is
loaded at start-up and checked whole: a mistake stops the command with one line naming the file.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from typing import TYPE_CHECKING

from disclosure.text_files import read_text_file
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.messages import t

if TYPE_CHECKING:
    from disclosure.workflow.kinds import Kind, KindRegistry

__all__ = ["read_kind_file", "load_kinds", "kind_paths_from_env"]

ENV_VARIABLE = "DISCLOSURE_KINDS"


def kind_paths_from_env(environ: dict[str, str] | None = None) -> list[str]:
    value = (environ if environ is not None else os.environ).get(ENV_VARIABLE, "")
    return [path for path in value.split(os.pathsep) if path]


def read_kind_file(path: str | os.PathLike[str]) -> "Kind":
    # Imported here: the CLI reads the environment through this module on every start, kinds or not.
    import tomllib

    from disclosure.workflow.kinds.spec import kind_from_definition

    path = Path(path)
    text = read_text_file(path, t("kind file"))
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidInput(t("kind file {path}: not valid TOML: {error}", path=path, error=error)) from None
    return kind_from_definition(document, source=str(path))


def load_kinds(paths: Iterable[str | os.PathLike[str]]) -> "KindRegistry":
    """The built-in kinds and each file's kind, every file read and checked (one bad file: InvalidInput).

    A kind is named by its code or its label (``list --kind 信访事项``), so no code or label of a file's
    kind may be another kind's code or label, built in or from another file.
    """
    from disclosure.workflow.kinds import BUILT_IN_KINDS
    from disclosure.workflow.kinds.spec import BUILT_IN_SOURCE

    taken: dict[str, tuple[str, str]] = {}  # a code or label → the kind that has it, and where it comes from
    for kind in BUILT_IN_KINDS:
        for name in (kind.code, kind.label):
            taken.setdefault(name, (kind.code, BUILT_IN_SOURCE))
    kinds = []
    for path in paths:
        kind = read_kind_file(path)
        where = t("kind {code} ({source})", code=kind.code, source=str(path))
        for key, name in (("code", kind.code), ("label", kind.label)):
            if name in taken:
                other, source = taken[name]
                raise InvalidInput(t(
                    "{where}: {key} {value!r} is already the kind {other}'s ({source}); each kind needs a code and a label of its own",
                    where=where, key=key, value=name, other=other, source=source,
                ))
        for name in (kind.code, kind.label):
            taken[name] = (kind.code, str(path))
        kinds.append(kind)
    return BUILT_IN_KINDS.with_office_kinds(kinds)
