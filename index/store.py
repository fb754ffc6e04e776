"""The on-disk Whoosh index of a corpus: where it lives, building it, keeping it current.

Each corpus gets its own folder in the cache. Files are compared by size and modification
time, then by content hash, so only added, changed or removed articles are re-indexed.
Whoosh's file lock serialises writers across processes; readers never wait.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.query import And, Term

from index.analysis import SCHEMA_VERSION, make_schema
from index.corpus import (
    DEFAULT_MAX_BYTES,
    Article,
    SkippedFile,
    article_files,
    corpus_root,
    read_article,
    read_sidecar,
    relative_name,
)

Progress = Callable[[int, int, str], None]  # done, total, file name
WRITER_TIMEOUT = 30.0  # seconds to wait for another process's writer to finish
WRITER_OPTIONS = {"limitmb": 256, "procs": 1, "multisegment": False}


@dataclass(frozen=True)
class ArticleInfo:
    """What the index keeps of an article: enough to list it without reading the file."""

    path: str
    source: str | None
    title: str
    date: str | None
    passages: int

    @property
    def label(self) -> str:
        return self.source or Path(self.path).stem

    @classmethod
    def from_state(cls, path: str, state: dict) -> ArticleInfo:
        return cls(
            path,
            state.get("source"),
            state.get("title") or path,
            state.get("date"),
            state.get("passages", 0),
        )


@dataclass
class UpdateReport:
    """What an update did, for the CLI and the app's status line."""

    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rebuilt_because: str | None = None
    seconds: float = 0.0

    @property
    def touched(self) -> int:
        return len(self.added) + len(self.changed) + len(self.removed)


def default_cache_dir() -> Path:
    """``$BRIEFING_TUI_CACHE``, else the platform's user cache folder."""
    override = os.environ.get("BRIEFING_TUI_CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefing-tui", appauthor=False))


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
        self.in_memory = False

    # -- opening ---------------------------------------------------------------------------

    def open(self) -> whoosh_index.Index:
        """The Whoosh index, created empty if there is none or it cannot be read."""
        if self._index is None:
            self._index, _reason = self._open_or_create()
        return self._index

    def _open_or_create(self) -> tuple[whoosh_index.Index, str | None]:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            storage = FileStorage(str(self.path))
        except OSError as error:
            return self._in_memory(f"cannot create {self.path}: {error.strerror}")
        if storage.index_exists():
            try:
                index = storage.open_index(schema=self.schema)
                with index.searcher() as searcher:  # read once to prove the files are sound
                    searcher.doc_count_all()
                return index, None
            except Exception as error:  # a damaged index: start again from the files
                reason = f"index unreadable ({type(error).__name__}); rebuilt"
                shutil.rmtree(self.path, ignore_errors=True)
                try:
                    self.path.mkdir(parents=True, exist_ok=True)
                except OSError as mkdir_error:
                    return self._in_memory(f"cannot recreate {self.path}: {mkdir_error}")
                storage = FileStorage(str(self.path))
                return storage.create_index(self.schema), reason
        try:
            return storage.create_index(self.schema), None
        except OSError as error:
            return self._in_memory(f"cannot write {self.path}: {error.strerror}")

    def _in_memory(self, reason: str) -> tuple[whoosh_index.Index, str]:
        self.in_memory = True
        return RamStorage().create_index(self.schema), f"{reason}; using an in-memory index"

    # -- updating ---------------------------------------------------------------------------

    def update(self, progress: Progress | None = None, rebuild: bool = False) -> UpdateReport:
        """Bring the index in line with the folder: index new and changed files only."""
        started = time.perf_counter()
        report = UpdateReport()
        if rebuild:
            self._index = None
            shutil.rmtree(self.path, ignore_errors=True)
            report.rebuilt_because = "asked for"
        if self._index is None:
            self._index, reason = self._open_or_create()
            report.rebuilt_because = report.rebuilt_because or reason
        if report.rebuilt_because and self.in_memory:
            report.warnings.append(report.rebuilt_because)
        known = self.file_states()
        sidecar = read_sidecar(self.root, report.warnings.append)
        sidecar_digest = _sidecar_digest(self.root)
        to_index: list[tuple[Path, str, os.stat_result]] = []
        present: set[str] = set()
        for file in article_files(self.root, report.warnings.append):
            name = relative_name(self.root, file)
            try:
                stat = file.stat()
            except OSError:
                continue
            present.add(name)
            state = known.get(name)
            if state is None or (
                state.get("size"),
                state.get("mtime_ns"),
                state.get("sidecar"),
            ) != (stat.st_size, stat.st_mtime_ns, sidecar_digest):
                to_index.append((file, name, stat))
        removed = sorted(set(known) - present)
        if not to_index and not removed:
            report.seconds = time.perf_counter() - started
            return report
        writer = self._index.writer(timeout=WRITER_TIMEOUT, **WRITER_OPTIONS)
        try:
            for name in removed:
                writer.delete_by_term("path", name)
            report.removed = removed
            total = len(to_index)
            for done, (file, name, stat) in enumerate(to_index, start=1):
                if progress:
                    progress(done, total, name)
                info = sidecar.get(name) or sidecar.get(file.name)
                try:
                    article = read_article(self.root, file, info, self.max_bytes)
                except SkippedFile as skipped:
                    report.warnings.append(f"skipped {name}: {skipped}")
                    article = None
                before = known.get(name)
                if (
                    article
                    and before
                    and before.get("digest") == article.digest
                    and (before.get("sidecar") == sidecar_digest)
                ):  # touched but the same bytes: only the recorded state changes
                    writer.delete_by_query(And([Term("path", name), Term("kind", "article")]))
                    self._add_article_state(writer, article, stat, sidecar_digest)
                    continue
                if before:
                    writer.delete_by_term("path", name)
                if article:
                    self._add_article(writer, article, stat, sidecar_digest)
                    was_indexed = before and not before.get("skipped")
                    (report.changed if was_indexed else report.added).append(name)
                else:
                    self._add_skipped_state(writer, name, stat, sidecar_digest)
                    if before and not before.get("skipped"):
                        report.removed.append(name)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        report.seconds = time.perf_counter() - started
        return report

    def _add_article(self, writer, article: Article, stat: os.stat_result, sidecar: str) -> None:
        for passage in article.passages:
            writer.add_document(
                kind="passage",
                path=article.path,
                passage=passage.number,
                body=passage.text,
                exact=passage.text,
            )
        self._add_article_state(writer, article, stat, sidecar)

    @staticmethod
    def _add_article_state(writer, article: Article, stat: os.stat_result, sidecar: str) -> None:
        writer.add_document(
            kind="article",
            path=article.path,
            state={
                "digest": article.digest,
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
                "sidecar": sidecar,
                "source": article.source,
                "title": article.title,
                "date": article.date,
                "passages": len(article.passages),
            },
        )

    @staticmethod
    def _add_skipped_state(writer, name: str, stat: os.stat_result, sidecar: str) -> None:
        """Remember a skipped file so that it is not read again until it changes."""
        writer.add_document(
            kind="article",
            path=name,
            state={
                "digest": None,
                "size": stat.st_size,
                "mtime_ns": stat.st_mtime_ns,
                "sidecar": sidecar,
                "skipped": True,
            },
        )

    # -- reading ---------------------------------------------------------------------------

    def file_states(self, searcher=None) -> dict[str, dict]:
        """Path -> the state recorded when the file was last indexed (cached per commit)."""
        if searcher is None:
            with self.open().searcher() as own:
                return self.file_states(own)
        generation = searcher.reader().generation()
        if self._states[0] != generation or generation == -1:
            states = {fields["path"]: fields["state"] for fields in _stored(searcher, "article")}
            self._states = (generation, states)
        return self._states[1]

    def articles(self, searcher=None) -> list[ArticleInfo]:
        """Every indexed article, in path order."""
        return [
            ArticleInfo.from_state(path, state)
            for path, state in sorted(self.file_states(searcher).items())
            if not state.get("skipped")
        ]

    def searcher(self):
        return self.open().searcher()


def _stored(searcher, kind: str) -> Iterator[dict]:
    for docnum in searcher.document_numbers(kind=kind):
        yield searcher.stored_fields(docnum)


def _sidecar_digest(root: Path) -> str:
    """Changing ``sources.yaml`` re-reads the metadata of every article."""
    for name in ("sources.yaml", "sources.yml"):
        try:
            return hashlib.blake2b((root / name).read_bytes(), digest_size=8).hexdigest()
        except OSError:
            continue
    return ""
