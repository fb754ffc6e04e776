"""The rest of a folder read after the first frame: its unlisted articles, and the listing
written as they are read, so that the next start reads none of them.

A folder never seen before (10,000 files) opens with its files known by name only
(:class:`~index.corpus.articles.UnlistedArticle`); this reads them in chunks, off the UI's
thread, and says how far it got.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from index.corpus.articles import Corpus, UnlistedArticle
from index.corpus.listing import write_listing

CHUNK = 100  # articles read between two progress reports (and checks of ``stop``)
WRITE_EVERY = 2.0  # seconds between two writes of the listing while reading
PAUSE = 0.05  # seconds slept while ``hold()`` says the UI is busy


def unread(corpus: Corpus) -> list[UnlistedArticle]:
    """The corpus's articles not read yet, in its order."""
    return [
        article
        for article in corpus.articles
        if isinstance(article, UnlistedArticle) and not article.known
    ]


def read_unlisted(
    corpus: Corpus,
    progress: Callable[[int, int], None] | None = None,
    stop: Callable[[], bool] = lambda: False,
    hold: Callable[[], bool] = lambda: False,
) -> bool:
    """Read every unread article of ``corpus`` (their text is not kept), adding their
    entries to its listing, written every few seconds and at the end; ``progress(done,
    total)`` after each chunk. False if ``stop()`` said so before the end.

    Before each article, it waits while ``hold()`` says so: a thread of the UI's interpreter
    shares its lock, and a key pressed while it reads took twice as long (issue 16)."""
    waiting = unread(corpus)
    total = len(waiting)
    written = time.monotonic()
    for start in range(0, total, CHUNK):
        if stop():
            _write(corpus)
            return False
        for article in waiting[start : start + CHUNK]:
            while hold() and not stop():
                time.sleep(PAUSE)
            article.learn()
        if progress is not None:
            progress(min(start + CHUNK, total), total)
        if time.monotonic() - written >= WRITE_EVERY:
            _write(corpus)
            written = time.monotonic()
    _write(corpus)
    return True


def drop_skipped(corpus: Corpus) -> list[str]:
    """Take the articles read as skipped out of ``corpus``; their paths."""
    skipped = [
        article.path
        for article in corpus.articles
        if isinstance(article, UnlistedArticle) and article.known and article.entry.skipped
    ]
    if skipped:
        gone = set(skipped)
        corpus.articles[:] = [article for article in corpus.articles if article.path not in gone]
    return skipped


def _write(corpus: Corpus) -> None:
    """Write the listing with every file known so far (a page waiting to be extracted is
    left out: it is read again next time)."""
    listing = corpus.listing
    if listing is None:
        return
    entries = listing.entries
    for article in corpus.articles:
        if isinstance(article, UnlistedArticle) and article.known:
            entry = article.entry
            if entry.digest or entry.skipped:
                entries[article.path] = entry
    write_listing(listing.path, listing.key, entries)
