"""A batch of documents written as one segment in bulk, to the same files Whoosh writes.

Whoosh's ``SegmentWriter`` runs each passage through the analyzer's chain of generators
(a token object passed along four filters, for each field), puts every posting in a pool of
tuples, sorts them all at the commit, and hands them one by one to W3's postings writer,
which looks up each posting's document length in the segment just written. Most of an
in-process build went there (issue 16: 2.2× Whoosh's default writer before this module).

:class:`BulkSegmentWriter` is that writer with its documents' postings kept in dicts, by
field and term: ``body`` and ``exact`` come from one pass over a passage's words
(:class:`PassageTerms`: the analyzers' own steps, each word's terms remembered across
batches), the other fields through their own ``index``. At the commit each field's terms are
written in order, each posting list at once (:mod:`index.search.posting_lists`), with the
lengths already known. The files are byte for byte those Whoosh's writer makes of the same
documents; the segment, table of contents, locking and deletions are Whoosh's.

Measured (200 synthetic articles, in-process, CPU seconds of the build, same run): 1.6-1.7
against 3.4-3.8 for Whoosh's default writer and ~4.5 before this module.
"""

from __future__ import annotations

import gc
import struct
from array import array
from collections import Counter
from hashlib import md5
from operator import itemgetter
from types import MethodType

from whoosh.analysis import CharsetFilter, CompositeAnalyzer, LowercaseFilter, RegexTokenizer
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.filetables import _lengths as _LENGTHS
from whoosh.filedb.filetables import md5_hash
from whoosh.formats import Frequency, Positions
from whoosh.system import pack_ushort
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from index.search.analysis import LanguageStemFilter, LanguageTokenizer
from index.search.languages import language, stem_in
from index.search.posting_lists import TermEntries

MAX_CACHED = 1_000_000
"""Words whose stems a process remembers across batches (~100 MB at most); past it, the
memory starts again empty at the next batch."""
_CACHES: dict[tuple, tuple[dict[str, dict[str, tuple[str, str]]], dict[str, dict[str, str]]]] = {}
"""Per pair of tokenizer and accent map: language -> word as written -> (folded, stem), and
language -> folded word -> stem, kept for the next batch (stemming is most of the
analysis)."""
Postings = dict
"""Term -> its postings: ``[docnum, positions or count, docnum, ...]`` for ``body`` and
``exact``, else ([docnums], [weights], [values]). One flat list, no tuple for each posting:
a batch makes and frees hundreds of thousands of postings (a tuple each cost ~5% of the
build's CPU at 200 synthetic articles, issue 16)."""


class PassageTerms:
    """The terms of ``body`` (stemmed, positions) and ``exact`` (folded, frequencies) of a
    text in one pass, the same as the schema's analyzers give them
    (``index.search.analysis``): words by the tokenizer's expression, lower-cased, accents
    folded, stemmed in the text's language."""

    def __init__(self, body_analyzer, exact_analyzer) -> None:
        self.pattern = body_analyzer[0].expression
        self.charmap = exact_analyzer[2].charmap
        key = (self.pattern.pattern, tuple(sorted(self.charmap.items())))
        if key not in _CACHES or sum(map(len, _CACHES[key][0].values())) > MAX_CACHED:
            _CACHES.clear()
            _CACHES[key] = ({}, {})
        self._words, self._stems = _CACHES[key]

    @staticmethod
    def fits(body_analyzer, exact_analyzer) -> bool:
        """Whether the analyzers are the chains this class does the work of."""
        try:
            return (
                [type(step) for step in body_analyzer]
                == [LanguageTokenizer, LowercaseFilter, CharsetFilter, LanguageStemFilter]
                and [type(step) for step in exact_analyzer]
                == [RegexTokenizer, LowercaseFilter, CharsetFilter]
                and isinstance(body_analyzer, CompositeAnalyzer)
                and body_analyzer[0].expression.pattern == exact_analyzer[0].expression.pattern
                and not body_analyzer[0].gaps
                and not exact_analyzer[0].gaps
                and body_analyzer[2].charmap == exact_analyzer[2].charmap
            )
        except (TypeError, IndexError, AttributeError):
            return False

    def __call__(self, text: str) -> tuple[dict[str, list[int]], dict[str, int], int]:
        """``body``'s stems with their positions, ``exact``'s folded words with their counts,
        and the number of words (either field's length)."""
        lang = language(text)
        known = self._words.setdefault(lang, {})
        terms = [
            known[word] if word in known else self._learn(word, lang, known)
            for word in self.pattern.findall(text)
        ]
        positions: dict[str, list[int]] = {}
        for position, (_folded, stemmed) in enumerate(terms):
            found = positions.get(stemmed)
            if found is None:
                positions[stemmed] = [position]
            else:
                found.append(position)
        return positions, Counter(map(itemgetter(0), terms)), len(terms)

    def _learn(self, word: str, lang: str, known: dict[str, tuple[str, str]]) -> tuple[str, str]:
        """A word's folded form and stem, as the analyzers' filters make them."""
        folded = word.lower().translate(self.charmap)
        stems = self._stems.setdefault(lang, {})
        stemmed = stems.get(folded)
        if stemmed is None:
            stemmed = stems[folded] = stem_in(folded, lang)
        known[word] = found = (folded, stemmed)
        return found


class BulkSegmentWriter(SegmentWriter):
    """Whoosh's ``SegmentWriter`` (same arguments, same segment files) whose postings are
    kept by field and term and written in bulk at the commit."""

    def __init__(self, ix, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        schema = self.schema
        self._postings: dict[str, Postings] = {}
        self._lengths: dict[str, dict[int, int]] = {}  # field -> docnum -> length's byte
        body, exact = schema["body"], schema["exact"]
        self._passage_terms = (
            PassageTerms(body.analyzer, exact.analyzer)
            if type(body.format) is Positions
            and type(exact.format) is Frequency
            and PassageTerms.fits(body.analyzer, exact.analyzer)
            else None
        )
        self._last: tuple[str, tuple] | None = None
        self._indexed: dict[tuple, list[tuple]] = {}  # (field, type, value) -> its postings
        self._kinds = {"body": "positions", "exact": "counts"} if self._passage_terms else {}
        for name in schema.names():
            field = schema[name]
            if field.vector or field.separate_spelling() or field.column_type:
                raise ValueError(f"field {name!r}: vectors, spelling and columns not written")
        # The cyclic garbage collector is held off until the commit: a batch allocates
        # millions of posting lists and words, none of them garbage in a cycle, and the
        # collector went through them again and again (-15% of the build's CPU at 200
        # articles, issue 16). Its state is put back as it was at the commit or cancel.
        self._collecting = gc.isenabled()
        gc.disable()

    def add_document(self, **fields) -> None:
        self._check_state()
        perdocwriter, schema, docnum = self.perdocwriter, self.schema, self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, names)
        if any(name.startswith("_") for name in fields):
            raise ValueError("boosts and custom stored values are not written in bulk")
        perdocwriter.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = schema[name]
                length = 0
                kind = self._kinds.get(name)
                if field.indexed and kind is not None:
                    positions, counts, length = self._analysed(value)
                    self._add_postings(name, docnum, positions if kind == "positions" else counts)
                elif field.indexed:
                    length = self._add_indexed(name, field, docnum, value)
                if not field.scorable:
                    length = 0  # only a scored field's length is kept
                elif length_to_byte(length):
                    self._lengths.setdefault(name, {})[docnum] = length_to_byte(length)
                perdocwriter.add_field(name, field, value if field.stored else None, length)
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _analysed(self, text: str) -> tuple[dict[str, list[int]], dict[str, int], int]:
        """The text's terms, analysed once for both fields (a passage's ``body`` and
        ``exact`` are the same text)."""
        if self._last is None or self._last[0] != text:
            self._last = (text, self._passage_terms(text))
        return self._last[1]

    def _terms(self, name: str) -> Postings:
        terms = self._postings.get(name)
        if terms is None:
            terms = self._postings[name] = {}
        return terms

    def _add_postings(self, name: str, docnum: int, found: dict[str, list[int] | int]) -> None:
        """The document's posting of each term: its docnum, then its positions or count."""
        terms = self._terms(name)
        get = terms.get
        for term, value in found.items():
            postings = get(term)
            if postings is None:
                terms[term] = [docnum, value]
            else:
                postings += (docnum, value)

    def _add_indexed(self, name: str, field, docnum: int, value) -> int:
        """Any other field's terms, as its own ``index`` gives them (values kept as bytes)."""
        terms = self._terms(name)
        length = 0
        key = (name, type(value), value)  # a passage's number, kind, path: few values
        try:
            indexed = self._indexed.get(key)
        except TypeError:  # a value that is no key
            indexed, key = None, None
        if indexed is None:
            indexed = list(field.index(value))
            if key is not None:
                self._indexed[key] = indexed
        for tbytes, freq, weight, vbytes in indexed:
            entry = terms.get(tbytes)
            if entry is None:
                entry = terms[tbytes] = ([], [], [])
            entry[0].append(docnum)
            entry[1].append(weight)
            entry[2].append(vbytes)
            length += freq
        return length

    def commit(self, *args, **kwargs) -> None:
        try:
            super().commit(*args, **kwargs)
        finally:
            self._collect_again()

    def cancel(self) -> None:
        try:
            super().cancel()
        finally:
            self._collect_again()

    def _collect_again(self) -> None:
        if self._collecting:
            self._collecting = False
            gc.enable()

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        for name in sorted(self._postings):
            field = self.schema[name]
            fieldwriter.start_field(name, field)
            _write_field(
                fieldwriter,
                field,
                self._postings[name],
                self._lengths.get(name, {}),
                self._kinds.get(name, "bytes"),
            )
            fieldwriter.finish_field()
        self._postings.clear()
        self.fieldwriter.close()


def _write_field(fieldwriter, field, terms: Postings, lengths: dict[int, int], kind: str) -> None:
    """One field's terms in order, each posting list as W3's postings writer writes it
    (``kind``: "positions" and "counts" for the postings of :class:`PassageTerms`, "bytes"
    for the values a field's ``index`` gave; ``lengths``: docnum -> its length's byte)."""
    postwriter = fieldwriter._postwriter
    fieldid = pack_ushort(fieldwriter._fieldid)
    entries = []
    if kind == "bytes":
        for btext, (docnums, weights, values) in sorted(terms.items(), key=itemgetter(0)):
            entry = _posting_list(postwriter, field.format, docnums, weights, values, lengths)
            entries.append((fieldid + btext, entry))
    else:
        postfile, positional = fieldwriter._postfile, kind == "positions"
        limits = (postwriter._inlinelimit, postwriter._blocklimit, postwriter._compression)
        term_entry = TermEntries(postfile, positional, lengths, *limits)
        entries = [  # text sorts as its UTF-8 does
            (fieldid + text.encode("utf-8"), term_entry(terms[text])) for text in sorted(terms)
        ]
    _add_entries(fieldwriter._tindex, entries)


def _posting_list(postwriter, fmt, docnums, weights, values, lengths) -> bytes:
    """A term's entry, its postings written a block at a time by W3's postings writer."""
    postwriter.start_postings(fmt, W3TermInfo())
    values = [value for value in values if value]  # W3 keeps no empty value
    count, blocklimit = len(docnums), postwriter._blocklimit
    for start in range(0, count, blocklimit):
        end = min(start + blocklimit, count)
        _fill_block(postwriter, docnums, weights, values, lengths, start, end)
        if end < count:
            postwriter._write_block()
    return postwriter.finish_postings().to_bytes()


def _fill_block(postwriter, docnums, weights, values, lengths, start: int, end: int) -> None:
    """Postings ``start:end`` as the postings writer's buffered block, with its statistics
    (what ``add_posting`` would have gathered one posting at a time)."""
    block_weights = weights[start:end]
    postwriter._ids = array("I", docnums[start:end])
    postwriter._weights = array("f", block_weights)
    postwriter._values = values[start:end]
    postwriter._maxweight = max(0, *block_weights)
    found = [lengths[d] for d in docnums[start:end] if d in lengths]
    postwriter._minlength = byte_to_length(min(found)) if found else None
    postwriter._maxlength = byte_to_length(max(found)) if found else 0


_LAST_FOUR = struct.Struct("!12xI")  # an MD5 digest's last four bytes: the key's hash


def _add_entries(tindex, entries: list[tuple[bytes, bytes]]) -> None:
    """``OrderedHashWriter.add`` for each (key, value), in order, written at once."""
    if not entries:
        return
    dbfile, hashfn, buckets, index = tindex.dbfile, tindex.hashfn, tindex.buckets, tindex.index
    if entries[0][0] <= tindex.lastkey:
        raise ValueError(f"keys must increase: {tindex.lastkey!r}..{entries[0][0]!r}")
    if hashfn is not md5_hash:
        raise ValueError("the term file's hash is not Whoosh's default (MD5)")
    position = dbfile.tell()
    records: list[bytes] = []
    positions = []
    pack, last_four = _LENGTHS.pack, _LAST_FOUR.unpack  # see codec.varints: issue 16's rate
    for key, value in entries:
        positions.append(position)
        records += (pack(len(key), len(value)), key, value)
        (digest,) = last_four(md5(key, usedforsecurity=False).digest())
        buckets[digest & 255].append((digest, position))
        position += _LENGTHS.size + len(key) + len(value)
    dbfile.write(b"".join(records))
    try:
        more = array(index.typecode, positions)
    except OverflowError:  # as GrowableArray.append widens its array
        index._retype(positions[-1])
        more = array(index.typecode, positions)
    index.array.extend(more)
    tindex.lastkey = entries[-1][0]
    tindex._write_hashes = MethodType(_write_hashes, tindex)


def _write_hashes(tindex) -> None:
    """``HashWriter._write_hashes``: the same tables, each written at once."""
    dbfile = tindex.dbfile
    for entries in tindex.buckets:
        slots = 2 * len(entries)
        tindex.directory.append((dbfile.tell(), slots))
        table = [0, 0] * slots  # hash, position of each slot; (0, 0): empty
        for digest, position in entries:
            slot = (digest >> 8) % slots
            while table[2 * slot] or table[2 * slot + 1]:
                slot = (slot + 1) % slots
            table[2 * slot], table[2 * slot + 1] = digest, position
        if slots:
            dbfile.write(struct.pack("!" + "Iq" * slots, *table))
