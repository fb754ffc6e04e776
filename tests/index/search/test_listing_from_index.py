"""After an index build, the listing is written from the index's file states: the reader's
first frame then takes every article's metadata from it and reads no file (issue 16)."""

from __future__ import annotations

from index.corpus.articles import ListedArticle, load_corpus
from index.search.listing_from_index import write_listing_from_index
from index.search.store import CorpusIndex

FILES = {
    "titled.md": "---\ntitle: Grain corridor reopens\nsource: Harbour Ledger\n"
    "date: 2025-03-04\n---\n\nShips left the port at dawn.\n\nInsurers raised their rates.\n",
    "untitled.txt": "Talks resumed in the evening after a short pause over the ceasefire map.",
    "broken.md": "---\ntitle: [an unclosed list\n---\n\nThe convoy reached the border.\n",
    "empty.txt": "   \n",
}


def _fields(article) -> tuple:
    return (
        article.path,
        article.source,
        article.title,
        article.date,
        article.digest,
        article.heading,
        article.passage_count,
        tuple(article.problems),
        dict(article.origins),
    )


def test_the_listing_from_the_index_lists_every_file_as_a_fresh_read_does(write_corpus, tmp_path):
    root = write_corpus(FILES)
    cache = tmp_path / "cache"
    index = CorpusIndex(root, cache)
    index.update()
    assert write_listing_from_index(index, cache) == 4  # three articles and the empty file

    listed = load_corpus(root, cache_dir=cache)
    read = load_corpus(root)
    assert all(isinstance(article, ListedArticle) for article in listed.articles)
    assert not any(article.loaded for article in listed.articles)  # no file was read
    assert [_fields(a) for a in listed.articles] == [_fields(a) for a in read.articles]
    assert {w for w in listed.warnings} == {w for w in read.warnings}
    assert any(w.startswith("skipped empty.txt: ") for w in listed.warnings)
    assert any(w.startswith("broken.md: front matter ignored") for w in listed.warnings)


def test_articles_listed_from_the_index_keep_its_passages_without_splitting_again(
    write_corpus, tmp_path, monkeypatch
):
    """The index keeps each article's passages as spans: a listed article drawn by the
    reader is cut into the very passages the index numbered, with no splitting."""
    from index.corpus import articles as articles_module

    root = write_corpus(FILES)
    cache = tmp_path / "cache"
    index = CorpusIndex(root, cache)
    index.update()
    write_listing_from_index(index, cache)
    read = {article.path: article for article in load_corpus(root).articles}

    def no_split(*args, **kwargs):
        raise AssertionError("a listed article was split again")

    monkeypatch.setattr(articles_module, "split_passages", no_split)
    listed = {article.path: article for article in load_corpus(root, cache_dir=cache).articles}
    assert listed["titled.md"].passages == read["titled.md"].passages
    assert [p.text for p in listed["titled.md"].passages] == [
        "Ships left the port at dawn.",
        "Insurers raised their rates.",
    ]
    assert listed["untitled.txt"].passages == read["untitled.txt"].passages


def test_a_file_changed_since_the_index_is_read_again(write_corpus, tmp_path):
    root = write_corpus(FILES)
    cache = tmp_path / "cache"
    index = CorpusIndex(root, cache)
    index.update()
    (root / "untitled.txt").write_text("Other words, and a longer text than before.", "utf-8")
    write_listing_from_index(index, cache)
    listed = {article.path: article for article in load_corpus(root, cache_dir=cache).articles}
    assert not isinstance(listed["untitled.txt"], ListedArticle)
    assert listed["untitled.txt"].heading.startswith("Other words")
    assert isinstance(listed["titled.md"], ListedArticle)


def test_the_index_command_writes_the_listing(write_corpus, tmp_path, monkeypatch):
    from tui.cli import main

    root = write_corpus(FILES)
    assert main(["index", "--corpus", str(root)]) == 0
    from tui.config import load_config

    listed = load_corpus(root, cache_dir=load_config().cache_dir)
    assert sum(isinstance(article, ListedArticle) for article in listed.articles) == 3
