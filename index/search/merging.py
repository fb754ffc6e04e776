"""Merging an index's segments as a build goes: which to merge (tiers) and how (a stream).

Each commit adds segments, and each segment keeps its own entry for every term it holds: a
build of 1,000 articles in 12 segments is a third larger than in one, and a search opens
every segment. :func:`tiers` picks small segments of about the same size to merge, so that
small updates (a file changed, then another...) never pile up segments. At the end of a
build in batches that left more than ``FINAL_SEGMENTS``, :func:`smallest` picks the smaller
segments holding up to half of its documents (as Whoosh's own policy ended a 10,000-article
build, through its sorting pool). Nothing more: even streamed, a merge costs about 0.7× the
CPU of indexing the same documents (``docs/scaling.md``).

Whoosh's own merge (``add_reader``) puts every posting of the merged segments in the
writer's sorting pool, sorts them all and spills runs to disk past its memory limit.
:func:`merge_into` streams them instead: each segment gives its postings in order and its
documents follow the last one's, so one k-way merge of the segments writes the new segment
in order, holding one posting of each segment at a time (as Whoosh's parallel writer joins
its workers' runs).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterator, Sequence

from whoosh.reading import SegmentReader

FANOUT = 4
"""Segments of one tier merged into one of the next (a tier: sizes within ``FANOUT``×)."""
SMALLEST_TIER = 100
"""Documents (~10 articles): segments up to this size are all in the first tier."""

FINAL_SHARE = 0.5
"""The end of a build merges its smallest segments holding up to this share of documents..."""
FINAL_SEGMENTS = 16
"""... when it left more segments than this (a build of 10,000 articles leaves ~30)."""

PILE = 8
"""Small segments an update leaves at most before it merges them itself. A small update
leaves its merges to :meth:`CorpusIndex.tidy`, run once the change is shown; this bounds the
pile when nobody runs it."""

Posting = tuple[str, bytes, int, float, bytes | None]


def tier(documents: int) -> int:
    """The tier of a segment of ``documents``: 0 up to ``SMALLEST_TIER``, then one more per
    ``FANOUT``× its size."""
    level, ceiling = 0, SMALLEST_TIER
    while documents > ceiling:
        level, ceiling = level + 1, ceiling * FANOUT
    return level


def tiers(segments: Sequence, up_to: int) -> list:
    """The segments to merge now, of at most ``up_to`` documents each: those of the lowest
    tier that holds ``FANOUT`` or more, else none."""
    by_tier: dict[int, list] = {}
    for segment in segments:
        size = segment.doc_count()
        if size <= up_to:
            by_tier.setdefault(tier(size), []).append(segment)
    for level in sorted(by_tier):
        if len(by_tier[level]) >= FANOUT:
            return by_tier[level]
    return []


def piled(segments: Sequence, up_to: int) -> list:
    """What :func:`tiers` picks, once more than ``PILE`` segments of at most ``up_to``
    documents piled up; else none."""
    small = sum(1 for segment in segments if segment.doc_count() <= up_to)
    return tiers(segments, up_to) if small > PILE else []


def smallest(segments: Sequence, share: float = FINAL_SHARE) -> list:
    """The smallest segments that hold together at most ``share`` of all documents, if there
    are two or more and more than ``FINAL_SEGMENTS`` segments in all."""
    if len(segments) <= FINAL_SEGMENTS:
        return []
    ordered = sorted(segments, key=lambda segment: segment.doc_count())
    budget = share * sum(segment.doc_count() for segment in ordered)
    picked, total = [], 0
    for segment in ordered:
        total += segment.doc_count()
        if total > budget:
            break
        picked.append(segment)
    return picked if len(picked) > 1 else []


def merge(writer, segments: Sequence) -> None:
    """Commit ``writer`` (holding no documents) with ``segments`` merged into one."""
    merged = {segment.segment_id() for segment in segments}
    readers = merge_into(writer, segments)
    try:
        writer.commit(
            mergetype=lambda _writer, kept: [s for s in kept if s.segment_id() not in merged]
        )
    finally:
        for reader in readers:
            reader.close()


def merge_into(writer, segments: Sequence) -> list[SegmentReader]:
    """Add ``segments`` (of ``writer``'s index) to ``writer``, which holds no documents yet,
    as a stream its commit writes into one new segment; return the readers, to close after
    the commit. Deleted documents are left out."""
    assert not writer._added, "merge_into needs a writer with no documents of its own"
    schema = writer.schema
    readers, streams = [], []
    lengths: dict[str, int] = defaultdict(int)
    for segment in segments:
        reader = SegmentReader(writer.storage, schema, segment)
        readers.append(reader)
        fields = set(schema.names()) | {
            name for name in reader.indexed_field_names() if name in schema
        }
        start = writer.docnum
        docmap = writer.write_per_doc(fields, reader)  # stored fields and lengths, in order
        streams.append(_renumbered(_postings(reader, schema), start, docmap))
        for name, total in segment._fieldlengths.items():
            lengths[name] += total - sum(
                reader.doc_field_length(docnum, name) or 0 for docnum in segment.deleted_docs()
            )
    # Each field's total length as the segments counted it: write_per_doc adds up the lengths
    # kept per document, rounded to a byte, and BM25 would score the merged index otherwise.
    writer.perdocwriter._fieldlengths = lengths
    writer.pool.iter_postings = lambda: heapq.merge(*streams)  # read once, at the commit
    writer._added = True
    return readers


def _postings(reader: SegmentReader, schema) -> Iterator[Posting]:
    """Every posting of the segment in (field name, term, document) order."""
    for fieldname in sorted(reader.indexed_field_names()):
        if fieldname not in schema:
            continue
        for text in reader.lexicon(fieldname):
            matcher = reader.postings(fieldname, text)
            while matcher.is_active():
                yield fieldname, text, matcher.id(), matcher.weight(), matcher.value()
                matcher.next()


def _renumbered(
    postings: Iterator[Posting], start: int, docmap: dict[int, int] | None
) -> Iterator[Posting]:
    """Postings with the document numbers of the merged segment; deleted documents' dropped."""
    for fieldname, text, docnum, weight, value in postings:
        if docmap is None:
            yield fieldname, text, start + docnum, weight, value
        elif docnum in docmap:
            yield fieldname, text, docmap[docnum], weight, value
