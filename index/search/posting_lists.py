"""A term's whole posting list written at once, byte for byte as W3's postings writer
writes it a posting at a time: blocks in the postings file, or inlined in the term's entry
(:func:`index.search.codec.compact_entry`). For the bulk writer (``bulk.py``).

A term's postings here are one flat list, ``[docnum, found, docnum, found, ...]``: what was
found in a passage is its positions (``body``: W3's ``Positions``) or its count (``exact``:
W3's ``Frequency``); a posting's weight is its frequency, as the analyzers' tokens all weigh
1. ``lengths``: docnum -> the document's length in the field, as the byte W3 keeps
(``length_to_byte``).
"""

from __future__ import annotations

import zlib
from operator import sub
from pickle import dumps

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3TermInfo
from whoosh.system import pack_int, pack_uint
from whoosh.util.numeric import byte_to_length

from index.search.codec import compact_entry, varints

FlatPostings = list  # a term's: [docnum, positions or count, docnum, ...]


class TermEntries:
    """The term entries of one field of a segment, a term at a time: its blocks written to
    ``postfile`` unless the list is shorter than ``inline_limit`` (W3's ``inlinelimit``).

    Most terms are in one passage (two in three at 200 synthetic articles), most of those at
    one position: their entries differ only by the passage and the position (or count), so
    each passage's entry is made once, to its last varint, and kept for the next term."""

    def __init__(
        self,
        postfile,
        positional: bool,
        lengths: dict[int, int],
        inline_limit: int,
        block_limit: int,
        compression: int,
    ) -> None:
        self.postfile = postfile
        self.positional = positional
        self.lengths = lengths
        self.inline_limit = inline_limit
        self.block_limit = block_limit
        self.compression = compression
        self._alone: dict[tuple[int, int], bytes] = {}  # (docnum, count) -> whole entry
        self._starts: dict[int, bytes] = {}  # docnum -> entry of one position but its own

    def __call__(self, postings: FlatPostings) -> bytes:
        """The term's entry for the term file."""
        if len(postings) == 2 and self.inline_limit > 1:  # most terms: one passage, inlined
            docnum, found = postings
            if not self.positional:
                entry = self._alone.get((docnum, found))
                if entry is None:
                    entry = self._alone[docnum, found] = self._inlined([docnum], [found])
                return entry
            if len(found) == 1:
                start = self._starts.get(docnum)
                if start is None:
                    start = self._starts[docnum] = self._inlined([docnum], [[0]])[:-1]
                return start + varints(found)
        docnums, found = postings[0::2], postings[1::2]
        if len(docnums) >= self.inline_limit:
            return _blocks(
                self.postfile,
                docnums,
                found,
                self.positional,
                self.lengths,
                self.block_limit,
                self.compression,
            )
        return self._inlined(docnums, found)

    def _inlined(self, docnums: list[int], found: list) -> bytes:
        lengths = self.lengths
        known = [lengths[docnum] for docnum in docnums if docnum in lengths]
        return compact_entry(
            docnums, found, self.positional, min(known, default=0), max(known, default=0)
        )


def _blocks(postfile, all_docnums, all_found, positional, lengths, block_limit, compression):
    """W3PostingsWriter's blocks (``_write_block``) and W3TermInfo's entry for them."""
    start = postfile.tell()
    out = [WHOOSH3_HEADER_MAGIC]
    total, min_byte, max_byte, max_weight = 0, None, 0, 0.0
    count = len(all_docnums)
    for at in range(0, count, block_limit):
        docnums = all_docnums[at : at + block_limit]
        found = all_found[at : at + block_limit]
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
    terminfo = W3TermInfo(weight=float(total), df=count, maxweight=max_weight, minid=all_docnums[0])
    terminfo._maxid = all_docnums[-1]
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
