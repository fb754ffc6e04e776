"""How the index is written to disk: Whoosh's W3 format, with short posting lists inlined.

Whoosh writes each term's postings as a block of their own (a pickle, a zlib stream and a
header), even for a term found in one passage. Most of our terms are such terms: names,
numbers and rare words, found in a few passages only, and each segment of a build in batches
has its own. W3 can store a short posting list inside the term's entry instead, but
whoosh-reloaded 2.7.5 never does, and its code for it has three bugs: the threshold is
"fewer than one posting", the writer calls a misspelt method, and reading an inlined list
back gives ``""`` for a missing value, which merging segments rejects. ``InliningCodec``
repairs the three. Inlining lists of up to ``INLINE_POSTINGS`` builds an index ~25% faster
and ~10% smaller (600 synthetic articles, one process) than W3's blocks for every list.

W3 pickles an inlined list, after a 23-byte header. :func:`compact_inlined` writes it as
varints instead (ids as gaps, whole weights), and its values by what they are: nothing for
frequencies (the weight itself), the gaps between positions for positions, each value's
length and bytes otherwise. The header loses its first and last passage (8 bytes, read back
from the list); W3 reads the rest where it stands, without decoding the entry. Ids,
weights, values and header read back the same (a list with a fractional weight stays W3's
pickle).

Each segment records the codec that wrote it (pickled in the table of contents), so reading
an index written with this codec imports this module; one that cannot be read is rebuilt.

:func:`posting_blocks` reads a term's posting blocks for the Ranker in one read of the
postings file, not W3's matcher's dozens of small ones (a pickle read from the file a few
bytes at a time for each block's header), and skips the blocks holding no passage asked for
by their header alone.
"""

from __future__ import annotations

import struct
import zlib
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from functools import cache
from io import BytesIO
from itertools import accumulate, pairwise
from pickle import Unpickler, UnpicklingError, dumps, loads

from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3TermInfo
from whoosh.matching import ListMatcher
from whoosh.system import _INT_SIZE, pack_uint, unpack_int

INLINE_POSTINGS = 31
"""Terms in at most this many passages keep their postings in the term's entry. Inline, a
list of 31 positional postings is ~190 bytes against ~600 as a block (pickle, zlib stream
and header), and decodes in ~45 µs against ~25. Raised from 7 (issue 16): 200 synthetic
articles build with ~12% less CPU, 1,000 of them into 17.6 MB instead of 19.3, and their
searches take the same time."""

_COMPACT = 3  # W3TermInfo's flags byte: 1 for a pickled inlined list (W3's), 3 for ours
_RAW, _FREQUENCIES, _POSITIONS = 0, 1, 2  # how an inlined list's values are written
_KEPT = slice(1, 15)  # W3's header but its flags and its first and last passage (2 × 4 bytes)
Inlined = tuple[tuple[int, ...], tuple[float, ...], tuple[bytes, ...]]
Block = tuple[Sequence[int], Sequence[float], Sequence[bytes]]

if not hasattr(W3TermInfo, "set_inline"):  # the name W3's postings writer calls
    W3TermInfo.set_inline = W3TermInfo.set_inlined


def _varint(number: int, out: bytearray) -> None:
    while number > 0x7F:
        out.append((number & 0x7F) | 0x80)
        number >>= 7
    out.append(number)


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    number = shift = 0
    while True:
        byte = data[at]
        at += 1
        number |= (byte & 0x7F) << shift
        if byte < 0x80:
            return number, at
        shift += 7


def compact_inlined(postings: Inlined) -> bytes | None:
    """An inlined posting list as varints; None if a weight is not a whole number."""
    ids, weights, values = postings
    if any(weight != int(weight) or weight < 0 for weight in weights):
        return None
    out = bytearray()
    _varint(len(ids), out)
    previous = 0
    for docnum, weight in zip(ids, weights, strict=True):
        _varint(docnum - previous, out)
        _varint(int(weight), out)
        previous = docnum
    gaps = [_position_gaps(value) for value in values]
    if len(values) == len(ids) and all(
        value == pack_uint(int(weight)) for weight, value in zip(weights, values, strict=True)
    ):
        out.append(_FREQUENCIES)
    elif values and all(gap is not None for gap in gaps):
        out.append(_POSITIONS)
        _varint(len(values), out)
        for numbers in gaps:
            _varint(len(numbers), out)
            for number in numbers:
                _varint(number, out)
    else:
        out.append(_RAW)
        _varint(len(values), out)
        for value in values:
            _varint(len(value), out)
            out += value
    return bytes(out)


_ENTRY_HEAD = struct.Struct("!BfIBBf")  # W3's term header, as :data:`_KEPT` keeps it


def compact_entry(
    docnums: Sequence[int],
    found: Sequence[Sequence[int]] | Sequence[int],
    positional: bool,
    min_length: int,
    max_length: int,
) -> bytes:
    """The term entry :func:`_to_bytes` writes for an inlined list, from its postings
    themselves: the passages' ``docnums`` and what was ``found`` in each, their positions
    for W3's ``Positions`` values (``positional``), else their frequencies for its
    ``Frequency`` values; no value is pickled, nor read back. ``min_length`` and
    ``max_length``: the documents' shortest and longest length as bytes (``length_to_byte``;
    0 for none). The bulk writer's term entries (``bulk.py``: issue 16's build rate)."""
    frequencies = list(map(len, found)) if positional else found
    count = len(docnums)
    head = _ENTRY_HEAD.pack(
        _COMPACT, sum(frequencies), count, min_length, max_length, max(frequencies)
    )
    # After the header, all is varints: the kind of values is a number under 128 too.
    numbers = [count]
    previous = 0
    for docnum, frequency in zip(docnums, frequencies, strict=True):
        numbers += (docnum - previous, frequency)
        previous = docnum
    if positional:
        numbers += (_POSITIONS, count)
        for positions in found:
            numbers += (len(positions), positions[0])
            numbers += [after - before for before, after in pairwise(positions)]
    else:
        numbers.append(_FREQUENCIES)
    return head + varints(numbers)


def varints(numbers: Sequence[int]) -> bytes:
    """The numbers as varints: most entries' numbers are under 128 (their own bytes), the
    others' under 2**14 (two bytes each, from a table: with the term file's records written
    at once in ``bulk._add_entries``, ~3% of the build's CPU at 200 synthetic articles, issue
    16's build rate)."""
    top = max(numbers)
    if top < 0x80:
        return bytes(numbers)
    if top < 0x4000:
        table = _two_bytes()
        return b"".join([table[number] for number in numbers])
    out = bytearray()
    for number in numbers:
        _varint(number, out)
    return bytes(out)


@cache
def _two_bytes() -> tuple[bytes, ...]:
    """Each number under 2**14 as its varint; made at the first build, not at every launch
    (3 ms)."""
    return (
        *(bytes((number,)) for number in range(0x80)),
        *(bytes(((number & 0x7F) | 0x80, number >> 7)) for number in range(0x80, 0x4000)),
    )


def read_compact(data: bytes, at: int = 0) -> Inlined:
    """The inverse of :func:`compact_inlined`, from offset ``at``."""
    count, at = _read_varint(data, at)
    ids, weights = [], []
    docnum = 0
    for _ in range(count):
        gap, at = _read_varint(data, at)
        weight, at = _read_varint(data, at)
        docnum += gap
        ids.append(docnum)
        weights.append(float(weight))
    kind, at = data[at], at + 1
    values: list[bytes] = []
    if kind == _FREQUENCIES:
        values = [pack_uint(int(weight)) for weight in weights]
    elif kind == _POSITIONS:
        count, at = _read_varint(data, at)
        for _ in range(count):
            size, at = _read_varint(data, at)
            numbers = []
            for _ in range(size):
                number, at = _read_varint(data, at)
                numbers.append(number)
            values.append(pack_uint(len(numbers)) + dumps(numbers, 2))
    else:
        count, at = _read_varint(data, at)
        for _ in range(count):
            size, at = _read_varint(data, at)
            values.append(bytes(data[at : at + size]))
            at += size
    return tuple(ids), tuple(weights), tuple(values)


def _position_gaps(value: bytes) -> list[int] | None:
    """The gaps between positions that W3's ``Positions`` format encoded as ``value``; None
    if it is not such a value, byte for byte."""
    try:
        gaps = loads(value[_INT_SIZE:])
    except Exception:  # not a pickle at all
        return None
    if type(gaps) is not list or not all(type(gap) is int and gap >= 0 for gap in gaps):
        return None
    return gaps if value == pack_uint(len(gaps)) + dumps(gaps, 2) else None


def _to_bytes(self: W3TermInfo) -> bytes:
    """W3's term entry, with an inlined list written compactly when it can be: W3's header
    without the first and last passage, then the list."""
    compact = compact_inlined(self._inlined) if self._inlined is not None else None
    if compact is None:
        return W3TermInfo._w3_to_bytes(self)
    header = W3TermInfo._w3_to_bytes(self)[: W3TermInfo._struct.size]
    return bytes([_COMPACT]) + header[_KEPT] + compact


def _from_bytes(cls, data: bytes) -> W3TermInfo:
    """W3's reading of a term entry, and of the compact inlined lists :func:`_to_bytes` writes."""
    if data[0] != _COMPACT:
        return W3TermInfo._w3_from_bytes(data)
    size = W3TermInfo._struct.size
    start = _KEPT.stop
    terminfo = W3TermInfo._w3_from_bytes(bytes(1) + data[_KEPT] + bytes(size - start + 12))
    terminfo._offset = terminfo._length = None
    terminfo._inlined = read_compact(data, start)
    terminfo._minid, terminfo._maxid = terminfo._inlined[0][0], terminfo._inlined[0][-1]
    return terminfo


if not hasattr(W3TermInfo, "_w3_to_bytes"):  # once, however often this module is loaded
    W3TermInfo._w3_to_bytes = W3TermInfo.to_bytes
    W3TermInfo._w3_from_bytes = W3TermInfo.from_bytes
    W3TermInfo.to_bytes = _to_bytes
    W3TermInfo.from_bytes = classmethod(_from_bytes)


class InliningCodec(W3Codec):
    """W3, inlining the posting lists of terms in at most ``INLINE_POSTINGS`` passages."""

    def __init__(self) -> None:
        super().__init__(inlinelimit=INLINE_POSTINGS + 1)  # W3 inlines "fewer than" the limit

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if not terminfo.is_inlined():
            return super().postings_reader(dbfile, terminfo, format_, term, scorer)
        ids, weights, values = terminfo.inlined_postings()
        return InlinedPostings(
            ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo
        )


class InlinedPostings(ListMatcher):
    """An inlined posting list, read back as W3's on-disk matcher reads a block."""

    def value(self):
        """None for a format without values (frequencies only), as W3 gives it."""
        return super().value() if self._values else None

    def copy(self) -> InlinedPostings:
        """A copy that keeps the term and its statistics (``ListMatcher`` drops them)."""
        ids, weights, values = self._ids, self._weights, self._values
        return InlinedPostings(
            ids,
            weights,
            values,
            self._format,
            self._scorer,
            self._i,
            self._all_weights,
            self._term,
            self._terminfo,
        )


def posting_blocks(leaf, key: tuple[str, bytes], terminfo, wanted: Sequence[int] | None = None):
    """A term's postings in a segment as (docnums, frequencies, values) a block at a time,
    deleted passages included; ``wanted`` (sorted docnums): only the blocks that may hold one.

    ``terminfo`` is the term's (``leaf.term_info``). Values are as the format wrote them when
    they vary in size (positions), else empty. Reads the W3 postings file of whoosh-reloaded
    2.7.5 in one go; any other reader a posting at a time.
    """
    if terminfo.is_inlined():
        ids, weights, values = terminfo.inlined_postings()
        return iter(((ids, weights, values),))
    postfile = getattr(getattr(leaf, "_terms", None), "_postfile", None)
    if postfile is None or not hasattr(terminfo, "extent"):
        return _matched_blocks(leaf.postings(*key))
    offset, length = terminfo.extent()
    if type(length) is tuple:  # W3's reading of a term entry leaves the length in a tuple
        length = length[0]
    return _blocks(postfile.get(offset, length), wanted)


def _blocks(data: bytes, wanted: Sequence[int] | None) -> Iterator[Block]:
    """W3's posting blocks (``W3LeafMatcher``'s layout) from the term's postings ``data``;
    damaged data raises what a damaged record raises (see ``tui.cli``), never ends early."""
    if data[:4] != WHOOSH3_HEADER_MAGIC:
        raise UnpicklingError(f"not a W3 posting list: {data[:4]!r}")
    at, before = 4, -1  # before: the last docnum of the previous block
    while True:
        if at >= len(data):
            raise EOFError("a posting list without its last block")
        size = unpack_int(data[at : at + _INT_SIZE])[0]
        start, end = at + _INT_SIZE, at + _INT_SIZE + abs(size)
        stream = BytesIO(data[start:end])
        count, last, _weight, compression, _short, _long = Unpickler(stream).load()
        if wanted is None or bisect_right(wanted, last) > bisect_right(wanted, before):
            body = stream.read()
            ids, weights, values = loads(zlib.decompress(body) if compression else body)
            if weights is None or type(weights) is float:
                weights = (1.0 if weights is None else weights,) * count
            yield tuple(accumulate(ids)), weights, values if type(values) is tuple else ()
        if size < 0:  # the last block
            return
        at, before = end, last


def _matched_blocks(matcher) -> Iterator[Block]:
    matcher = getattr(matcher, "child", matcher)  # unwrap the filter of deleted passages
    while matcher.is_active():
        value = matcher.value() if matcher.supports("positions") else b""
        yield (matcher.id(),), (matcher.weight(),), (value,)
        matcher.next()
