"""The kinds an office knows are an object handed to it, not a list shared by the whole process."""

from __future__ import annotations

from pathlib import Path

import pytest

from disclosure.kind_files import load_kinds, read_kind_file
from disclosure.workflow.errors import InvalidInput
from disclosure.workflow.kinds import BUILT_IN, BUILT_IN_KINDS, KindRegistry

MESSAGE_BOARD = Path(__file__).parents[1] / "fixtures" / "kinds" / "message_board.toml"


def test_an_office_with_its_own_kind_leaves_the_built_in_registry_as_it_was():
    office_kinds = load_kinds([MESSAGE_BOARD])
    assert office_kinds.codes == ("disclosure", "petition", "suggestion", "message_board")
    assert "message_board" not in BUILT_IN_KINDS
    assert not office_kinds.is_built_in("message_board") and office_kinds.is_built_in("petition")
    with pytest.raises(InvalidInput, match=r"^unknown kind 'message_board'; expected one of disclosure, petition, suggestion$"):
        BUILT_IN_KINDS.kind("message_board")


def test_two_registries_in_one_process_know_different_kinds():
    board = read_kind_file(MESSAGE_BOARD)
    with_board, without = BUILT_IN_KINDS.with_office_kinds([board]), KindRegistry(BUILT_IN.values())
    assert with_board.kind("message_board").actions[:len(board.actions)] == board.actions and without.get("message_board") is None
    assert with_board.machine("message_board") is with_board.machine("message_board")  # built once


def test_a_kind_file_may_not_take_a_built_in_code_or_one_another_file_took():
    board = read_kind_file(MESSAGE_BOARD)
    with pytest.raises(InvalidInput, match=r"^two kind files define the kind 'message_board'$"):
        BUILT_IN_KINDS.with_office_kinds([board, board])
    with pytest.raises(InvalidInput, match=r"^kind 'disclosure' is built in; a configured kind needs another code$"):
        KindRegistry(BUILT_IN.values(), [BUILT_IN["disclosure"]])


def test_a_case_of_a_kind_no_longer_known_takes_its_due_date_from_the_reply_clock():
    assert BUILT_IN_KINDS.due_clocks("disclosure") == ("reply",)
    assert BUILT_IN_KINDS.due_clocks("a_kind_whose_file_was_removed") == ("reply",)
    assert BUILT_IN_KINDS.due_clocks("petition") == BUILT_IN["petition"].due_clocks != ("reply",)
