"""A damaged index file is found, said in one line, and the index rebuilt (issue 18, item 5),
never a ``zlib.error`` on every search; sound files are never taken for damaged ones."""

from __future__ import annotations

import os
import random

import pytest

from index.search import checksums
from index.search.api import Searcher
from index.search.store import CorpusIndex
from tui.cli import main

FILES = {
    "a.txt": "date 2025-03-20 First\n\nKursk was discussed.\n\nPatriot systems too.\n",
    "b.txt": "date 2025-03-21 Second\n\nThe Kursk region came up.\n",
    "c.txt": "date 2025-03-22 Quiet\n\nWheat exports rose in March.\n",
}


def _segment(index: CorpusIndex):
    (segment,) = [name for name in os.listdir(index.path) if name.endswith(".seg")]
    return index.path / segment


def _flip(path, start: int, count: int = 50, keep_time: bool = False) -> None:
    """Invert ``count`` bytes in place, as a failing disk or a tester would."""
    stat = path.stat()
    data = bytearray(path.read_bytes())
    for offset in range(start, min(start + count, len(data))):
        data[offset] ^= 0xFF
    with open(path, "r+b") as file:
        file.write(data)
    if keep_time:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def _kursk(index: CorpusIndex) -> list[str]:
    return [group.article.path for group in Searcher(index).search("Kursk").articles]


def test_flipped_bytes_anywhere_in_a_segment_are_found_and_rebuilt(write_corpus, tmp_path):
    root = write_corpus(FILES)
    cache = tmp_path / "cache"
    CorpusIndex(root, cache).update()
    rng = random.Random(18)
    for _trial in range(20):
        segment = _segment(CorpusIndex(root, cache))
        _flip(segment, rng.randrange(segment.stat().st_size))
        index = CorpusIndex(root, cache)  # the next command
        report = index.update()
        assert report.rebuilt_because == f"index damaged ({segment.name} changed on disk); rebuilt"
        assert sorted(report.added) == ["a.txt", "b.txt", "c.txt"]
        assert _kursk(index) == ["a.txt", "b.txt"]


def test_a_full_check_finds_damage_that_kept_the_file_time(write_corpus, tmp_path):
    root = write_corpus(FILES)
    index = CorpusIndex(root, tmp_path / "cache")
    index.update()
    segment = _segment(index)
    _flip(segment, 200, keep_time=True)
    report = index.update(verify=True)
    assert report.rebuilt_because == f"index damaged ({segment.name} changed on disk); rebuilt"
    assert index.update(verify=True).rebuilt_because is None
    assert _kursk(index) == ["a.txt", "b.txt"]


def test_updates_and_merges_never_look_like_damage(write_corpus, tmp_path):
    root = write_corpus(FILES)
    cache = tmp_path / "cache"
    CorpusIndex(root, cache).update()
    for number in range(20):  # small updates add segments; a later one merges them
        (root / f"n{number}.txt").write_text(f"Kursk update {number}.", encoding="utf-8")
        if number % 3 == 0:
            (root / "c.txt").write_text(f"Wheat, version {number}.", encoding="utf-8")
        report = CorpusIndex(root, cache).update()
        assert report.rebuilt_because is None
        assert report.touched >= 1
    index = CorpusIndex(root, cache)
    assert index.update(verify=True).rebuilt_because is None
    assert len(_kursk(index)) == 22
    recorded = set(checksums._read(index.path))
    assert recorded and recorded <= set(os.listdir(index.path))


@pytest.mark.parametrize("garbage", ["", "[1, 2]", "{not json", '{"x.seg": "abc"}'])
def test_an_unreadable_checksum_file_checks_nothing_and_is_rewritten(
    write_corpus, tmp_path, garbage
):
    root = write_corpus(FILES)
    index = CorpusIndex(root, tmp_path / "cache")
    index.update()
    (index.path / checksums.MANIFEST).write_text(garbage, encoding="utf-8")
    assert CorpusIndex(root, tmp_path / "cache").update(verify=True).rebuilt_because is None
    (root / "d.txt").write_text("Kursk again.", encoding="utf-8")
    CorpusIndex(root, tmp_path / "cache").update()
    segments = {name for name in os.listdir(index.path) if name.endswith(".seg")}
    assert len(segments) == 2 and segments <= set(checksums._read(index.path))


def test_search_and_index_say_so_in_one_line(write_corpus, capsys):
    root = write_corpus(FILES)
    assert main(["index", "--corpus", str(root)]) == 0
    capsys.readouterr()
    index = CorpusIndex(root)
    segment = _segment(index)
    _flip(segment, 300)
    assert main(["search", "Kursk", "--corpus", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.err == (
        f"briefing-tui: warning: index damaged ({segment.name} changed on disk); rebuilt\n"
    )
    assert "Kursk was discussed." in captured.out
    segment = _segment(index)
    _flip(segment, 300, keep_time=True)
    assert main(["index", "--corpus", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.endswith(f"(index damaged ({segment.name} changed on disk); rebuilt)\n")


def test_search_rebuilds_an_index_that_fails_to_read_without_a_checksum(
    write_corpus, capsys, monkeypatch
):
    """Damage the checksums cannot see (an index written before them) ends the same way."""
    import zlib

    root = write_corpus(FILES)
    real_search = Searcher.search
    calls = []

    def search_once_damaged(self, text, limit=None):
        calls.append(self.index.path)
        if len(calls) == 1:
            raise zlib.error("Error -3 while decompressing data: invalid stored block lengths")
        return real_search(self, text, limit)

    monkeypatch.setattr(Searcher, "search", search_once_damaged)
    assert main(["search", "Kursk", "--corpus", str(root)]) == 0
    captured = capsys.readouterr()
    assert captured.err == "briefing-tui: warning: index unreadable (zlib.error); rebuilt\n"
    assert "Kursk was discussed." in captured.out and "The Kursk region" in captured.out
    assert len(calls) == 2
