"""What the operating system said, in the clerk's language: its common refusals of a file as messages
(the catalog has their Chinese), anything else in its own words."""

from __future__ import annotations

import errno

from disclosure.workflow.messages import t

__all__ = ["os_problem"]

# The words of the C library (strerror), as message ids: the English is what a clerk saw before.
_SAID = {
    errno.ENOENT: t("No such file or directory"),
    errno.EACCES: t("Permission denied"),
    errno.EPERM: t("Operation not permitted"),
    errno.EISDIR: t("Is a directory"),
    errno.ENOTDIR: t("Not a directory"),
    errno.EEXIST: t("File exists"),
    errno.ENOSPC: t("No space left on device"),
    errno.EROFS: t("Read-only file system"),
    errno.ELOOP: t("Too many levels of symbolic links"),
    errno.ENAMETOOLONG: t("File name too long"),
}


def os_problem(error: OSError) -> str:
    """The refusal ``error`` carries, said as a message when it is a common one."""
    return _SAID.get(error.errno) or error.strerror or str(error) or type(error).__name__
