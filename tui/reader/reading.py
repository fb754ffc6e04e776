"""The reading worker: reads, after the first frame, the articles a never-seen folder opened
without (:mod:`index.corpus.unlisted`), in a thread, and says how far it got.

The reader shows "reading 400 of 10,000 articles…" in its top row meanwhile, as it shows the
index's progress; when done, the files read as skipped leave the panes with their warnings.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.message import Message
from textual.worker import get_current_worker

from index.corpus.unlisted import read_unlisted

KEYS_QUIET = 0.3
"""Seconds after a key during which the reading waits. It shares the interpreter's lock with
the UI: on a never-seen 10,000, a key that slides the panes took a median 189-229 ms while it
read against 114-140 ms on the listed folder (load ~11); waiting, 123-130 against 107-108."""

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.worker import Worker

    from index.corpus.articles import Corpus


class ReadingProgress(Message):
    def __init__(self, corpus: Corpus, done: int, total: int) -> None:
        super().__init__()
        self.corpus, self.done, self.total = corpus, done, total

    def __str__(self) -> str:
        return f"reading {self.done:,} of {self.total:,} articles"


class ReadingDone(Message):
    def __init__(self, corpus: Corpus) -> None:
        super().__init__()
        self.corpus = corpus


def start_reading(node: DOMNode, corpus: Corpus, last_key: Callable[[], float]) -> Worker[None]:
    """Read ``corpus``'s unread articles in a thread worker of ``node``, which gets the
    messages (cancelled with the worker group ``reading``); it waits while a key was pressed
    (``last_key()``: its ``time.monotonic()``) less than :data:`KEYS_QUIET` ago."""
    work = partial(_read, node.post_message, corpus, last_key)
    return node.run_worker(work, thread=True, group="reading", exit_on_error=False)


def _read(post: Callable[[Message], object], corpus: Corpus, last_key: Callable[[], float]) -> None:
    """In a thread: read the rest; done (even after a failure: what is not read yet is read
    when a pane draws it) unless cancelled."""
    worker = get_current_worker()
    try:
        read_unlisted(
            corpus,
            lambda done, total: post(ReadingProgress(corpus, done, total)),
            lambda: worker.is_cancelled,
            lambda: time.monotonic() - last_key() < KEYS_QUIET,
        )
    finally:
        if not worker.is_cancelled:
            post(ReadingDone(corpus))
