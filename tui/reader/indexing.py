"""The index worker: opens the briefing's index in a thread and brings it up to date.

Whoosh and the index modules are imported here, off the UI thread, after the first frame.
The worker reports to the node that started it with three messages: progress, ready, failed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from index.corpus.articles import Corpus, load_corpus

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.worker import Worker

    from index.search.store import UpdateReport
    from tui.briefing import Briefing
    from tui.config import Config


class IndexProgress(Message):
    def __init__(self, done: int, total: int, name: str) -> None:
        super().__init__()
        self.done, self.total, self.name = done, total, name


class IndexReady(Message):
    def __init__(self, briefing: Briefing, report: UpdateReport, corpus: Corpus | None) -> None:
        super().__init__()
        self.briefing, self.report, self.corpus = briefing, report, corpus


class IndexFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


def start_indexing(node: DOMNode, config: Config, root: Path, shown: Corpus) -> Worker[None]:
    """Open and update the index of ``root`` in a thread worker of ``node``, which gets the
    messages; ``shown`` is the corpus on screen (re-read if the files changed since)."""
    work = partial(open_index, node.post_message, config, root, shown)
    return node.run_worker(work, thread=True, group="index", exit_on_error=False)


def open_index(
    post: Callable[[Message], object], config: Config, root: Path, shown: Corpus
) -> None:
    """In a thread: import Whoosh, open the index and bring it up to date."""
    try:
        from tui.briefing import Briefing

        briefing = Briefing.open(config, root)
        last = 0.0

        def progress(done: int, total: int, name: str) -> None:
            nonlocal last
            now = time.monotonic()
            if done == total or now - last > 0.1:
                last = now
                post(IndexProgress(done, total, name))

        report = briefing.index.update(progress=progress)
        indexed = {
            path: state.get("digest")
            for path, state in briefing.index.file_states().items()
            if not state.get("skipped")
        }
        on_screen = {article.path: article.digest for article in shown.articles}
        corpus = None
        if indexed != on_screen:  # files changed since the first read: show what is indexed
            corpus = load_corpus(root, config.max_bytes)
        post(IndexReady(briefing, report, corpus))
    except Exception as error:  # the reader still shows the articles without search
        post(IndexFailed(f"{type(error).__name__}: {error}"))
