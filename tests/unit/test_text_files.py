"""An office's own files read with bounds: a device that never ends, or an oversized file, is one line;
a byte-order mark (as Windows Notepad saves) and Windows line ends are read as plain text."""

from __future__ import annotations

import os

import pytest

from disclosure.calendar_files import read_overrides_file
from disclosure.text_files import MOST_BYTES, read_file_bytes, read_text_file
from disclosure.workflow.errors import CalendarFileError, InvalidInput

NEVER_ENDS = "/dev/zero"


@pytest.mark.skipif(not os.path.exists(NEVER_ENDS), reason="no /dev/zero on this system")
def test_a_device_that_never_ends_is_refused_after_the_limit_not_read_into_memory(tmp_path):
    (tmp_path / "2027.toml").symlink_to(NEVER_ENDS)
    with pytest.raises(CalendarFileError, match=r"^calendar file .*2027.toml: larger than 64 MB; not read$"):
        read_overrides_file(tmp_path / "2027.toml")
    assert MOST_BYTES == 64 * 1024 * 1024


def test_a_file_over_the_limit_is_refused_and_one_at_it_is_read(tmp_path):
    path = tmp_path / "ledger.csv"
    path.write_bytes(b"x" * 1001)
    with pytest.raises(InvalidInput, match=r"^the ledger .*ledger.csv: larger than 0 MB; not read$"):
        read_file_bytes(path, "the ledger", most=1000)
    assert read_file_bytes(path, "the ledger", most=1001) == b"x" * 1001


def test_a_byte_order_mark_and_windows_line_ends_are_plain_text(tmp_path):
    path = tmp_path / "2027.toml"
    path.write_bytes('\ufeff[2027]\r\nholidays = ["2027-01-01"]\r\n'.encode("utf-8"))
    assert read_text_file(path, "calendar file") == '[2027]\nholidays = ["2027-01-01"]\n'
    assert sorted(read_overrides_file(path).years) == [2027]


def test_a_missing_file_and_one_not_utf8_are_one_line_each(tmp_path):
    with pytest.raises(InvalidInput, match=r"^kind file .*none.toml: No such file or directory$"):
        read_text_file(tmp_path / "none.toml", "kind file")
    (tmp_path / "gbk.toml").write_bytes("名称".encode("gbk"))
    with pytest.raises(InvalidInput, match=r"^kind file .*gbk.toml: not UTF-8 text$"):
        read_text_file(tmp_path / "gbk.toml", "kind file")
