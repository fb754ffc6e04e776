"""The bulk writer writes what Whoosh's own writer writes: the same terms and positions from
one pass over a passage, and a segment equal byte for byte (term entries, posting blocks,
stored fields, lengths) (issue 16)."""

from __future__ import annotations

import gc
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from index.search.analysis import make_schema
from index.search.bulk import BulkSegmentWriter, PassageTerms
from index.search.codec import INLINE_POSTINGS, InliningCodec

SCHEMA = make_schema()
TEXTS = [
    "Zelenskyy's forces' advance: the prisoners' exchange went ahead.",
    "Café Müller, naïve façade in Zaporizhzhia — ÉNERGIE Ångström",
    "Курская область: ВСУ отступили из Суджи, сообщает Минобороны.",
    "Курської області та Запоріжжя: їхні сили відійшли, ґанок є.",
    "Die Gefangenen wurden nicht ausgetauscht, sagte der Sprecher für die Ukraine.",
    "Les prisonniers ont été échangés dans la région, selon le ministère et les autorités.",
    "Los prisioneros fueron liberados según el ministerio y las autoridades del país.",
    "3.5 million people, 1,200 km, 2024-08-06, v1.2.3 and 40% of 7.62mm rounds",
    "snake_case_word __init__ x_1 _",
    "İstanbul ǅungla STRASSE Straße ﬁnance",
    "е́сли ударе́ние and cafe\u0301 with combining marks",
    "Kursk Курск Kursk курск KURSK",
    "the plant, the plant, the plant and the plants' planting",
    "",
    "... — !!! ???",
]


def analyzer_terms(text: str) -> tuple[dict[str, list[int]], dict[str, int], int]:
    """What the schema's own analyzers make of ``text`` for ``body`` and ``exact``."""
    positions: dict[str, list[int]] = {}
    body = SCHEMA["body"].analyzer(text, positions=True, mode="index")
    for token in body:
        positions.setdefault(token.text, []).append(token.pos)
    exact = [token.text for token in SCHEMA["exact"].analyzer(text, mode="index")]
    return positions, Counter(exact), len(exact)


def passage_terms() -> PassageTerms:
    assert PassageTerms.fits(SCHEMA["body"].analyzer, SCHEMA["exact"].analyzer)
    return PassageTerms(SCHEMA["body"].analyzer, SCHEMA["exact"].analyzer)


@pytest.mark.parametrize("text", TEXTS)
def test_one_pass_gives_the_analyzers_terms_and_positions(text):
    assert passage_terms()(text) == analyzer_terms(text)


@settings(max_examples=300)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("aAeEzZ'’-._ 0123456789,;:!?éÉüÜßçñøı") + list("курскКУРСКіїєґЁёйЙ́")
        ),
        max_size=80,
    )
)
def test_one_pass_gives_the_analyzers_terms_for_any_text(text):
    assert passage_terms()(text) == analyzer_terms(text)


def _documents() -> list[dict]:
    """Passages and article records: a word in every passage (several posting blocks), words
    in a few (inlined lists of several postings), words in one, repeated positions, far
    positions."""
    documents = []
    for n in range(300):
        text = f"Report {n} on the convoy: the convoy moved {'again ' * (n % 4)}near Kursk"
        if n % 40 == 0:
            text += f" with rare{n} words and Курськ, café {n / 7:.2f}"
        if n % 70 == 0:
            text += " and the envoy"
        if n % 150 == 0:  # words in one passage past position 128 (two bytes as varints)
            text += " " + " ".join(f"far{n}x{i % 90}" for i in range(200))
        documents.append(
            {"kind": "passage", "path": f"a{n // 10}.txt", "passage": n % 10, "body": text}
        )
        if n % 10 == 9:
            documents.append({"kind": "article", "path": f"a{n // 10}.txt", "state": {"n": n}})
    for document in documents:
        if "body" in document:
            document["exact"] = document["body"]
    return documents


def _write(path, writer_class) -> None:
    path.mkdir()
    index = FileStorage(str(path)).create_index(SCHEMA)
    writer = writer_class(index, codec=InliningCodec())
    for document in _documents():
        writer.add_document(**document)
    writer.commit()


def _segment(path) -> tuple:
    """Everything a search reads from the index's one segment, as stored."""
    index = FileStorage(str(path)).open_index()
    (segment,) = index._segments()
    reader = SegmentReader(index.storage, index.schema, segment)
    entries = list(reader._terms._tindex.items())
    blocks = []
    for _key, entry in entries:
        info = W3TermInfo.from_bytes(entry)
        if not info.is_inlined():
            offset, length = info.extent()
            length = length[0] if type(length) is tuple else length  # as W3 reads it back
            blocks.append(reader._terms._postfile.get(offset, length))
    documents = range(segment.doc_count_all())
    contents = (
        sorted(segment._fieldlengths.items()),
        entries,
        blocks,
        [reader.stored_fields(docnum) for docnum in documents],
        [[reader.doc_field_length(d, name) for d in documents] for name in ("body", "exact")],
    )
    reader.close()
    return contents


def test_a_bulk_segment_is_the_segment_whoosh_writes(tmp_path):
    _write(tmp_path / "whoosh", SegmentWriter)
    _write(tmp_path / "bulk", BulkSegmentWriter)
    expected = _segment(tmp_path / "whoosh")
    entries = {key: W3TermInfo.from_bytes(entry) for key, entry in expected[1]}
    frequencies = Counter(info.doc_frequency() for info in entries.values())
    assert frequencies[1] and frequencies[300]  # terms in one passage, in every passage
    assert any(1 < count <= INLINE_POSTINGS for count in frequencies)  # inlined lists
    assert len(expected[2]) > 2  # lists written as blocks, one of them in three
    assert _segment(tmp_path / "bulk") == expected


def test_the_garbage_collector_runs_again_after_a_commit_or_a_cancel(tmp_path):
    index = FileStorage(str(tmp_path)).create_index(SCHEMA)
    for end in ("commit", "cancel"):
        writer = BulkSegmentWriter(index, codec=InliningCodec())
        assert not gc.isenabled()  # held off while the batch's postings pile up
        writer.add_document(**_documents()[0])
        getattr(writer, end)()
        assert gc.isenabled(), end
