"""Terminal tables whose columns start at the same cell whatever the mix of Chinese and ASCII."""

from __future__ import annotations

from wcwidth import wcswidth

from disclosure.cli.render import display_width, pad, table


def column_starts(line: str, values) -> list[int]:
    """The terminal cell at which each of ``values`` begins in ``line``, read left to right."""
    starts, position = [], 0
    for value in values:
        position = line.index(str(value), position)
        starts.append(wcswidth(line[:position]))
        position += len(str(value))
    return starts


ROWS = [
    ("2026-0001", "registered", "已登记", "due 2026-12-01", "张三"),
    ("2026-0002", "consultation", "征求意见中", "due -", "Li Si"),
    ("7", "fee_pending", "待缴费", "due 2026-12-16", "示例建材有限公司"),
    ("2026-0100", "x", "x", "due 2027-01-04", "明理律师事务所"),
]


def test_mixed_chinese_and_ascii_columns_start_at_the_same_cell():
    lines = table(ROWS)
    starts = [column_starts(line, row) for line, row in zip(lines, ROWS)]
    assert all(line_starts == starts[0] for line_starts in starts), "\n".join(lines)
    # Each column starts two cells after the widest cell before it: 征求意见中 is ten cells, not five.
    assert starts[0] == [0, 11, 25, 37, 53]


def test_a_character_count_would_not_line_up_these_rows():
    # The rows above, padded by characters (str.ljust), drift apart: the test above is not vacuous.
    drifting = ["  ".join(str(value).ljust(max(len(str(row[i])) for row in ROWS)) for i, value in enumerate(row)) for row in ROWS]
    starts = {tuple(column_starts(line, row)) for line, row in zip(drifting, ROWS)}
    assert len(starts) > 1


def test_the_last_column_is_not_padded_and_a_right_aligned_column_fills_on_the_left():
    lines = table([(5, "已发送", "张三"), (123, "sent", "x")], align=">")
    assert lines == ["  5  已发送  张三", "123  sent    x"]


def test_a_column_empty_in_every_row_is_left_out():
    assert table([("a", "", "b"), ("cc", "", "d")]) == ["a   b", "cc  d"]
    assert table([]) == []


def test_cells_counts_wide_characters_twice_and_never_goes_negative():
    assert display_width("办理中") == 6 and display_width("abc") == 3 and display_width("") == 0
    assert display_width("a\x07b") == 2  # a control character takes no cell rather than making the width -1
    assert pad("办结", 6) == "办结  " and pad("办结", 6, ">") == "  办结" and pad("征求意见中", 4) == "征求意见中"


def test_the_widths_known_without_wcwidth_are_wcwidths_own():
    # display_width answers ASCII and the common Chinese ranges itself (wcwidth costs ~30 ms to import); every
    # character of those ranges and of the ranges around them must measure as wcwidth measures it.
    from wcwidth import wcwidth

    from disclosure.cli.render import _KNOWN_WIDTHS

    for first, last, _width in _KNOWN_WIDTHS:
        for code in range(max(first - 64, 0), last + 65):
            character = chr(code)
            assert display_width(character) == max(wcwidth(character), 0), hex(code)
    assert display_width("办结率 100%，按期「示例」。") == wcswidth("办结率 100%，按期「示例」。")


def test_a_cell_with_line_ends_or_tabs_keeps_its_row_on_one_line():
    lines = table([("2026-0001", "张\t三", "申请\n2025年\r\n预算"), ("2026-0002", "李四", "x")])
    assert lines == ["2026-0001  张 三  申请 2025年  预算", "2026-0002  李四   x"]
