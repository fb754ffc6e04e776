"""The folder's listing: unchanged files are listed from the cache and read on first use."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

from index.corpus import articles as articles_module
from index.corpus.articles import Article, ListedArticle, corpus_root, load_corpus
from index.corpus.listing import Entry, listing_path, write_listing
from index.corpus.passages import Passage, packed_spans

WIRE = (
    "date 2024-11-05 Harbour cranes idle as dockers walk out\n\n"
    "ROTTERDAM (Reuters) - Dock workers at the port stopped work on Tuesday.\n\n"
    "The union said 1,400 members had joined the strike by noon.\n"
)
PASTED = (
    "Skip to content\n\n"
    "Source: Harbour Gazette\n\n"
    "Port talks collapse after second night\n\n"
    "Negotiators left the table at 2 a.m. without a date to return.\n"
)

FORMS = {
    "wire.txt": WIRE,
    "notes/pasted.txt": PASTED,
    "clip.md": (
        "---\ntitle: Port strike\nsource: https://harbour.example/strike\n---\n"
        "# Port strike\n\nDockers [walked out](https://harbour.example/a) on Tuesday.\n"
    ),
    "fields.txt": "Source: Harbour Gazette\nTitle: Cranes idle\n\nThe cranes stood idle.\n",
}


def folder(write_corpus):
    return write_corpus({"wire.txt": WIRE, "notes/pasted.txt": PASTED, "empty.txt": ""})


def by_name(corpus):
    return {article.path: article for article in corpus.articles}


def test_a_second_load_lists_unchanged_files_without_reading_them(
    write_corpus, tmp_path, monkeypatch
):
    root = folder(write_corpus)
    cache = tmp_path / "cache"
    first = load_corpus(root, cache_dir=cache)
    assert all(isinstance(article, Article) for article in first.articles)
    assert listing_path(first.root, cache).is_file()

    read: list[str] = []
    real_read = articles_module.read_article
    monkeypatch.setattr(
        articles_module,
        "read_article",
        lambda *a, **k: read.append(a[1].name) or real_read(*a, **k),
    )
    second = load_corpus(root, cache_dir=cache)
    assert read == []
    listed = by_name(second)
    assert [type(article) for article in listed.values()] == [ListedArticle, ListedArticle]
    assert not any(article.loaded for article in listed.values())
    old = by_name(first)
    for path, article in listed.items():
        before = old[path]
        fields = ("source", "title", "date", "digest", "encoding", "origins", "heading", "label")
        assert [getattr(article, name) for name in fields] == [
            getattr(before, name) for name in fields
        ]
        assert article.passage_count == len(before.passages)
    # The skipped file is still said, from the listing.
    assert second.warnings == first.warnings == ["skipped empty.txt: empty"]


def test_a_listed_article_reads_its_file_when_its_text_is_wanted(write_corpus, tmp_path):
    root = folder(write_corpus)
    cache = tmp_path / "cache"
    first = by_name(load_corpus(root, cache_dir=cache))["wire.txt"]
    listed = by_name(load_corpus(root, cache_dir=cache))["wire.txt"]
    assert isinstance(listed, ListedArticle) and not listed.loaded
    assert listed.text == first.text
    assert [p.text for p in listed.passages] == [p.text for p in first.passages]
    assert listed.loaded
    assert listed.passages is listed.passages  # held: read once


def test_a_changed_file_is_read_again_and_the_listing_follows(write_corpus, tmp_path):
    root = folder(write_corpus)
    cache = tmp_path / "cache"
    load_corpus(root, cache_dir=cache)
    changed = WIRE.replace("1,400", "1,900") + "\nTalks resume on Friday.\n"
    (root / "wire.txt").write_text(changed, encoding="utf-8")
    second = by_name(load_corpus(root, cache_dir=cache))
    assert isinstance(second["wire.txt"], Article)  # read, not listed
    assert isinstance(second["notes/pasted.txt"], ListedArticle)
    assert "1,900 members" in second["wire.txt"].text
    third = by_name(load_corpus(root, cache_dir=cache))["wire.txt"]
    assert isinstance(third, ListedArticle)
    assert third.passage_count == len(second["wire.txt"].passages)
    assert third.passages[-1].text == "Talks resume on Friday."


def test_a_new_sources_yaml_makes_the_listing_stale(write_corpus, tmp_path):
    root = folder(write_corpus)
    cache = tmp_path / "cache"
    load_corpus(root, cache_dir=cache)
    (root / "sources.yaml").write_text("wire.txt:\n  source: Port Wire\n", encoding="utf-8")
    again = by_name(load_corpus(root, cache_dir=cache))
    assert isinstance(again["wire.txt"], Article)
    assert again["wire.txt"].source == "Port Wire"


def test_a_file_gone_unreadable_since_listed_says_why_in_its_one_passage(write_corpus, tmp_path):
    root = folder(write_corpus)
    cache = tmp_path / "cache"
    load_corpus(root, cache_dir=cache)
    warned: list[str] = []
    listed = by_name(load_corpus(root, cache_dir=cache, warn=warned.append))["wire.txt"]
    stat = (root / "wire.txt").stat()
    (root / "wire.txt").write_bytes(b"\x00\x01" * 40)  # binary now, same size and time below
    os.utime(root / "wire.txt", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    texts = [passage.text for passage in listed.passages]
    assert len(texts) == 1 and texts[0].startswith("This file cannot be read now: not a text file")
    assert listed.passages[0].boilerplate
    assert warned[-1].startswith("skipped wire.txt: not a text file")


def test_only_the_latest_articles_read_keep_their_text(write_corpus, tmp_path, monkeypatch):
    root = write_corpus({f"{n:02}.txt": f"Dispatch number {n} from the port.\n" for n in range(6)})
    cache = tmp_path / "cache"
    load_corpus(root, cache_dir=cache)
    monkeypatch.setattr(articles_module, "_LOADED", articles_module._Loaded(2))
    listed = load_corpus(root, cache_dir=cache).articles
    for article in listed[:3]:
        assert article.passages[0].text.startswith("Dispatch number")
    assert [article.loaded for article in listed[:3]] == [False, True, True]
    assert listed[0].text == "Dispatch number 0 from the port.\n"  # read again when wanted


def test_without_a_cache_folder_every_file_is_read(write_corpus):
    corpus = load_corpus(folder(write_corpus))
    assert all(isinstance(article, Article) for article in corpus.articles)


def test_a_listed_article_read_from_its_listed_bytes_is_the_article_read_in_full(
    write_corpus, tmp_path
):
    root = write_corpus(FORMS)
    cache = tmp_path / "cache"
    first = by_name(load_corpus(root, cache_dir=cache))
    listed = by_name(load_corpus(root, cache_dir=cache))
    assert sorted(listed) == sorted(FORMS)
    for path, article in listed.items():
        assert isinstance(article, ListedArticle)
        assert article.read() == first[path]  # every field: passages, links, origins…
    assert listed["clip.md"].links and listed["fields.txt"].passages[0].text.startswith("The")


def test_a_listed_article_takes_its_passages_from_the_listing(write_corpus, tmp_path, monkeypatch):
    root = write_corpus(FORMS)
    cache = tmp_path / "cache"
    first = by_name(load_corpus(root, cache_dir=cache))

    def no_split(*args, **kwargs):
        raise AssertionError("a listed article was split again")

    monkeypatch.setattr(articles_module, "split_passages", no_split)
    listed = by_name(load_corpus(root, cache_dir=cache))
    pasted = listed["notes/pasted.txt"].passages
    assert pasted == first["notes/pasted.txt"].passages
    assert [(p.text, p.boilerplate) for p in pasted[:2]] == [
        ("Skip to content", True),  # still dimmed: the flag is kept with the offsets
        ("Source: Harbour Gazette", False),
    ]


def test_passages_that_no_longer_fit_the_listed_text_are_split_again(write_corpus, tmp_path):
    root = write_corpus({"wire.txt": WIRE})
    cache = tmp_path / "cache"
    first = load_corpus(root, cache_dir=cache).articles[0]
    where = listing_path(corpus_root(root), cache)
    kept = marshal.loads(where.read_bytes())
    entry = Entry._make(kept["files"]["wire.txt"])
    too_long = packed_spans([Passage(0, 0, len(WIRE) + 40, WIRE)])
    write_listing(where, kept["key"], {"wire.txt": entry._replace(spans=too_long)})
    listed = load_corpus(root, cache_dir=cache).articles[0]
    assert isinstance(listed, ListedArticle)
    assert listed.passages == first.passages  # split from the text, not cut past its end


def test_a_file_changed_under_its_listed_size_and_time_is_read_in_full(write_corpus, tmp_path):
    root = write_corpus({"fields.txt": "Source: Harbour Gazette\n\nThe cranes stood idle.\n"})
    cache = tmp_path / "cache"
    load_corpus(root, cache_dir=cache)
    listed = by_name(load_corpus(root, cache_dir=cache))["fields.txt"]
    path = root / "fields.txt"
    stat = path.stat()
    path.write_text("Source: Harbour Tribune\n\nThe cranes stood idle.\n", encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert listed.source == "Harbour Gazette"  # the listing's, until the file is read
    article = listed.read()
    assert (article.source, article.origins["source"]) == ("Harbour Tribune", "header line")


def test_reading_listed_articles_needs_no_metadata_or_splitter_patterns(write_corpus, tmp_path):
    """The reader's launch draws listed articles: their passages are the listing's, so
    neither the outlet and headline patterns of ``index.corpus.metadata`` (~10 ms of the
    launch to compile) nor the splitter's site-furniture patterns (~4 ms) are compiled."""
    root = write_corpus(FORMS)
    cache = tmp_path / "cache"
    load_corpus(root, cache_dir=cache)
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from index.corpus.articles import ListedArticle, load_corpus\n"
        f"corpus = load_corpus({str(root)!r}, cache_dir=Path({str(cache)!r}))\n"
        "assert all(isinstance(article, ListedArticle) for article in corpus.articles)\n"
        "print(sum(len(article.passages) for article in corpus.articles))\n"
        "print('index.corpus.metadata' in sys.modules)\n"
        "from index.corpus.boilerplate import _compiled\n"
        "print(_compiled.cache_info().currsize)\n"
    )
    repo = Path(__file__).resolve().parents[3]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    passages, imported, furniture_patterns = done.stdout.split()
    assert int(passages) >= len(FORMS)
    assert imported == "False"
    assert furniture_patterns == "0"  # the passages are the listing's: none was split


def test_a_trusted_listing_is_the_corpus_without_looking_at_the_folder(
    write_corpus, tmp_path, monkeypatch
):
    root = folder(write_corpus)
    cache = tmp_path / "cache"
    load_corpus(root, cache_dir=cache)
    (root / "later.txt").write_text("Cranes moved again on Friday.\n", encoding="utf-8")
    (root / "wire.txt").unlink()
    looked: list[str] = []
    real_files = articles_module._found_files
    monkeypatch.setattr(
        articles_module, "_found_files", lambda *a: looked.append("scan") or real_files(*a)
    )
    trusted = load_corpus(root, cache_dir=cache, trust_listing=True)
    assert looked == []
    assert sorted(by_name(trusted)) == ["notes/pasted.txt", "wire.txt"]  # as listed
    assert all(isinstance(article, ListedArticle) for article in trusted.articles)
    assert by_name(trusted)["notes/pasted.txt"].title == "Port talks collapse after second night"
    gone = by_name(trusted)["wire.txt"].passages
    assert len(gone) == 1 and gone[0].text.startswith("This file cannot be read now")
    current = load_corpus(root, cache_dir=cache)
    assert looked == ["scan"]
    assert sorted(by_name(current)) == ["later.txt", "notes/pasted.txt"]


def test_without_a_listing_a_trusting_load_reads_the_folder(write_corpus, tmp_path):
    root = folder(write_corpus)
    corpus = load_corpus(root, cache_dir=tmp_path / "cache", trust_listing=True)
    assert sorted(by_name(corpus)) == ["notes/pasted.txt", "wire.txt"]
    assert all(isinstance(article, Article) for article in corpus.articles)
