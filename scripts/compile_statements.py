"""Write disclosure/storage/compiled_sql/DIALECT.py: the statements of disclosure/storage/statements.py compiled,
one module per dialect.

Run after changing a table or one of those statements; `--check` exits 1 when a file is not what
this script would write (tests/unit/test_compiled_sql.py runs the same comparison).
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "disclosure" / "storage" / "compiled_sql"
HEADER = '''"""The statements of storage/statements.py compiled for {dialect}: written by scripts/compile_statements.py.

Do not edit: change storage/statements.py (or the tables) and run the script again.
"""

'''


def written() -> dict[Path, str]:
    """Each dialect's module and its text."""
    from disclosure.storage.statements import compile_all

    return {
        FOLDER / f"{dialect}.py": HEADER.format(dialect=dialect) + "SQL = " + pprint.pformat(compiled, width=120, sort_dicts=True) + "\n"
        for dialect, compiled in compile_all().items()
    }


def main(arguments: list[str]) -> int:
    files = written()
    if "--check" in arguments:
        stale = [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            print(f"{path} is not current: run scripts/compile_statements.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
