"""What a failed pg_dump is reported by: its own complaint, not the locale warnings the shell printed first."""

from __future__ import annotations

from disclosure.storage.backups import _first_line


def test_the_tools_own_line_is_the_one_reported():
    stderr = ("perl: warning: Setting locale failed.\nperl: warning: Please check that your locale settings:\n"
              "\tLANGUAGE = (unset),\npg_dump: error: connection to server failed: Connection refused\n"
              "\tIs the server running?\n")
    assert _first_line(stderr) == "pg_dump: error: connection to server failed: Connection refused"


def test_without_one_the_first_line_is_and_without_any_it_says_so():
    assert _first_line("something odd\nmore\n") == "something odd"
    assert str(_first_line("  \n")) == "no message"
