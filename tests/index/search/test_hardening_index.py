"""Bad input for the search core: odd file names, faults while indexing, fuzzed queries/bytes."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.corpus.articles import load_corpus
from index.search.api import Searcher
from index.search.store import FIRST_BATCH, MAX_BATCH, CorpusIndex
from index.search.syntax import QueryError
from tests.conftest import REPO
from tui.config import load_config


def test_file_names_with_spaces_newlines_and_other_scripts(write_corpus, tmp_path):
    root = write_corpus(
        {
            "with space.txt": "Kursk one.",
            "new\nline.txt": "Kursk two.",
            "Київ.md": "Kursk three.",
        }
    )
    (root / os.fsdecode(b"bad\xffname.txt")).write_text("Kursk four.", encoding="utf-8")
    index = CorpusIndex(root, tmp_path / "cache")
    report = index.update()
    assert sorted(report.added) == ["new\nline.txt", "with space.txt", "Київ.md"]
    assert report.warnings == ["skipped bad\ufffdname.txt: file name is not valid UTF-8"]
    labels = {info.label for info in index.articles()}
    assert labels == {"with space", "new␊line", "Київ"}  # a newline never reaches a title
    assert len(Searcher(index).search("Kursk").articles) == 3


def test_a_few_nul_bytes_do_not_make_a_file_binary(write_corpus):
    root = write_corpus({"nul.txt": b"Kursk talks.\x00 More text here about the call." * 20})
    (article,) = load_corpus(root).articles
    assert "Kursk talks.␀ More text" in article.text


def test_disk_full_during_a_build_falls_back_to_memory(write_corpus, tmp_path, monkeypatch):
    root = write_corpus({"a.txt": "Kursk.", "b.txt": "Patriot."})
    from whoosh.filedb.filestore import FileStorage
    from whoosh.writing import SegmentWriter

    real_commit = SegmentWriter.commit

    def full_disk(self, *args, **kwargs):
        if isinstance(self.storage, FileStorage):  # the in-memory index still works
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_commit(self, *args, **kwargs)

    monkeypatch.setattr(SegmentWriter, "commit", full_disk)
    index = CorpusIndex(root, tmp_path / "cache")
    report = index.update()
    assert index.in_memory
    assert report.warnings[0].startswith("cannot write the index in ")
    assert "No space left on device" in report.warnings[0]
    assert sorted(report.added) == ["a.txt", "b.txt"]
    assert [g.article.path for g in Searcher(index).search("Kursk").articles] == ["a.txt"]


def test_a_file_that_vanishes_while_indexing_is_a_warning(write_corpus, tmp_path, monkeypatch):
    root = write_corpus({"a.txt": "Kursk.", "b.txt": "Patriot."})
    import index.search.store as store

    real_read = store.read_article

    def vanishing(root_, path, *args, **kwargs):
        if path.name == "b.txt":
            path.unlink()
        return real_read(root_, path, *args, **kwargs)

    monkeypatch.setattr(store, "read_article", vanishing)
    index = CorpusIndex(root, tmp_path / "cache")
    report = index.update()
    assert report.added == ["a.txt"]
    assert report.warnings == ["skipped b.txt: cannot read: No such file or directory"]
    monkeypatch.setattr(store, "read_article", real_read)
    assert index.update().touched == 0  # the vanished file is simply gone now
    assert [info.path for info in index.articles()] == ["a.txt"]


@pytest.fixture(scope="module")
def seed_searcher(tmp_path_factory) -> Searcher:
    config = load_config()
    index = CorpusIndex(REPO / "seeds", tmp_path_factory.mktemp("seeds"))
    index.update()
    return Searcher(index, config.topics, config.aliases)


QUERY_PIECES = st.sampled_from(
    [
        *"ab zZ\"()*?~^:-+[]{}<>!/\\'",
        "AND",
        "OR",
        "NOT",
        " AND ",
        " OR ",
        " NOT ",
        "Kursk",
        "TO",
        "\x00",
        "é",
        "ы",
        "\x1b[2J",
    ]
)


@settings(max_examples=400, suppress_health_check=list(HealthCheck))
@given(st.one_of(st.text(max_size=40), st.lists(QUERY_PIECES, max_size=12).map("".join)))
def test_fuzzed_queries_only_ever_raise_query_error(seed_searcher, query):
    try:
        result = seed_searcher.search(query)
    except QueryError as error:
        assert "\n" not in str(error)
        return
    for group in result.articles:
        for hit in group.hits:
            assert all(0 <= a < b <= len(hit.text) for a, b in hit.spans)


@settings(max_examples=150, suppress_health_check=list(HealthCheck))
@given(st.lists(st.binary(max_size=3000), min_size=1, max_size=4))
def test_random_bytes_as_articles_never_crash_the_indexer(contents):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "corpus"
        root.mkdir()
        for number, data in enumerate(contents):
            (root / f"{number}.txt").write_bytes(data)
        index = CorpusIndex(root, Path(folder) / "cache")
        report = index.update()
        skipped = [w for w in report.warnings if w.startswith("skipped ")]
        assert len(report.added) + len(skipped) == len(contents)
        for info in index.articles():
            assert "\x1b" not in info.heading and "\x00" not in info.heading


def test_a_50_mb_file_is_skipped_without_being_read(write_corpus, tmp_path, monkeypatch):
    root = write_corpus({"small.txt": "Kursk."})
    with open(root / "huge.txt", "wb") as huge:
        huge.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    read = []
    real_read_bytes = Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: read.append(self.name) or real_read_bytes(self)
    )
    report = CorpusIndex(root, tmp_path / "cache").update()
    assert report.added == ["small.txt"]
    assert report.warnings == [
        "skipped huge.txt: too large (50.0 MB > 20.0 MB limit, see index.max_file_mb "
        "in config.yaml)"
    ]
    assert "huge.txt" not in read


def test_an_unreadable_file_is_a_warning(write_corpus, tmp_path, monkeypatch):
    root = write_corpus({"a.txt": "Kursk.", "locked.txt": "secret"})
    real_read_bytes = Path.read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":  # root ignores chmod, so the refusal is simulated
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = CorpusIndex(root, tmp_path / "cache").update()
    assert report.added == ["a.txt"]
    assert report.warnings == ["skipped locked.txt: cannot read: Permission denied"]


@pytest.mark.slow
def test_a_folder_of_2500_files_in_sub_folders_commits_every_batch_size(tmp_path):
    """Large enough for every batch size up to ``MAX_BATCH`` and one after it; the
    benchmark builds 10,000 (``python -m tests.bench``)."""
    root = tmp_path / "many"
    for folder in range(10):
        (root / f"part{folder}").mkdir(parents=True)
        for number in range(250):
            text = (
                f"Note {folder}-{number} about Kursk." if number % 125 == 0 else f"Item {number}."
            )
            (root / f"part{folder}" / f"{number:04}.txt").write_text(text, encoding="utf-8")
    index = CorpusIndex(root, tmp_path / "cache")
    committed: list[int] = []
    report = index.update(committed=lambda progress: committed.append(progress.indexed))
    assert len(report.added) == 2_500 and not report.warnings
    sizes = [after - before for before, after in zip([0, *committed], committed, strict=False)]
    assert sizes[:-1] == [min(FIRST_BATCH * 2**n, MAX_BATCH) for n in range(len(sizes) - 1)]
    assert MAX_BATCH in sizes[:-1] and committed[-1] == 2_500
    assert len(index.articles()) == 2_500
    result = Searcher(index).search("Kursk")
    assert sorted(group.article.path for group in result.articles) == [
        f"part{folder}/{number:04}.txt" for folder in range(10) for number in (0, 125)
    ]
    assert len(result.silent) == 2_480
    assert index.update().touched == 0


def test_neutralise_skips_only_text_that_needs_nothing():
    """The quick check before translating finds every character the translation changes."""
    from index.corpus.textclean import _TRANSLATION, neutralise

    for code in range(0x3000):  # controls, C1, bidi marks, and all around them
        text = f"a{chr(code)}b"
        assert neutralise(text) == text.translate(_TRANSLATION), hex(code)
