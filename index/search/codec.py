"""How the index is written to disk: Whoosh's W3 format, with short posting lists inlined.

Whoosh writes each term's postings as a block of their own (a pickle, a zlib stream and a
header), even for a term found in one passage. Most of our terms are such terms: each passage
adds hundreds of word pairs (``index.search.analysis``), most found in a few passages only. W3 can
store a short posting list inside the term's entry instead, but whoosh-reloaded 2.7.5 never
does, and its code for it has three bugs: the threshold is "fewer than one posting", the
writer calls a misspelt method, and reading an inlined list back gives ``""`` for a missing
value, which merging segments rejects. ``InliningCodec`` repairs the three. Inlining lists of
up to ``INLINE_POSTINGS`` builds an index ~25% faster and ~10% smaller (600 synthetic
articles, one process).

W3 pickles an inlined list: 108 bytes for a word pair in two passages, five times the
term's own header. :func:`compact_inlined` writes it as varints instead (ids as gaps, whole
weights, each value's length and bytes), ~12 bytes for that pair: ~40% off the index, with
the same ids, weights and values read back (a list with a fractional weight stays a pickle).

Each segment records the codec that wrote it (pickled in the table of contents), so reading
an index written with this codec imports this module; one that cannot be read is rebuilt.
"""

from __future__ import annotations

from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
from whoosh.matching import ListMatcher

INLINE_POSTINGS = 7
"""Terms in at most this many passages keep their postings in the term's entry."""

_COMPACT = 2  # W3TermInfo's flags byte: 1 for a pickled inlined list (W3's), 2 for ours
Inlined = tuple[tuple[int, ...], tuple[float, ...], tuple[bytes, ...]]

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
    _varint(len(values), out)
    for value in values:
        _varint(len(value), out)
        out += value
    return bytes(out)


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
    count, at = _read_varint(data, at)
    values = []
    for _ in range(count):
        size, at = _read_varint(data, at)
        values.append(bytes(data[at : at + size]))
        at += size
    return tuple(ids), tuple(weights), tuple(values)


def _to_bytes(self: W3TermInfo) -> bytes:
    """W3's term entry, with an inlined list written compactly when it can be."""
    compact = compact_inlined(self._inlined) if self._inlined is not None else None
    if compact is None:
        return W3TermInfo._w3_to_bytes(self)
    saved = self._inlined, self._offset, self._length
    self._inlined, self._offset, self._length = None, 0, 0  # W3's header alone
    try:
        header = W3TermInfo._w3_to_bytes(self)[: W3TermInfo._struct.size]
    finally:
        self._inlined, self._offset, self._length = saved
    return bytes([_COMPACT]) + header[1:] + compact


def _from_bytes(cls, data: bytes) -> W3TermInfo:
    """W3's reading of a term entry, and of the compact inlined lists :func:`_to_bytes` writes."""
    if data[0] != _COMPACT:
        return W3TermInfo._w3_from_bytes(data)
    size = W3TermInfo._struct.size
    terminfo = W3TermInfo._w3_from_bytes(bytes(1) + data[1:size] + bytes(12))
    terminfo._offset = terminfo._length = None
    terminfo._inlined = read_compact(data, size)
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
