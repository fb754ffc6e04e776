"""The on-disk Whoosh index of a corpus: where it lives, building it, keeping it current.

Each corpus gets its own folder in the cache. Files are compared by size and modification
time, then by content hash, so only added, changed or removed articles are re-indexed.
Whoosh's file lock serialises writers across processes; readers never wait.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import LockError
from whoosh.query import Term
from whoosh.reading import TermNotFound

from index.cache_dir import default_cache_dir
from index.corpus.articles import (
    DEFAULT_MAX_BYTES,
    Article,
    SkippedFile,
    article_entries,
    article_label,
    corpus_root,
    read_article,
    read_sidecar,
    relative_name,
    sidecar_digest_of,
)
from index.corpus.passages import packed_spans
from index.corpus.textclean import one_line
from index.search import progress as build_progress
from index.search.analysis import SCHEMA_VERSION, make_schema
from index.search.bulk import BulkSegmentWriter
from index.search.checksums import damaged
from index.search.checksums import record as record_checksums
from index.search.codec import InliningCodec
from index.search.merging import merge, piled, smallest, tiers
from index.search.rebuild import RebuildBusy, RebuildLock, building_dir, leftovers, swap_in
from index.search.segment_states import read_records, write_records

Progress = Callable[[int, int, str], None]  # done, total, file name
Committed = Callable[["BuildProgress"], None]  # after each batch's commit
SegmentStates = dict[str, dict[int, tuple[str, dict]]]  # segment id -> docnum -> path, state
Listing = list[tuple[str, str, os.stat_result]]  # a folder's files: path, name, stat
WRITER_TIMEOUT = 30.0  # seconds to wait for another process's writer to finish
SMALL_UPDATE_FILES = 10
"""An update of at most this many files leaves its merges to :meth:`CorpusIndex.tidy`."""
SMALL_MERGE_DOCS = 300
"""After a small update, only segments of at most this many documents are merged (~30
articles): opening a large folder after one file changed never waits for a large merge."""
MERGE_DOCS = 1_000
"""After a batch of a larger update, segments of at most this many documents are merged
(~100 articles: a build's first batches); larger ones cost more to merge than they save."""
FIRST_BATCH = 20
"""A large build commits its first this many files at once, so that a search answers from
them within seconds; each batch after it is twice the last, up to ``MAX_BATCH``."""
MAX_BATCH = 1_000
BATCHED_FROM = 200  # an update of fewer files is one commit
LISTING_KEPT_SECONDS = 5.0
"""An :meth:`CorpusIndex.update` this soon after :meth:`CorpusIndex.pending` uses the folder
listing ``pending()`` made (once) instead of listing the folder again."""


@dataclass(frozen=True)
class ArticleInfo:
    """What the index keeps of an article: enough to list it without reading the file."""

    path: str
    source: str | None
    title: str | None  # None: the text has no headline
    date: str | None
    passages: int
    author: str | None = None
    url: str | None = None
    encoding: str | None = None
    origins: tuple[tuple[str, str], ...] = ()  # (field, where it was read)
    opening: str | None = None  # the first words, shown (dimmed) when there is no title

    @property
    def label(self) -> str:
        return article_label(self.source, self.path)

    @property
    def heading(self) -> str:
        """The title, else the article's opening words."""
        return self.title or self.opening or one_line(self.path)

    @classmethod
    def from_state(cls, path: str, state: dict) -> ArticleInfo:
        return cls(
            path,
            state.get("source"),
            state.get("title"),
            state.get("date"),
            state.get("passages", 0),
            state.get("author"),
            state.get("url"),
            state.get("encoding"),
            tuple(sorted((state.get("origins") or {}).items())),
            state.get("opening"),
        )

    def to_json(self) -> dict:
        """The article's fields in the command line's ``--json`` output."""
        return {
            "path": self.path,
            "source": self.source,
            "title": self.title,
            "date": self.date,
            "author": self.author,
            "url": self.url,
            "encoding": self.encoding,
            "origins": dict(self.origins),
        }


@dataclass(frozen=True)
class BuildProgress:
    """How far a build has committed: ``indexed`` of the folder's ``total`` files."""

    indexed: int
    total: int

    def __str__(self) -> str:
        return f"partial: {self.indexed:,} of {self.total:,} indexed"

    def to_json(self) -> dict:
        return {"indexed": self.indexed, "total": self.total}


@dataclass
class UpdateReport:
    """What an update did, for the CLI and the app's status line."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rebuilt_because: str | None = None
    seconds: float = 0.0
    partial: BuildProgress | None = None
    """Set when another process was still building the index: the update waited for nothing,
    and what the index holds is that build's progress."""

    @property
    def touched(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def index_dir_for(root: Path, cache_dir: Path) -> Path:
    """The index folder of one corpus: its name and a hash of its full path."""
    digest = hashlib.sha1(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cache_dir / "indexes" / f"{root.name or 'root'}-{digest}" / f"v{SCHEMA_VERSION}"


class CorpusIndex:
    """A corpus folder and its Whoosh index, kept in step by :meth:`update`."""

    def __init__(
        self,
        corpus: str | os.PathLike[str],
        cache_dir: str | os.PathLike[str] | None = None,
        *,
        index_dir: str | os.PathLike[str] | None = None,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ):
        self.root = corpus_root(corpus)
        cache = Path(cache_dir) if cache_dir else default_cache_dir()
        self.path = Path(index_dir) if index_dir else index_dir_for(self.root, cache)
        self.max_bytes = max_bytes
        self.schema = make_schema()
        self._index = None
        self._states: tuple[int, dict[str, dict]] = (-2, {})
        self._segment_states: SegmentStates = {}
        self._articles: tuple[int, list[ArticleInfo]] = (-2, [])
        self._shared: tuple[object, object] | None = None  # (index, searcher) kept open
        self.lock = threading.RLock()  # held while the shared searcher is in use
        self.in_memory = False
        self._identity: tuple[int, int] | None = None  # of the folder the index was read from
        self._listing: tuple[float, Listing, str, list[str]] | None = None  # from pending()
        self._planned: tuple[dict, Listing, str, tuple[Listing, list[str]]] | None = None

    # -- opening ---------------------------------------------------------------------------

    def open(self) -> whoosh_index.Index:
        """The Whoosh index, created empty if there is none or it cannot be read."""
        if self._replaced():
            self._forget()
        if self._index is None:
            self._index, _reason = self._open_or_create()
            self._identity = _folder_identity(self.path)
        return self._index

    def _replaced(self) -> bool:
        """Whether another process swapped a rebuilt index in since this one was read."""
        return (
            self._index is not None
            and not self.in_memory
            and _folder_identity(self.path) != self._identity
        )

    def _forget(self) -> None:
        """Drop everything read from the index folder: it was replaced."""
        if self._shared is not None:
            self._shared[1].close()
        self._index, self._shared = None, None
        self._states, self._articles = (-2, {}), (-2, [])
        self._segment_states = {}

    def _open_or_create(self, full_check: bool = False) -> tuple[whoosh_index.Index, str | None]:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            storage = _storage(self.path)
        except OSError as error:
            return self._in_memory(f"cannot create {self.path}: {error.strerror}")
        try:
            exists = storage.index_exists()
        except Exception:  # index_exists() opens the table of contents, which may be garbage
            exists = True
        if exists:
            try:
                index = storage.open_index(schema=self.schema)
                with index.searcher() as searcher:  # read once to prove the files are sound
                    searcher.doc_count_all()
                changed = damaged(self.path, full=full_check)
                if changed:
                    raise _Damaged(f"index damaged ({changed} changed on disk); rebuilt")
                return index, None
            except Exception as error:  # a damaged index: start again from the files
                changed = None if isinstance(error, _Damaged) else damaged(self.path, full_check)
                if changed:  # unreadable because a file changed on disk: say which
                    error = _Damaged(f"index damaged ({changed} changed on disk); rebuilt")
                reason = (
                    str(error)
                    if isinstance(error, _Damaged)
                    else f"index unreadable ({type(error).__name__}); rebuilt"
                )
                shutil.rmtree(self.path, ignore_errors=True)
                try:
                    self.path.mkdir(parents=True, exist_ok=True)
                except OSError as mkdir_error:
                    return self._in_memory(f"cannot recreate {self.path}: {mkdir_error}")
                storage = _storage(self.path)
                return self._create_once(storage), reason
        try:
            return self._create_once(storage), None
        except OSError as error:
            return self._in_memory(f"cannot write {self.path}: {error.strerror}")

    def _create_once(self, storage: FileStorage) -> whoosh_index.Index:
        """A new empty index, unless another process made one while this one waited for the
        writer's lock (two creating at once: the second would fail on the first's files)."""
        lock = storage.lock("MAIN_WRITELOCK")  # the lock Whoosh's writers take
        lock.acquire(blocking=True)
        try:
            try:
                made_meanwhile = storage.index_exists()
            except Exception:  # a table of contents half-written by a crashed process
                made_meanwhile = False
            if made_meanwhile:
                return storage.open_index(schema=self.schema)
            return storage.create_index(self.schema)
        finally:
            lock.release()

    def _in_memory(self, reason: str) -> tuple[whoosh_index.Index, str]:
        self.in_memory = True
        self._states = (-2, {})  # they described the index on disk
        return RamStorage().create_index(self.schema), f"{reason}; using an in-memory index"

    # -- updating ---------------------------------------------------------------------------

    def update(
        self,
        progress: Progress | None = None,
        rebuild: bool = False,
        verify: bool = False,
        committed: Committed | None = None,
    ) -> UpdateReport:
        """Bring the index in line with the folder: index new and changed files only.

        With ``verify``, every file of the index is read to check it
        (:mod:`index.search.checksums`); otherwise only those whose size or time changed.
        A large update commits in batches, calling ``committed`` after each: a search
        meanwhile answers from what is committed. While another process builds the index,
        the update waits for nothing: the report's ``partial`` says how far that build is.

        The plan is made twice: once without the lock (usually nothing to do) and again under
        the writer's lock, so that two processes updating at once never index a file twice.
        """
        started = time.perf_counter()
        if rebuild and not self.in_memory:
            return self._rebuild(progress, started)
        report = UpdateReport()
        if self._replaced() or (verify and not self.in_memory):
            self._forget()
        self._clear_leftovers()
        if rebuild:
            self._index = None
            self._states = (-2, {})
            shutil.rmtree(self.path, ignore_errors=True)
            report.rebuilt_because = "asked for"
        if self._index is None:
            self._index, reason = self._open_or_create(full_check=verify)
            self._identity = _folder_identity(self.path)
            report.rebuilt_because = report.rebuilt_because or reason
        if report.rebuilt_because and self.in_memory:
            report.warnings.append(report.rebuilt_because)
        files, sidecar_digest = self._listed(report)
        planned, gone = self._plan(self._latest_states(), files, sidecar_digest)
        report.partial = None if (planned, gone) == ([], []) else self.building()
        if (planned, gone) == ([], []) or report.partial is not None:
            self._planned = None
            report.seconds = time.perf_counter() - started
            return report
        try:
            self._apply(files, sidecar_digest, report, progress, len(planned), committed)
        except LockError:
            report.warnings.append(
                f"another briefing-tui is still indexing this folder after {WRITER_TIMEOUT:.0f}s;"
                " showing the index as it was"
            )
        except OSError as error:  # disk full, read-only folder: keep going in memory
            if self.in_memory:
                raise
            self._index, reason = self._in_memory(
                f"cannot write the index in {self.path} ({error.strerror or error})"
            )
            memory_report = self.update(progress)
            memory_report.warnings.insert(0, reason)
            return memory_report
        report.seconds = time.perf_counter() - started
        return report

    def pending(self) -> int:
        """How many files an :meth:`update` would index or remove now (nothing is written).
        An update right after it uses the same listing of the folder."""
        self.open()
        warnings: list[str] = []
        files, sidecar_digest = self._scan(warnings.append), sidecar_digest_of(self.root)
        self._listing = (time.monotonic(), files, sidecar_digest, warnings)
        planned, gone = self._plan(self._latest_states(), files, sidecar_digest)
        return len(planned) + len(gone)

    def _plan(self, known: dict[str, dict], files: Listing, sidecar_digest: str):
        """:func:`_plan`, made once for the same states and listing (the same objects):
        ``pending()``, then ``update()`` and its first batch plan the folder against the
        states alike. ~15 ms each at 10,000 files, of an update of one file in ~0.2 s."""
        kept = self._planned
        if kept and kept[0] is known and kept[1] is files and kept[2] == sidecar_digest:
            return kept[3]
        plan = _plan(known, files, sidecar_digest, self.max_bytes)
        self._planned = (known, files, sidecar_digest, plan)
        return plan

    def _listed(self, report: UpdateReport) -> tuple[Listing, str]:
        """The folder's files and sidecar digest: those :meth:`pending` just listed (once),
        else listed now."""
        kept, self._listing = self._listing, None
        if kept is not None and time.monotonic() - kept[0] <= LISTING_KEPT_SECONDS:
            report.warnings.extend(kept[3])
            return kept[1], kept[2]
        return self._scan(report.warnings.append), sidecar_digest_of(self.root)

    def building(self) -> BuildProgress | None:
        """The progress of a build of this index running in another process, if any."""
        found = None if self.in_memory else build_progress.read(self.path)
        return BuildProgress(*found) if found else None

    def _rebuild(self, progress: Progress | None, started: float) -> UpdateReport:
        """Build a new index beside this one and swap it in only when complete, so that a
        rebuild stopped at any moment leaves the old index answering (:mod:`index.search.rebuild`).

        Raises :class:`RebuildBusy` when another process is rebuilding it."""
        lock = RebuildLock(self.path)
        try:
            if not lock.acquire():
                raise RebuildBusy(
                    f"another briefing-tui is already rebuilding the index of {self.root};"
                    " the index stays as it was until it is done"
                )
        except OSError:  # no lock file in an unwritable cache: the build goes to memory
            pass
        try:
            for stale in leftovers(self.path):  # rebuilds killed before they were done
                shutil.rmtree(stale, ignore_errors=True)
            fresh = building_dir(self.path)
            builder = CorpusIndex(self.root, index_dir=fresh, max_bytes=self.max_bytes)
            try:
                report = builder.update(progress)
                if not builder.in_memory:
                    swap_in(fresh, self.path)
            except OSError as error:
                report = UpdateReport(warnings=[f"cannot replace the index: {error}"])
                return report
            finally:
                shutil.rmtree(fresh, ignore_errors=True)  # nothing there after a swap
        finally:
            lock.release()
        self._forget()
        if builder.in_memory:
            self._index, self.in_memory = builder._index, True
        self._states, self._segment_states = builder._states, builder._segment_states
        self._identity = _folder_identity(self.path)
        report.rebuilt_because = "asked for"
        report.seconds = time.perf_counter() - started
        return report

    def _clear_leftovers(self) -> None:
        """Remove the folders of rebuilds killed before they were done, when none runs."""
        stale = leftovers(self.path)
        if not stale:
            return
        lock = RebuildLock(self.path)
        try:
            if not lock.acquire():
                return
        except OSError:
            return
        try:
            for folder in stale:
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            lock.release()

    def _apply(
        self, files, sidecar_digest: str, report: UpdateReport, progress, planned: int, committed
    ) -> None:
        """Write the changes in batches (:func:`batch_sizes` of the ``planned`` files), each
        committed under Whoosh's lock; nothing of a batch is committed if anything in it
        fails."""
        sizes = batch_sizes(planned)
        done = 0
        try:
            while True:
                size = next(sizes)
                left = self._apply_batch(
                    files, sidecar_digest, report, progress, size, done, planned
                )
                done += size
                if left and not self.in_memory:  # the last batch clears the note instead
                    build_progress.write(self.path, len(files) - left, len(files))
                if committed is not None:
                    committed(BuildProgress(len(files) - left, len(files)))
                if not left and not self.in_memory:
                    build_progress.clear(self.path)  # all committed: no longer partial
                if report.touched <= SMALL_UPDATE_FILES:  # merged by tidy(), unless piled up
                    self._merge_while(partial(piled, up_to=SMALL_MERGE_DOCS))
                else:
                    self._merge_while(partial(tiers, up_to=MERGE_DOCS))
                if not left:
                    if done > size:  # a build in batches: its smaller segments, once
                        self._merge_while(smallest, once=True)
                    return
        finally:
            self._planned = None  # the listing it holds is done with
            if not self.in_memory:
                build_progress.clear(self.path)

    def _apply_batch(
        self,
        files,
        sidecar_digest: str,
        report: UpdateReport,
        progress,
        size: int,
        done: int,
        planned: int,
    ) -> int:
        """Index the next ``size`` files to index (and delete the gone ones) in one commit;
        return how many files are left to index."""
        # the postings kept by term and written in bulk (bulk.py), in this process: a batch
        # of at most MAX_BATCH files bounds their memory
        writer = BulkSegmentWriter(self._index, timeout=WRITER_TIMEOUT, codec=InliningCodec())
        deletions = _Deletions(writer)
        try:
            if self._states[0] == writer.generation - 1 and self._states[0] >= 0:
                known = self._states[1]  # nothing was committed since we read the states
            else:  # the latest commit, read under the writer's lock
                folder = None if self.in_memory else self.path
                known = _read_states(deletions.searcher(), self._segment_states, folder)
            to_index, removed = self._plan(known, files, sidecar_digest)
            batch, left = to_index[:size], len(to_index) - min(size, len(to_index))
            sidecar = read_sidecar(self.root, report.warnings.append)
            states = dict(known)
            for name in removed:
                deletions.delete(Term("path", name))
                states.pop(name, None)
            report.removed += [name for name in removed if not known[name].get("skipped")]
            for number, (path, name, stat) in enumerate(batch, start=done + 1):
                if progress:
                    progress(number, max(planned, number), name)
                file = Path(path)
                info = sidecar.get(name) or sidecar.get(file.name)
                before = known.get(name)
                states[name] = self._reindex(
                    writer, deletions, file, name, stat, before, info, sidecar_digest, report
                )
        except BaseException:
            writer.cancel()
            raise
        finally:
            deletions.close()
        try:
            writer.commit(merge=False)  # merged after, by _merge_while
        except BaseException:
            writer.cancel()
            raise
        if not self.in_memory:
            record_checksums(self.path, self._index)
        self._states = (writer.generation, states)  # what we wrote: no need to read it back
        return left

    def tidy(self) -> None:
        """Merge the small segments that small updates left (tiers of segments of at most
        ``SMALL_MERGE_DOCS`` documents).

        An update of a few files commits them and leaves its merges here, so that whoever
        waits for the change to show (the app opening a folder) never waits for a merge too:
        merging four small segments costs ~0.4 s at 10,000 articles, more than the update
        (issue 16's "one changed file at 10k"). Call it after the change is shown (the app runs
        it in a process of its own, ``python -m index.search.build --tidy``, so that the
        merge never holds the UI's interpreter). Another process writing or building: merged
        another time."""
        self.open()
        if self.building() is None:
            self._merge_while(partial(tiers, up_to=SMALL_MERGE_DOCS), timeout=0.0)

    def untidy(self) -> bool:
        """Whether :meth:`tidy` has segments to merge now (nothing is written)."""
        self.open()
        return bool(tiers(self._index._segments(), up_to=SMALL_MERGE_DOCS))

    def _merge_while(
        self, pick: Callable[[list], list], once: bool = False, timeout: float = WRITER_TIMEOUT
    ) -> None:
        """Merge the segments ``pick`` picks, each merge a commit of its own, until it picks
        none (``once``: one merge at most). Another process writing for longer than
        ``timeout`` seconds: merged later."""
        while pick(self._index._segments()):
            try:
                writer = self._index.writer(timeout=timeout, codec=InliningCodec())
            except LockError:
                return
            chosen = pick(writer.segments)  # the segments as the lock found them
            if not chosen:
                writer.cancel()
                return
            try:
                merge(writer, chosen)
            except BaseException:
                writer.cancel()
                raise
            if not self.in_memory:
                record_checksums(self.path, self._index)
            if self._states[0] == writer.generation - 1:  # the states did not change
                self._states = (writer.generation, self._states[1])
            if once:
                return

    def _scan(self, warn: Callable[[str], object]) -> Listing:
        """The folder's article files, from directory entries (no ``Path`` for each: at
        10,000 files they cost more than the listing)."""
        files = []
        for entry in article_entries(self.root, warn):
            try:
                files.append((entry.path, relative_name(self.root, entry.path), entry.stat()))
            except OSError:
                continue
        return files

    def _reindex(
        self,
        writer,
        deletions: _Deletions,
        file: Path,
        name: str,
        stat: os.stat_result,
        before: dict | None,
        info,
        sidecar_digest: str,
        report: UpdateReport,
    ) -> dict:
        """Replace what the index holds for one file with its current content; return the
        state recorded for it."""
        reason = ""
        try:
            article = read_article(self.root, file, info, self.max_bytes)
        except SkippedFile as skipped:
            reason = str(skipped)
            report.warnings.append(f"skipped {name}: {reason}")
            article = None
        for problem in article.problems if article else ():
            report.warnings.append(f"{name}: {problem}")
        if (
            article
            and before
            and (before.get("digest"), before.get("sidecar")) == (article.digest, sidecar_digest)
        ):  # touched but the same bytes: only the recorded state changes
            deletions.delete_record(name)
            return self._add_article_state(writer, article, stat, sidecar_digest)
        if before:
            deletions.delete(Term("path", name))
        was_indexed = bool(before) and not before.get("skipped")
        if article:
            (report.changed if was_indexed else report.added).append(name)
            return self._add_article(writer, article, stat, sidecar_digest)
        if was_indexed:
            report.removed.append(name)
        return self._add_skipped_state(writer, name, stat, sidecar_digest, reason, self.max_bytes)

    def _add_article(self, writer, article: Article, stat: os.stat_result, sidecar: str) -> dict:
        for passage in article.passages:
            if passage.boilerplate:  # shown dimmed, never searched or compared
                continue
            writer.add_document(
                kind="passage",
                path=article.path,
                passage=passage.number,
                body=passage.text,
                exact=passage.text,
            )
        return self._add_article_state(writer, article, stat, sidecar)

    @staticmethod
    def _add_article_state(writer, article: Article, stat: os.stat_result, sidecar: str) -> dict:
        state = {
            "digest": article.digest,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "sidecar": sidecar,
            "source": article.source,
            "title": article.title,
            "date": article.date,
            "passages": len(article.passages),
            "spans": packed_spans(article.passages),
            "author": article.author,
            "url": article.url,
            "encoding": article.encoding,
            "origins": article.origins,
            "opening": None if article.title else article.heading,
            "problems": list(article.problems),
        }
        writer.add_document(kind="article", path=article.path, state=state)
        return state

    @staticmethod
    def _add_skipped_state(
        writer, name: str, stat: os.stat_result, sidecar: str, reason: str, max_bytes: int
    ) -> dict:
        """Remember a skipped file, why, and the size limit then, so that it is not read again
        until it or the limit changes."""
        state = {
            "digest": None,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "sidecar": sidecar,
            "skipped": reason or True,
            "max_bytes": max_bytes,
        }
        writer.add_document(kind="article", path=name, state=state)
        return state

    # -- reading ---------------------------------------------------------------------------

    def _latest_states(self) -> dict[str, dict]:
        """The file states of the latest commit: those we hold if nobody committed since."""
        held, states = self._states
        latest = self._index.latest_generation()
        if latest is not None and held is not None and held >= 0 and held == latest:
            return states
        return self.file_states()

    def file_states(self, searcher=None) -> dict[str, dict]:
        """Path -> the state recorded when the file was last indexed (cached per commit)."""
        if searcher is None:
            with self.lock:
                return self.file_states(self.shared_searcher())
        generation = searcher.reader().generation()
        if self._states[0] != generation or generation == -1:
            folder = None if self.in_memory else self.path
            self._states = (generation, _read_states(searcher, self._segment_states, folder))
        return self._states[1]

    def articles(self, searcher=None) -> list[ArticleInfo]:
        """Every indexed article, in path order (cached per commit)."""
        states = self.file_states(searcher)
        if self._articles[0] != self._states[0] or self._states[0] == -1:
            infos = [
                ArticleInfo.from_state(path, state)
                for path, state in sorted(states.items())
                if not state.get("skipped")
            ]
            self._articles = (self._states[0], infos)
        return self._articles[1]

    def shared_searcher(self):
        """A searcher kept open across searches and refreshed when the index changed.

        Opening one costs ~50 ms on a large multi-segment index. Use it while holding
        :attr:`lock`: a Whoosh searcher is not meant for two threads at once.
        """
        index = self.open()
        if self._shared is None or self._shared[0] is not index:
            searcher = index.searcher()
        else:
            searcher = self._shared[1]
            if not searcher.up_to_date():
                # Not searcher.refresh(): it reuses segment readers with their old deletions,
                # so a changed file would still be found by its old text.
                searcher.close()
                searcher = index.searcher()
        self._shared = (index, searcher)
        return searcher

    def searcher(self):
        return self.open().searcher()


def _storage(path: Path) -> FileStorage:
    """The index folder's storage, read without mmap: with it, Whoosh copies each compound
    segment's term and posting files whole into memory (BytesIO of the map) and keeps the map
    resident, +700 MB for a searcher at 10,000 articles (issue 16's app memory)."""
    return FileStorage(str(path), supports_mmap=False)


class _Damaged(Exception):
    """An index file no longer matches its checksum; the message says which."""


class _Deletions:
    """Deletes documents by query, all found with one searcher on the commit the writer
    started from, opened on first use.

    Whoosh's own ``delete_by_term`` opens a searcher on every segment for each deletion
    (10-30 ms at 10,000 articles with the files cached, far more when they are not): an
    update of 500 files paid it 500 times.
    """

    def __init__(self, writer) -> None:
        self.writer = writer
        self._searcher = None
        self._records: set[int] | None = None  # the article records' documents

    def searcher(self):
        if self._searcher is None:
            self._searcher = self.writer.searcher()
        return self._searcher

    def delete(self, query) -> None:
        self.writer.delete_by_query(query, searcher=self.searcher())

    def delete_record(self, name: str) -> None:
        """Delete the article record (the recorded state) of ``name``, not its passages. A
        query for the path and the record kind intersected every record's posting for each
        file: a folder of 10,000 copied without its file times updated in 201 s, now 96 s."""
        searcher = self.searcher()
        if self._records is None:
            self._records = set(searcher.docs_for_query(Term("kind", "article")))
        for docnum in searcher.docs_for_query(Term("path", name)):
            if docnum in self._records:
                self.writer.delete_document(docnum)

    def close(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None


def _plan(
    known: dict[str, dict], files: Listing, sidecar_digest: str, max_bytes: int
) -> tuple[Listing, list[str]]:
    """Files to (re)index, by size, mtime and sidecar, and recorded paths now gone. A changed
    size limit (``index.max_file_mb``) reads again the files it skips or lets in."""
    to_index = []
    for file, name, stat in files:
        state = known.get(name)
        recorded = (
            None
            if state is None
            else (state.get("size"), state.get("mtime_ns"), state.get("sidecar"))
        )
        if state and state.get("skipped"):
            limit_changed = state.get("max_bytes") != max_bytes
        else:
            limit_changed = stat.st_size > max_bytes
        if limit_changed or recorded != (stat.st_size, stat.st_mtime_ns, sidecar_digest):
            to_index.append((file, name, stat))
    present = {name for _file, name, _stat in files}
    return to_index, sorted(set(known) - present)


def batch_sizes(files: int):
    """The sizes of the batches an update of ``files`` files commits: all at once when they
    are few, else ``FIRST_BATCH``, then twice the last up to ``MAX_BATCH`` (endless: the
    caller stops when nothing is left)."""
    size = files if files < BATCHED_FROM else FIRST_BATCH
    while True:
        yield max(size, 1)
        size = min(size * 2, MAX_BATCH)


def _folder_identity(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _read_states(
    searcher, cache: SegmentStates | None = None, folder: Path | None = None
) -> dict[str, dict]:
    """Path -> recorded state, from the article documents.

    With ``cache``, each segment's records are read only once: a committed segment never
    changes, it only loses deleted documents. A one-file update then reads one small segment
    instead of every article's record. With ``folder`` (the index's), a segment's records
    are kept in a file beside it for the next process (:mod:`index.search.segment_states`).
    """
    if cache is None:
        return {
            fields["path"]: fields["state"]
            for fields in map(searcher.stored_fields, searcher.document_numbers(kind="article"))
        }
    states: dict[str, dict] = {}
    live = set()
    for reader, _offset in searcher.reader().leaf_readers():
        segment = reader.segment()
        if segment is None:  # an empty index
            continue
        key = segment.segment_id()
        live.add(key)
        records = cache.get(key)
        if records is None and folder is not None:
            records = read_records(folder, key)
        if records is None:
            records = _segment_records(reader)
            if folder is not None:
                write_records(folder, key, records)
        cache[key] = records
        for docnum, (path, state) in records.items():
            if not reader.is_deleted(docnum):
                states[path] = state
    for key in list(cache):
        if key not in live:
            cache.pop(key, None)
    return states


def _segment_records(reader) -> dict[int, tuple[str, dict]]:
    """Docnum -> (path, state) of the live article documents of one segment."""
    try:
        docnums = list(reader.postings("kind", "article").all_ids())
    except TermNotFound:
        return {}
    records = {}
    for docnum in docnums:
        fields = reader.stored_fields(docnum)
        records[docnum] = (fields["path"], fields["state"])
    return records
