"""The Ranker reads a term's postings with ``posting_blocks``, not Whoosh's matcher: the same
passages, frequencies and positions, in every shape a posting list takes on disk."""

from __future__ import annotations

import pickle
import struct
import zlib

import pytest
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import TEXT, Schema
from whoosh.filedb.filestore import FileStorage

from index.search.codec import INLINE_POSTINGS, InliningCodec, _blocks, posting_blocks

FAR = 70_000  # a gap wider than two bytes hold
# Passage number -> its words: the shapes a posting list takes.
PASSAGES = {
    **{n: f"filler common w{n}" for n in range(300)},  # "common": 300 passages, 3 blocks
    7: "first " + "many " * 500 + "common",  # 500 positions in one passage, one at 0
    8: "gap " + "x " * (FAR - 1) + "gap common",  # positions 0 and 70,000
    9: "rare common rare",  # an inlined list with two positions
    299: "common last",
}
CODECS = {
    "ours": InliningCodec,
    "W3, compressed": W3Codec,
    "W3, not compressed": lambda: W3Codec(compression=0),
}


def positions(text: str, word: str) -> list[int]:
    return [at for at, token in enumerate(text.split()) if token == word]


@pytest.fixture(scope="module", params=list(CODECS))
def reader(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("blocks")
    index = FileStorage(str(folder)).create_index(Schema(body=TEXT(SpaceSeparatedTokenizer())))
    writer = index.writer(codec=CODECS[request.param]())
    for number in range(300):
        writer.add_document(body=PASSAGES[number])
    writer.commit()
    with index.reader() as opened:
        yield opened


def read(reader, word: str, wanted=None) -> list[tuple[int, float, list[int]]]:
    key = "body", word.encode()
    decode = reader.schema["body"].format.decode_positions
    return [
        (docnum, weight, decode(value))
        for ids, weights, values in posting_blocks(reader, key, reader.term_info(*key), wanted)
        for docnum, weight, value in zip(ids, weights, values, strict=True)
    ]


@pytest.mark.parametrize("word", ["common", "many", "first", "gap", "rare", "last"])
def test_every_posting_reads_back_as_written(reader, word):
    expected = [
        (number, float(len(positions(text, word))), positions(text, word))
        for number, text in sorted(PASSAGES.items())
        if word in text.split()
    ]
    assert read(reader, word) == expected


def test_the_shapes_are_there(reader):
    """The index holds what the test means to read: a list of several blocks, an inlined one
    (with our codec), 500 positions in a passage, a position 0 and a 70,000 gap."""
    common, rare = reader.term_info("body", b"common"), reader.term_info("body", b"rare")
    assert common.doc_frequency() == 300 and not common.is_inlined()
    inlined = isinstance(reader.codec(), InliningCodec)
    assert rare.is_inlined() == inlined and rare.doc_frequency() <= INLINE_POSTINGS
    assert read(reader, "many")[0][2] == list(range(1, 501))
    assert read(reader, "gap")[0][2] == [0, FAR]


def test_the_blocks_without_a_passage_wanted_are_skipped(reader):
    whole = read(reader, "common")
    assert [docnum for docnum, *_ in whole] == list(range(300))
    last = read(reader, "common", wanted=[299])  # only the last block (128 postings each)
    assert last == whole[256:]
    middle = read(reader, "common", wanted=[7, 8, 200])
    assert middle == whole[:256]
    assert read(reader, "common", wanted=[]) == []


def test_a_damaged_posting_list_raises_what_damage_raises(reader):
    """Never fewer postings without a word: the errors ``tui.cli`` reports as damage."""
    damage = (zlib.error, struct.error, EOFError, pickle.UnpicklingError)
    offset, length = reader.term_info("body", b"common").extent()
    data = reader._terms._postfile.get(offset, length[0] if type(length) is tuple else length)
    first_block = 8 + abs(struct.unpack("!i", data[4:8])[0])
    assert len(list(_blocks(data, None))) == 3
    with pytest.raises(EOFError):  # cut after a whole block: no "last block" mark
        list(_blocks(data[:first_block], None))
    with pytest.raises(pickle.UnpicklingError):
        list(_blocks(b"XXXX" + data[4:], None))
    with pytest.raises(damage):
        list(_blocks(data[:-5], None))
