"""LRUDict: the shared least-recently-used memo of the state cache and the suggester."""

from __future__ import annotations

import pytest

from writer_app.inference.lru import LRUDict


def test_keeps_the_most_recently_used_entries() -> None:
    lru: LRUDict[str, int] = LRUDict(2)
    lru.put("a", 1)
    lru.put("b", 2)
    assert lru.get("a") == 1  # "a" is now newer than "b"
    lru.put("c", 3)
    assert "b" not in lru and lru.get("a") == 1 and lru.get("c") == 3 and len(lru) == 2
    lru.put("a", 10)  # a put refreshes too
    lru.put("d", 4)
    assert "c" not in lru and lru.get("a") == 10 and lru.get("missing") is None
    lru.clear()
    assert len(lru) == 0


def test_a_stored_none_is_told_apart_by_in() -> None:
    lru: LRUDict[str, None] = LRUDict(1)
    lru.put("nothing found", None)
    assert "nothing found" in lru and lru.get("nothing found") is None


def test_capacity_must_be_positive() -> None:
    with pytest.raises(ValueError):
        LRUDict(0)
