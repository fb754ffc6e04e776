"""The bookmark marks are placed once per version of an article: no file read again."""

from __future__ import annotations

from pathlib import Path

from index.corpus.articles import article_from_text
from tui.notes.bookmarks import PENDING, SAVED, Located, Placements, passage_marks
from tui.notes.notes_file import Bookmark
from tui.reader.article_view import ArticleView

TEXT = (
    "Ferry timetable changes\n\n"
    "The morning crossing moves to seven o'clock.\n\n"
    "Evening sailings are unchanged this winter.\n\n"
    "Tickets bought earlier stay valid."
)
ROOT = Path("/briefings/ferries")


class CountingArticle:
    """An article that counts how often its passages (its file's text) are asked for."""

    def __init__(self, text: str, digest: str) -> None:
        self.inner = article_from_text("ferry.txt", text, digest)
        self.reads = 0

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    @property
    def passages(self):
        self.reads += 1
        return self.inner.passages


def kept(article: CountingArticle, number: int, **changes) -> Bookmark:
    bookmark = Bookmark.for_passage(article.inner, article.inner.passages[number])
    return bookmark if not changes else Bookmark.create(**{**bookmark.to_dict(), **changes})


def test_marks_placed_again_read_no_passage_while_the_digest_is_the_same():
    article = CountingArticle(TEXT, "v1")
    view = ArticleView(article)
    saved, waiting = [kept(article, 1)], [kept(article, 3)]
    placements = Placements()
    first = passage_marks(saved, waiting, ROOT, [view], placements)
    reads = article.reads
    assert first == {"ferry.txt": {1: SAVED, 3: PENDING}}
    assert passage_marks(saved, waiting, ROOT, [view], placements) == first
    assert article.reads == reads  # the second placing asked for no text


def test_a_changed_article_is_located_again():
    old = CountingArticle(TEXT, "v1")
    bookmark = kept(old, 2)
    placements = Placements()
    before = placements.locate(bookmark, ArticleView(old))
    assert isinstance(before, Located) and (before.passage, before.exact) == (2, True)
    title = "Ferry timetable changes\n\n"
    new = CountingArticle(TEXT.replace(title, title + "A new first paragraph.\n\n"), "v2")
    view = ArticleView(new)
    found = placements.locate(bookmark, view)
    assert isinstance(found, Located)
    assert (found.view, found.passage, found.exact) == (view, 3, True)  # found by its text
    assert new.reads > 0


def test_a_passage_gone_is_said_each_time_without_looking_again():
    article = CountingArticle(TEXT, "v1")
    view = ArticleView(article)
    placements = Placements()
    empty = CountingArticle("", "v0")
    gone = placements.locate(kept(article, 1), ArticleView(empty))
    assert gone == "ferry.txt has no passages now"
    reads = empty.reads
    assert placements.locate(kept(article, 1), ArticleView(empty)) == gone
    assert empty.reads == reads
    assert placements.locate(kept(article, 1), view) != gone
