"""One drain at a time, in the order put (no app, no threads needed to see it)."""

from __future__ import annotations

import pytest

from tui.notes.in_order import InOrder


def test_put_says_when_a_drain_must_start_and_the_drain_does_all_in_order():
    queue: InOrder[str] = InOrder()
    done: list[str] = []
    assert queue.put(["a", "b"]) is True
    assert queue.put(["c"]) is False  # the drain due will do it
    queue.drain(done.append)
    assert done == ["a", "b", "c"]
    assert queue.put([]) is False  # nothing to do: no drain
    assert queue.put(["d"]) is True


def test_what_is_put_during_a_drain_is_done_by_that_drain():
    queue: InOrder[int] = InOrder()
    done: list[int] = []

    def handle(item: int) -> None:
        done.append(item)
        if item < 3:
            assert queue.put([item + 1]) is False  # a drain runs: no second one

    assert queue.put([1]) is True
    queue.drain(handle)
    assert done == [1, 2, 3]


def test_a_failing_item_stops_the_drain_and_the_next_put_starts_another():
    queue: InOrder[str] = InOrder()
    done: list[str] = []

    def handle(item: str) -> None:
        if item == "bad":
            raise ValueError(item)
        done.append(item)

    queue.put(["ok", "bad", "later"])
    with pytest.raises(ValueError, match="bad"):
        queue.drain(handle)
    assert queue.put(["last"]) is True
    queue.drain(handle)
    assert done == ["ok", "later", "last"]
