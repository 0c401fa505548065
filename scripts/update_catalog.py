"""Bring the Chinese catalog up to date with the code, and compile it.

    .venv/bin/python scripts/update_catalog.py          # merge new messages into the .po, compile the .mo
    .venv/bin/python scripts/update_catalog.py --check  # exit 1 if any message lacks a translation or the .mo is stale
    .venv/bin/python scripts/update_catalog.py --with more.po …  # also take translations from these .po files

The messages a clerk can meet come from three places:
- ``t("…")`` calls in the package (workflow/messages.py), extracted with Babel;
- every help text of the command tree (commands, options, epilogs), read from click's objects;
- click's own words (Usage, Options, its usage errors), extracted with Babel from click's source.
A message the code no longer has is dropped from the catalog; a translation is kept while its
message id stays the same. Babel is a test dependency: the package itself reads the compiled `.mo`
with the standard library's gettext.
"""

from __future__ import annotations

import io
import sys
from datetime import datetime, timezone
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from disclosure.workflow.messages import DOMAIN, LOCALE_DIR  # noqa: E402

STAMP = datetime(2026, 12, 1, tzinfo=timezone.utc)
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")


def _extracted(folder: Path, keywords: dict) -> dict[str, str]:
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(folder), method_map=[("**.py", "python")], keywords=keywords, comment_tags=(),
    ):
        # click's words chosen by a count (ngettext) keep their plural form: gettext finds them only so.
        msgid = tuple(message[:2]) if isinstance(message, tuple) and len(message) > 1 and message[1] else (
            message[0] if isinstance(message, tuple) else message
        )
        if msgid:
            found.setdefault(msgid, f"{folder.name}/{filename}:{lineno}")
    return found


def _help_texts() -> dict[str, str]:
    from disclosure.cli import root
    from disclosure.cli.language import command_params
    from disclosure.cli.lazy_group import every_command

    found: dict[str, str] = {}

    def walk(command: click.Command, path: str) -> None:
        for name in ("help", "short_help", "epilog"):
            text = getattr(command, name, None)
            if text:
                found.setdefault(text, f"{path} ({name})")
        for param in command_params(command, root):
            if getattr(param, "help", None):
                found.setdefault(param.help, f"{path} {param.opts[0] if param.opts else param.name}")
        if isinstance(command, click.Group):
            for name, sub in every_command(command):  # the root's commands are loaded only when asked for
                walk(sub, f"{path} {name}")

    walk(root, "disclosure")
    return found


def wanted() -> dict[str, str]:
    """Every message id a clerk can meet, with where it comes from."""
    messages = _extracted(ROOT / "disclosure", {"t": None})
    for msgid, where in _help_texts().items():
        messages.setdefault(msgid, where)
    for msgid, where in _extracted(Path(click.__file__).parent, {"_": None, "ngettext": (1, 2)}).items():
        messages.setdefault(msgid, where)
    return messages


def read_catalog() -> Catalog:
    return _read(PO) if PO.exists() else Catalog(locale="zh_CN", domain=DOMAIN)


def _read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale="zh_CN", domain=DOMAIN)


def merged(existing: Catalog, messages: dict[str, str], more: tuple[Catalog, ...] = ()) -> Catalog:
    """The catalog of ``messages``: each with its translation in ``existing``, else in the first of ``more`` that has one."""
    # Fixed header dates: the file changes only when a message or a translation does.
    catalog = Catalog(
        locale="zh_CN", domain=DOMAIN, project="disclosure", version="", charset="utf-8", fuzzy=False,
        header_comment="# The Chinese catalog of disclosure: messages, help and click's words (scripts/update_catalog.py).",
        creation_date=STAMP, revision_date=STAMP, last_translator="disclosure", language_team="zh_CN",
    )
    # Two forms, though Chinese has one: click fills its singular and its plural with different values
    # ({possibility}, {possibilities}), so each needs a translation naming its own.
    catalog._num_plurals, catalog._plural_expr = 2, "(n != 1)"
    for msgid in sorted(messages, key=lambda msgid: msgid if isinstance(msgid, str) else msgid[0]):
        found = [source.get(msgid) for source in (existing, *more)]
        string = next((message.string for message in found if message is not None and _translated(message.string)), "")
        if isinstance(msgid, tuple):
            string = tuple(string) + ("",) * (2 - len(string)) if isinstance(string, tuple) else (string or "", "")
        catalog.add(msgid, string, auto_comments=[messages[msgid]])
    return catalog


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def _translated(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def untranslated(catalog: Catalog) -> list[str]:
    return [message.id for message in catalog if message.id and not _translated(message.string)]


def main() -> int:
    arguments = sys.argv[1:]
    more = tuple(_read(Path(path)) for path in arguments[arguments.index("--with") + 1:]) if "--with" in arguments else ()
    catalog = merged(read_catalog(), wanted(), more)
    if "--check" in arguments:
        missing = untranslated(catalog)
        stale = not MO.exists() or MO.read_bytes() != compiled(read_catalog())
        for msgid in missing:
            print(f"untranslated: {msgid!r}")
        if stale:
            print(f"{MO} is not the compiled {PO.name}: run scripts/update_catalog.py")
        return 1 if missing or stale else 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=0, omit_header=False, sort_output=True)
    MO.write_bytes(compiled(read_catalog()))
    missing = untranslated(catalog)
    print(f"{PO.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} untranslated; {MO.name} compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
