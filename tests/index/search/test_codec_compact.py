"""The compact inlined posting lists read back exactly what W3 itself would: ids, weights,
values (frequencies, positions, anything else) and the term's statistics."""

from __future__ import annotations

import pytest
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.formats import Existence, Positions
from whoosh.system import pack_uint
from whoosh.util.numeric import length_to_byte

from index.search.codec import _read_varint, compact_entry, compact_inlined, read_compact, varints

POSITIONS = Positions()
IDS = (3, 4, 90, 1_000_000)
WEIGHTS = (1.0, 2.0, 1.0, 300.0)
LISTS = {
    "positions": (IDS, WEIGHTS, tuple(POSITIONS.encode(p) for p in ([7], [0, 4], [2], [1, 900]))),
    "frequencies": (IDS, WEIGHTS, tuple(pack_uint(int(w)) for w in WEIGHTS)),  # Frequency
    "existence": (IDS, WEIGHTS, tuple(Existence().encode(None) for _ in IDS)),
    "none": (IDS, WEIGHTS, ()),
    "other bytes": (IDS, WEIGHTS, (b"\x00\x00\x00\x01x", b"", b"\xff", b"abc")),
}


def w3_entry(postings, lengths=(5, 40)) -> W3TermInfo:
    """A term entry as W3's writer fills it for an inlined list."""
    ids, weights, values = postings
    info = W3TermInfo(
        weight=sum(weights),
        df=len(ids),
        minlength=lengths[0],
        maxlength=lengths[1],
        maxweight=max(weights),
        minid=ids[0],
        maxid=ids[-1],
    )
    info.set_inlined(ids, weights, values)
    return info


def statistics(info: W3TermInfo) -> tuple:
    return (
        info.weight(),
        info.doc_frequency(),
        info.min_length(),
        info.max_length(),
        info.max_weight(),
        info.min_id(),
        info.max_id(),
        info.inlined_postings(),
    )


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_lists_read_back_the_same(kind):
    postings = LISTS[kind]
    assert read_compact(compact_inlined(postings)) == postings


def test_positions_are_stored_as_gaps_and_frequencies_not_at_all():
    positions = compact_inlined(LISTS["positions"])
    frequencies = compact_inlined(LISTS["frequencies"])
    assert len(frequencies) == 13  # 12 bytes of ids and weights, and the values' kind
    assert len(compact_inlined(LISTS["none"])) == 14  # the kind and a count of no values
    assert len(positions) < 12 + 5 * len(IDS)  # W3's values alone take ~11 bytes each
    assert len(compact_inlined(LISTS["other bytes"])) > 12 + 8


def test_a_fractional_weight_is_left_to_w3():
    ids, _weights, values = LISTS["positions"]
    assert compact_inlined((ids, (1.5, 1.0, 1.0, 1.0), values)) is None


@pytest.mark.parametrize("kind", sorted(LISTS))
def test_term_entries_read_back_what_w3_reads(kind):
    info = w3_entry(LISTS[kind])
    ours = info.to_bytes()
    w3 = W3TermInfo._w3_to_bytes(info)
    assert ours[0] == 3 and w3[0] == 1
    assert len(ours) < len(w3) - 8
    assert statistics(W3TermInfo.from_bytes(ours)) == statistics(W3TermInfo._w3_from_bytes(w3))


# Numbers on both sides of a varint's one and two bytes: positions, gaps between passages.
BULK_POSITIONS = ([0], [127], [1, 128], [5, 16_383, 16_384], [2, 3, 1_000_000])


@pytest.mark.parametrize("positions", BULK_POSITIONS)
@pytest.mark.parametrize("docnums", [[7], [0, 127, 128], [3, 300, 70_000]])
def test_the_bulk_writers_entries_are_the_entries_w3_writes(docnums, positions):
    lengths = (length_to_byte(5), length_to_byte(40))
    found = [positions[: 1 + n % len(positions)] for n in range(len(docnums))]
    weights = tuple(float(len(p)) for p in found)
    values = tuple(POSITIONS.encode(p) for p in found)
    w3 = w3_entry((tuple(docnums), weights, values)).to_bytes()
    assert compact_entry(docnums, found, True, *lengths) == w3
    counts = [len(positions) + n for n in range(len(docnums))]
    weights = tuple(map(float, counts))
    w3 = w3_entry((tuple(docnums), weights, tuple(map(pack_uint, counts)))).to_bytes()
    assert compact_entry(docnums, counts, False, *lengths) == w3


def test_varints_are_the_varints_read_back():
    numbers = [0, 1, 127, 128, 300, 16_383, 16_384, 2**21, 2**35]
    for size in range(1, len(numbers) + 1):
        data = varints(numbers[:size])
        at, read = 0, []
        while at < len(data):
            number, at = _read_varint(data, at)
            read.append(number)
        assert read == numbers[:size]
