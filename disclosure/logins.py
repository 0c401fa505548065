"""The operating-system login this process runs as: what a SQLite book maps to its user.

Read from the process's effective user id, never from LOGNAME or USER, which anyone can set.
"""

from __future__ import annotations

import os

__all__ = ["os_login"]


def os_login() -> str:
    try:
        import pwd
    except ImportError:  # Windows: the account the process runs under
        import getpass

        return getpass.getuser()
    try:
        return pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # a uid without a passwd entry (some containers)
        return str(os.geteuid())
