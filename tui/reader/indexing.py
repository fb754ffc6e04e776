"""The index worker: opens the briefing's index in a thread and brings it up to date.

Whoosh and the index modules are imported here, off the UI thread, after the first frame.
The worker reports to the node that started it with three messages: progress, ready, failed.

A large update (``BATCHED_FROM`` files or more) runs in a process of its own
(:mod:`index.search.build`), so that indexing never holds the UI's interpreter: the thread
only reads its lines. That process commits in batches; after each, ``IndexReady`` comes with
``partial`` set ("partial: 400 of 1,000 indexed"), and searches answer from what is
committed. It dies with the app. If it fails, the thread indexes by itself as before.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from index.corpus.articles import Corpus, UnlistedArticle, load_corpus

if TYPE_CHECKING:
    from textual.dom import DOMNode
    from textual.worker import Worker

    from index.search.store import BuildProgress, UpdateReport
    from tui.briefing import Briefing
    from tui.config import Config


_BUILDS: set[subprocess.Popen] = set()  # build processes running for this app, not stopped


class BuildStopped(Exception):
    """The app is closing: its build process was stopped, nothing is to be indexed here."""


def stop_builds() -> None:
    """End the build processes the app started (it is closing). Their threads wait for
    their lines: without this, quitting during a build waited for the whole build, minutes
    at 10,000 articles. A build stopped between two batches keeps what it committed."""
    while _BUILDS:
        child = _BUILDS.pop()
        with contextlib.suppress(OSError):
            child.kill()


class IndexProgress(Message):
    def __init__(self, done: int, total: int, name: str) -> None:
        super().__init__()
        self.done, self.total, self.name = done, total, name


class IndexReady(Message):
    """The index answers; ``partial`` is set while a build is still committing batches (a
    last ``IndexReady`` without it follows)."""

    def __init__(
        self,
        briefing: Briefing,
        report: UpdateReport,
        corpus: Corpus | None,
        partial: BuildProgress | None = None,
    ) -> None:
        super().__init__()
        self.briefing, self.report, self.corpus = briefing, report, corpus
        self.partial = partial


class IndexFailed(Message):
    """The index cannot be opened; ``corpus``: the folder as it is now, when it differs from
    the articles shown (the first frame shows the folder's listing)."""

    def __init__(self, reason: str, corpus: Corpus | None = None) -> None:
        super().__init__()
        self.reason, self.corpus = reason, corpus


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
        from index.search.build import throttled
        from index.search.store import BATCHED_FROM
        from tui.briefing import Briefing

        briefing = Briefing.open(config, root)
        progress = throttled(lambda done, total, name: post(IndexProgress(done, total, name)))

        report = None
        if briefing.index.pending() >= BATCHED_FROM and not briefing.index.in_memory:
            try:
                report = build_in_process(post, briefing, progress)
            except BuildStopped:
                return
        if report is None:
            report = briefing.index.update(progress=progress)
        indexed = {
            path: state.get("digest")
            for path, state in briefing.index.file_states().items()
            if not state.get("skipped")
        }
        corpus = None
        if changed_since(indexed, shown):  # show what is indexed
            # the listing gives unchanged files unread
            corpus = load_corpus(root, config.max_bytes, cache_dir=config.cache_dir)
        post(IndexReady(briefing, report, corpus, report.partial))  # partial: another build runs
    except Exception as error:  # the reader still shows the articles without search
        post(IndexFailed(f"{type(error).__name__}: {error}", folder_now(config, root, shown)))
        return
    with contextlib.suppress(Exception):  # a failed merge commits nothing: the index stands
        if not briefing.index.in_memory and briefing.index.untidy():
            tidy_in_process(briefing)  # the merges a small update left, once it is shown


def folder_now(config: Config, root: Path, shown: Corpus) -> Corpus | None:
    """The folder read as it is now (unchanged files from its listing), if its files or
    their bytes differ from those ``shown``; None when they do not, or it cannot be read.
    A never-seen folder (articles not read yet) was looked at for its first frame: None."""
    if any(isinstance(article, UnlistedArticle) for article in shown.articles):
        return None
    try:
        now = load_corpus(root, config.max_bytes, cache_dir=config.cache_dir)
    except Exception:  # the folder itself is gone: what is shown stays
        return None
    return now if changed_since({a.path: a.digest for a in now.articles}, shown) else None


def changed_since(indexed: dict[str, str | None], shown: Corpus) -> bool:
    """Whether the files indexed (path -> digest) differ from those on screen: other paths,
    or another digest for an article read. An article not read yet is not read for this (it
    is read as it is now when a pane draws it): on 10,000, that would read them all here."""
    if len(indexed) != len(shown.articles):
        return True
    for article in shown.articles:
        if article.path not in indexed:
            return True
        if isinstance(article, UnlistedArticle) and not article.known:
            continue
        if indexed[article.path] != article.digest:
            return True
    return False


def _build_command(briefing: Briefing, *extra: str) -> list[str]:
    """The command of a build process for the briefing's index, dying with the app."""
    config = briefing.config
    return [
        *(sys.executable, "-m", "index.search.build", str(briefing.index.root)),
        *("--index-dir", str(briefing.index.path), "--max-bytes", str(config.max_bytes)),
        *("--outlets", json.dumps(config.outlets), "--parent", str(os.getpid()), *extra),
    ]


def tidy_in_process(briefing: Briefing) -> subprocess.Popen:
    """Start a process that merges what a small update left, at a lower priority; not
    waited for (it dies with the app, and a merge stopped halfway commits nothing)."""
    return subprocess.Popen(
        _build_command(briefing, "--tidy"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def build_in_process(
    post: Callable[[Message], object],
    briefing: Briefing,
    progress: Callable[[int, int, str], None],
) -> UpdateReport | None:
    """Update the index in a child process, passing on its progress and commits; the
    report, or None if the child failed or could only build in memory (the caller then
    indexes in this process)."""
    from index.search.store import BuildProgress, UpdateReport

    child = subprocess.Popen(
        _build_command(briefing),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    _BUILDS.add(child)
    report = UpdateReport()
    try:
        assert child.stdout is not None
        for line in child.stdout:
            try:
                event, value = next(iter(json.loads(line).items()))
            except (ValueError, StopIteration, AttributeError):
                continue
            if event == "progress":
                progress(*value)
            elif event == "committed" and value[0] < value[1]:
                post(IndexReady(briefing, report, None, BuildProgress(*value)))
            elif event == "done":
                if value.get("in_memory"):
                    return None  # an index the app cannot read: index here instead
                report.warnings = value.get("warnings", [])
                report.rebuilt_because = value.get("rebuilt_because")
                return report
        if child not in _BUILDS:  # stop_builds() took it
            raise BuildStopped
        return None
    finally:
        _BUILDS.discard(child)
        if child.poll() is None:
            child.kill()
        child.wait()
