"""The book's cases cut into ranges of numbers, shared by two processes: this one takes them from the
lowest up, the second (audit/second_process.py) from the highest down, until they meet.

Whichever process runs faster (the machine's other load slows one or the other) takes more ranges,
so neither waits long for the other. Every range taken by the second process lies above every range
taken here, so answers put together range by range come out in the order one process would give.
"""

from __future__ import annotations

import multiprocessing
from typing import Callable, Generic, Iterator, TypeVar

from disclosure.storage.audit_rows import NumberRange

__all__ = ["SharedRanges"]

Answer = TypeVar("Answer")


class SharedRanges(Generic[Answer]):
    """Made before the second process is forked, so both hold the same counters."""

    def __init__(self, ranges: list[NumberRange]) -> None:
        self.ranges = ranges
        # The lowest and the highest range not yet taken, under the array's own lock.
        self._untaken = multiprocessing.get_context("fork").Array("i", [0, len(ranges) - 1])

    def _take(self, lowest: bool) -> int | None:
        with self._untaken.get_lock():
            low, high = self._untaken[0], self._untaken[1]
            if low > high:
                return None
            self._untaken[0 if lowest else 1] = low + 1 if lowest else high - 1
            return low if lowest else high

    def stop(self) -> None:
        """Nothing more is taken, by either process (a finding made the rest needless)."""
        with self._untaken.get_lock():
            self._untaken[0], self._untaken[1] = 1, 0

    def work(
        self, lowest_first: bool, answer_for: Callable[[NumberRange], Answer], done: Callable[[Answer], bool] = lambda _: False,
    ) -> Iterator[tuple[int, Answer]]:
        """(index, answer) for each range this process takes, from its end, until none is left or one is ``done``."""
        while (index := self._take(lowest_first)) is not None:
            answer = answer_for(self.ranges[index])
            yield index, answer
            if done(answer):
                return
