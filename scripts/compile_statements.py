"""Write disclosure/storage/compiled_sql.py: the statements of disclosure/storage/statements.py compiled per dialect.

Run after changing a table or one of those statements; `--check` exits 1 when the file is not what
this script would write (tests/unit/test_compiled_sql.py runs the same comparison).
"""

from __future__ import annotations

import pprint
import sys
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "disclosure" / "storage" / "compiled_sql.py"
HEADER = '''"""The statements of storage/statements.py compiled for each dialect: written by scripts/compile_statements.py.

Do not edit: change storage/statements.py (or the tables) and run the script again.
"""

'''


def written() -> str:
    from disclosure.storage.statements import compile_all

    return HEADER + "SQL = " + pprint.pformat(compile_all(), width=120, sort_dicts=True) + "\n"


def main(arguments: list[str]) -> int:
    text = written()
    if "--check" in arguments:
        if TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is not current: run scripts/compile_statements.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
