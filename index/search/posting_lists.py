"""A term's whole posting list written at once, byte for byte as W3's postings writer
writes it a posting at a time: blocks in the postings file, or inlined in the term's entry
(:func:`index.search.codec.compact_entry`). For the bulk writer (``bulk.py``).

A posting here is ``(docnum, positions)`` (``body``: W3's ``Positions``) or ``(docnum,
count)`` (``exact``: W3's ``Frequency``); its weight is its frequency, as the analyzers'
tokens all weigh 1. ``lengths``: docnum -> the document's length in the field, as the byte
W3 keeps (``length_to_byte``).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from operator import sub
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_uint
from whoosh.util.numeric import byte_to_length

from index.search.codec import compact_entry

Posting = tuple[int, "list[int] | int"]


def term_entry(
    postfile,
    postings: Sequence[Posting],
    positional: bool,
    lengths: dict[int, int],
    inline_limit: int,
    block_limit: int,
    compression: int,
) -> bytes:
    """The term's entry for the term file; its blocks written to ``postfile`` unless the
    list is shorter than ``inline_limit`` (W3's ``inlinelimit``)."""
    if len(postings) >= inline_limit:
        return _blocks(postfile, postings, positional, lengths, block_limit, compression)
    if len(postings) == 1:  # most terms
        length = lengths.get(postings[0][0], 0)
        return compact_entry(postings, positional, length, length)
    found = [lengths[docnum] for docnum, _ in postings if docnum in lengths]
    return compact_entry(postings, positional, min(found, default=0), max(found, default=0))


def _blocks(postfile, postings, positional, lengths, block_limit, compression) -> bytes:
    """W3PostingsWriter's blocks (``_write_block``) and W3TermInfo's entry for them."""
    start = postfile.tell()
    out = [WHOOSH3_HEADER_MAGIC]
    total, min_byte, max_byte, max_weight = 0, None, 0, 0.0
    count = len(postings)
    for at in range(0, count, block_limit):
        docnums, found = zip(*postings[at : at + block_limit], strict=True)
        if positional:
            frequencies = list(map(len, found))
            values = tuple(map(_positions, found))
        else:
            frequencies = found
            values = b"".join(map(pack_uint, frequencies))
        low, high = min(frequencies), max(frequencies)
        if high == 1:  # W3's _mini_weights
            weights = None
        elif low == high:
            weights = float(high)
        else:
            weights = tuple(map(float, frequencies))
        gaps = tuple(map(sub, docnums, (0, *docnums[:-1])))
        data = dumps((gaps, weights, values), 2)
        if compression:
            data = zlib.compress(data, compression)
        found_lengths = [lengths[docnum] for docnum in docnums if docnum in lengths]
        block_min = min(found_lengths, default=0)
        block_max = max(found_lengths, default=0)
        info = dumps((len(docnums), docnums[-1], float(high), compression, block_min, block_max), 2)
        size = len(info) + len(data)
        out += (pack_int(-size if at + block_limit >= count else size), info, data)
        total += sum(frequencies)
        if found_lengths:
            min_byte = block_min if min_byte is None else min(min_byte, block_min)
        max_byte, max_weight = max(max_byte, block_max), max(max_weight, float(high))
    written = b"".join(out)
    postfile.write(written)
    terminfo = W3TermInfo(weight=float(total), df=count, maxweight=max_weight, minid=postings[0][0])
    terminfo._maxid = postings[-1][0]
    terminfo._minlength = None if min_byte is None else byte_to_length(min_byte)
    terminfo._maxlength = byte_to_length(max_byte)
    terminfo.set_extent(start, len(written))
    return terminfo.to_bytes()


_ONE = pack_uint(1)
_ONE_POSITION: dict[int, bytes] = {}  # position -> its pickle alone (most postings)


def _positions(positions: list[int]) -> bytes:
    """W3's ``Positions.encode``: the count, then the gaps pickled. A new bytes object each
    time, as W3's: a block pickles its values, and a value met twice would be pickled once."""
    if len(positions) == 1:
        pickled = _ONE_POSITION.get(positions[0])
        if pickled is None:
            pickled = _ONE_POSITION[positions[0]] = dumps(positions, 2)
        return _ONE + pickled
    gaps = [positions[0], *map(sub, positions[1:], positions[:-1])]
    return pack_uint(len(gaps)) + dumps(gaps, 2)
