"""File states kept beside each segment: written once, read back by the next process instead
of the stored fields, ignored when damaged, deleted with their segment."""

from __future__ import annotations

from index.search import merging, store
from index.search.codec import InliningCodec
from index.search.segment_states import SUFFIX, read_records, states_path, write_records
from index.search.store import CorpusIndex
from tests.bench.synthetic import make_corpus


def _states_files(index: CorpusIndex) -> set[str]:
    return {path.name for path in index.path.iterdir() if path.name.endswith(SUFFIX)}


def _segment_ids(index: CorpusIndex) -> set[str]:
    return {segment.segment_id() for segment in index.open()._segments()}


def _no_stored_fields(monkeypatch) -> None:
    def refuse(reader):
        raise AssertionError("read the stored fields of a segment with its states kept")

    monkeypatch.setattr(store, "_segment_records", refuse)


def test_the_next_process_reads_the_states_kept_beside_the_segments(tmp_path, monkeypatch):
    files = make_corpus(tmp_path / "corpus", 6, size=500)
    first = CorpusIndex(tmp_path / "corpus", tmp_path / "cache")
    first.update()
    files[0].write_text("Kursk, rewritten.\n", encoding="utf-8")
    first.update()
    assert _states_files(first) == set()  # the writer holds what it wrote: nothing read
    states = CorpusIndex(tmp_path / "corpus", tmp_path / "cache").file_states()
    assert _states_files(first) == {f"{key}{SUFFIX}" for key in _segment_ids(first)}
    _no_stored_fields(monkeypatch)
    second = CorpusIndex(tmp_path / "corpus", tmp_path / "cache")
    assert second.file_states() == states
    assert states[files[0].name]["size"] == files[0].stat().st_size  # the new state, not the old
    assert second.pending() == 0


def test_a_damaged_states_file_is_read_from_the_segment_again(tmp_path, monkeypatch):
    make_corpus(tmp_path / "corpus", 4, size=500)
    index = CorpusIndex(tmp_path / "corpus", tmp_path / "cache")
    index.update()
    states = CorpusIndex(tmp_path / "corpus", tmp_path / "cache").file_states()
    (key,) = _segment_ids(index)
    kept = states_path(index.path, key)
    data = bytearray(kept.read_bytes())
    data[-5] ^= 0xFF
    kept.write_bytes(bytes(data))
    assert read_records(index.path, key) is None
    assert CorpusIndex(tmp_path / "corpus", tmp_path / "cache").file_states() == states


def test_a_states_file_is_written_once_and_goes_with_its_segment(tmp_path):
    files = make_corpus(tmp_path / "corpus", 4, size=500)
    index = CorpusIndex(tmp_path / "corpus", tmp_path / "cache")
    index.update()
    CorpusIndex(tmp_path / "corpus", tmp_path / "cache").file_states()
    (key,) = _segment_ids(index)
    before = states_path(index.path, key).read_bytes()
    write_records(index.path, key, {0: ("other.txt", {})})  # a second writer: left as it was
    assert states_path(index.path, key).read_bytes() == before
    for number, file in enumerate(files):
        file.write_text(f"Rewritten {number}.\n", encoding="utf-8")
    index.update()
    writer = index.open().writer(codec=InliningCodec())
    merging.merge(writer, list(writer.segments))
    CorpusIndex(tmp_path / "corpus", tmp_path / "cache").file_states()
    assert key not in _segment_ids(index)
    assert _states_files(index) == {f"{key}{SUFFIX}" for key in _segment_ids(index)}
    assert not [path for path in index.path.iterdir() if path.name.endswith(".tmp")]
