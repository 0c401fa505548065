"""Another user of the machine, with the operating system's own checks: the case book a clerk made can
be neither read nor acted on by `nobody`, and a group the user may not give files to is one line.

Needs root (to become `nobody`), setpriv or runuser, and a Python that `nobody` may run with this
package's dependencies; skipped, saying which is missing, otherwise.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REGISTER = ("register", "--channel", "post", "--received", "2026-10-26", "--on", "2026-10-27",
            "--applicant", "张三", "--applicant-type", "natural", "--request", "某路段改造批复")


def _nobody() -> pwd.struct_passwd | None:
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return None


def _as_nobody_prefix() -> list[str] | None:
    """The command that runs the rest of a command line as `nobody`, with none of root's groups."""
    nobody = _nobody()
    if os.geteuid() != 0 or nobody is None:
        return None
    if shutil.which("setpriv"):
        return [shutil.which("setpriv"), f"--reuid={nobody.pw_uid}", f"--regid={nobody.pw_gid}", "--clear-groups"]
    if shutil.which("runuser"):
        return [shutil.which("runuser"), "-u", "nobody", "--"]
    return None


def _environment() -> dict[str, str]:
    """This checkout, then the running interpreter's packages, so another interpreter of the same
    version finds them when the running one lives where `nobody` may not go (a virtualenv under /root)."""
    paths = [str(ROOT), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
    kept = {name: value for name, value in os.environ.items() if name in ("PATH", "LANG", "LC_ALL", "TZ")}
    return {**kept, "PYTHONPATH": os.pathsep.join(dict.fromkeys(paths)), "HOME": "/nonexistent"}


def _python_for_nobody(prefix: list[str], folder: Path) -> str | None:
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    for candidate in (sys.executable, shutil.which(version), f"/usr/bin/{version}"):
        if not candidate:
            continue
        probe = subprocess.run(
            [*prefix, candidate, "-c", "import disclosure.cli"], capture_output=True, env=_environment(), cwd=folder, timeout=60,
        )
        if probe.returncode == 0:
            return candidate
    return None


@pytest.fixture
def open_folder():
    """A folder every user may enter and list (0755), as /tmp's own children often are: only the book's
    own mode keeps `nobody` out of it."""
    folder = Path(tempfile.mkdtemp(prefix="disclosure-modes-", dir="/tmp"))
    os.chmod(folder, 0o755)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def nobody(open_folder):
    """Runs a Python command line as `nobody` in ``open_folder``: (exit status, stdout, stderr)."""
    prefix = _as_nobody_prefix()
    if prefix is None:
        pytest.skip("needs root, a user nobody, and setpriv or runuser to act as another user of the machine")
    python = _python_for_nobody(prefix, open_folder)
    if python is None:
        pytest.skip(f"no Python of version {sys.version_info.major}.{sys.version_info.minor} that user nobody may run")

    def run(*args: str) -> tuple[int, str, str]:
        done = subprocess.run(
            [*prefix, python, *args], capture_output=True, text=True, env=_environment(), cwd=open_folder, timeout=60,
        )
        return done.returncode, done.stdout, done.stderr

    return run


CLI = ("-c", "from disclosure.cli import main; main()")


def _as_root(*args: str) -> None:
    """The command line, as the clerk who owns the book: a process of its own, which leaves no
    connection (nor -wal and -shm) open behind it."""
    done = subprocess.run([sys.executable, *CLI, *args], capture_output=True, text=True, env=_environment(), timeout=60)
    assert done.returncode == 0, done.stderr


def test_nobody_can_neither_read_the_book_nor_act_on_it(nobody, open_folder):
    book = open_folder / "book.db"
    _as_root("--db", str(book), "--user", "admin", "init", "--admin", "admin")
    _as_root("--db", str(book), "--user", "admin", "users", "add", "wang", "--role", "registrar")
    _as_root("--db", str(book), "--user", "wang", *REGISTER)

    code, _, err = nobody("-c", "import sys; open(sys.argv[1], 'rb')", str(book))
    assert code == 1 and err.strip().splitlines()[-1] == f"PermissionError: [Errno 13] Permission denied: '{book}'"
    code, _, err = nobody(
        "-c", "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM events')", str(book),
    )
    assert code == 1 and err.strip().splitlines()[-1] == "sqlite3.OperationalError: unable to open database file"
    for command in (("show", "2026-0001"), ("advance", "2026-0001", "assign", "--to", "admin")):
        code, out, err = nobody(*CLI, "--db", str(book), "--user", "admin", *command)
        assert (code, out, err) == (1, "", "disclosure: error: cannot reach the case book: unable to open database file\n")

    reading = sqlite3.connect(book)
    try:
        assert reading.execute("SELECT count(*) FROM events").fetchone() == (1,)  # nobody's advance did nothing
    finally:
        reading.close()  # the last connection: SQLite removes the -wal and -shm it made
    # The refusals were the book's mode: opened to everyone, the same command gets into the book, where
    # the next defence answers: nobody's login is no user of it, and typing an admin's name does not help.
    os.chmod(open_folder, 0o1777)  # and nobody may make the -wal and -shm beside it
    os.chmod(book, 0o666)
    code, out, err = nobody(*CLI, "--db", str(book), "--user", "admin", "show", "2026-0001")
    assert (code, out) == (1, "") and "the login 'nobody' is no user of this case book" in err, err


def test_a_group_the_user_is_not_in_is_one_line_and_leaves_no_book(nobody, open_folder):
    os.chown(open_folder, _nobody().pw_uid, -1)  # nobody's own folder, where it may create a book
    (open_folder / "disclosure.toml").write_text('[files]\ngroup = "root"\n', encoding="utf-8")
    book = open_folder / "book.db"
    code, out, err = nobody(*CLI, "--db", str(book), "--user", "nobody", "init", "--admin", "nobody")
    assert (code, out) == (2, "")
    assert err == f"disclosure: error: cannot give {book} to group root: Operation not permitted (is the user a member of it?)\n"
    assert sorted(path.name for path in open_folder.iterdir()) == ["disclosure.toml"]
