"""A briefing: a folder of ``.txt`` and ``.md`` articles, read into :class:`Article` objects."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from index.corpus.dates import parse_date
from index.corpus.file_bytes import SkippedFile, file_digest
from index.corpus.header_lines import header_lines
from index.corpus.listing import (
    Entry,
    listing_key,
    listing_path,
    read_listing,
    same_file,
    write_listing,
)
from index.corpus.outlets import extra_hosts_key, outlet_for_url
from index.corpus.passages import Passage, packed_spans, passages_from_spans, split_passages
from index.corpus.textclean import UndecodableError, decode, neutralise, one_line
from index.yaml_remembered import load_yaml_remembered
from index.yaml_safe import YamlError

if TYPE_CHECKING:
    from index.corpus.markdown_text import Link

ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
PAGE_SUFFIXES = (".html", ".htm")  # saved web pages: read by index.webpage
PAGE_PENDING = "Reading the article out of this saved page…"
MARKDOWN_SUFFIXES = (".md", ".markdown")  # shown as the text they render to
SIDECAR_NAMES = ("sources.yaml", "sources.yml")
DEFAULT_MAX_BYTES = 20 * 1024 * 1024

Warn = Callable[[str], None]


class CorpusError(Exception):
    """The corpus folder itself cannot be used (missing, not a folder, unreadable)."""


class SourceInfo(NamedTuple):
    """Metadata given for one file by the folder's sidecar (``sources.yaml``)."""

    source: str | None = None
    title: str | None = None
    date: str | None = None


class Article(NamedTuple):
    """One article: where it is, what the text says it is, and its passages."""

    path: str  # relative to the corpus folder, with forward slashes
    source: str | None
    title: str | None  # None: the text has no headline
    date: str | None  # YYYY-MM-DD
    text: str
    passages: list[Passage]
    digest: str  # content hash of the file's bytes
    encoding: str = "utf-8"
    author: str | None = None
    url: str | None = None
    origins: dict[str, str] = {}  # noqa: RUF012 (never mutated) field -> where it was read
    problems: tuple[str, ...] = ()  # read anyway, but worth a warning ("front matter ignored")
    links: tuple[Link, ...] = ()  # Markdown links: (start, end, url) in ``text``

    @property
    def label(self) -> str:
        return article_label(self.source, self.path)

    @property
    def heading(self) -> str:
        """The title, else the opening words of the article (shown dimmed as a label)."""
        return self.title or opening_words(self.passages, self.path)

    @property
    def passage_count(self) -> int:
        return len(self.passages)

    @property
    def loaded(self) -> bool:
        """An article read in full holds its text (see :class:`ListedArticle`)."""
        return True


LOADED_KEPT = 64
"""Listed articles whose text is held at once; the least recently read ones let it go."""


class ListedArticle:
    """An article listed from the cache (:mod:`index.corpus.listing`): its metadata at once,
    its file read the first time its text, passages or links are asked for.

    It answers as an :class:`Article` does. Only the last :data:`LOADED_KEPT` articles read
    hold their text, so a folder of 10,000 costs its metadata, not its text. A file that
    cannot be read any more is one dimmed passage saying why, and a warning."""

    __slots__ = ("_full", "_read", "entry", "path")

    def __init__(self, path: str, entry: Entry, read: Callable[[], Article]) -> None:
        self.path = path
        self.entry = entry
        self._read = read
        self._full: Article | None = None

    source = property(lambda self: self.entry.source)
    title = property(lambda self: self.entry.title)
    date = property(lambda self: self.entry.date)
    digest = property(lambda self: self.entry.digest)
    encoding = property(lambda self: self.entry.encoding)
    author = property(lambda self: self.entry.author)
    url = property(lambda self: self.entry.url)
    origins = property(lambda self: dict(self.entry.origins))
    problems = property(lambda self: self.entry.problems)

    @property
    def passage_count(self) -> int:
        """The passages listed, or counted once the text is read (the file may have changed)."""
        full = self._full
        return self.entry.passages if full is None else len(full.passages)

    @property
    def loaded(self) -> bool:
        """Whether the text is held now (asking for it does not read the file)."""
        return self._full is not None

    def read(self) -> Article:
        """The article as read from its file (read now if it is not held)."""
        full = self._full
        if full is None:
            full = self._full = self._read()
        _LOADED.touch(self)
        return full

    def release(self) -> None:
        self._full = None

    @property
    def text(self) -> str:
        return self.read().text

    @property
    def passages(self) -> list[Passage]:
        return self.read().passages

    @property
    def links(self) -> tuple[Link, ...]:
        return self.read().links

    @property
    def label(self) -> str:
        return article_label(self.source, self.path)

    @property
    def heading(self) -> str:
        return self.entry.heading or one_line(Path(self.path).name)


class _Loaded:
    """The listed articles holding their text, least recently read first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.held: dict[int, ListedArticle] = {}

    def touch(self, article: ListedArticle) -> None:
        self.held.pop(id(article), None)
        self.held[id(article)] = article
        while len(self.held) > self.size:
            oldest = next(iter(self.held))
            self.held.pop(oldest).release()


_LOADED = _Loaded(LOADED_KEPT)

_READING = threading.Lock()  # one reader of unlisted files at a time: the UI or the rest's


class UnlistedArticle(ListedArticle):
    """A file not in the listing, known at first by its name only (see ``eager_up_to`` in
    :func:`load_corpus`): read the first time anything else about it is asked (a pane draws
    it, or the reading of the rest reaches it, :func:`index.corpus.unlisted.read_unlisted`).

    Its entry then holds what was read, or why it is skipped (a file that cannot be read is
    one dimmed passage saying why, and its warning)."""

    __slots__ = ("_entry", "_known", "_load", "_note")

    def __init__(
        self, path: str, load: Callable[[], tuple[Article, Entry, list[str]]], note: Warn
    ) -> None:
        self.path = path
        self._entry = Entry(0, 0)
        self._known = False
        self._load = load
        self._note = note
        self._full = None
        self._read = self._take  # ListedArticle.read reads the file this way

    @property
    def known(self) -> bool:
        """Whether the file was read (its metadata is known)."""
        return self._known

    @property
    def entry(self) -> Entry:  # type: ignore[override]
        return self.learn()

    def learn(self) -> Entry:
        """The file's entry, read now (without keeping its text) if it is not known yet."""
        if not self._known:
            self._take()
        return self._entry

    def _take(self) -> Article:
        """Read the file; the first time, keep its entry and say its warnings."""
        with _READING:
            article, entry, warnings = self._load()
            if not self._known:
                self._entry = entry
                self._known = True
                for warning in warnings:
                    self._note(warning)
        return article


AnyArticle = Article | ListedArticle


def opening_words(passages: list[Passage], path: str, words: int = 10) -> str:
    """The first words of an article's first passage that is not boilerplate."""
    for passage in passages:
        if not passage.boilerplate:
            first = passage.text.split()
            return " ".join(first[:words]) + ("…" if len(first) > words else "")
    return one_line(Path(path).name)


def article_label(source: str | None, path: str) -> str:
    """A short name for an article: its outlet, or its file name when that is unknown."""
    return source or one_line(Path(path).stem)


@dataclass
class Corpus:
    """Every readable article of a folder, and a warning for each file that was not read."""

    root: Path
    articles: list[AnyArticle] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    listing: Listing | None = None  # with a cache: where its listing is kept, and what

    def article(self, path: str) -> AnyArticle | None:
        return next((article for article in self.articles if article.path == path), None)


class Listing(NamedTuple):
    """A corpus's listing: its file, its key and its entries (those of unlisted files added
    as they are read)."""

    path: Path
    key: str
    entries: dict[str, Entry]


def corpus_root(path: str | os.PathLike[str]) -> Path:
    """Check that ``path`` is a readable folder and return it resolved."""
    root = Path(path).expanduser()
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise CorpusError(f"corpus path is a file, not a folder: {root}")
    try:
        next(os.scandir(root), None)
    except OSError as error:
        raise CorpusError(f"cannot read corpus folder {root}: {error.strerror}") from None
    return root.resolve()


def article_files(root: Path, warn: Warn | None = None) -> Iterator[Path]:
    """Article files under ``root``, sorted, skipping hidden files and following no loops."""
    for entry in article_entries(root, warn):
        yield Path(entry.path)


def article_entries(root: Path, warn: Warn | None = None) -> Iterator[os.DirEntry[str]]:
    """The directory entries of :func:`article_files` (no ``Path`` made: a cheap scan)."""
    seen: set[tuple[int, int]] = set()

    def walk(folder: str) -> Iterator[os.DirEntry[str]]:
        try:
            info = os.stat(folder)
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            if warn:
                warn(f"skipped folder {folder}: {error.strerror}")
            return
        if (info.st_dev, info.st_ino) in seen:
            return
        seen.add((info.st_dev, info.st_ino))
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    yield from walk(entry.path)
                elif entry.is_file() and entry.name.lower().endswith(ARTICLE_SUFFIXES):
                    if name_is_text(entry.name):
                        yield entry
                    elif warn:
                        shown = entry.name.encode("utf-8", "surrogateescape").decode(
                            "utf-8", "replace"
                        )
                        warn(f"skipped {neutralise(shown)}: file name is not valid UTF-8")
            except OSError:
                continue

    yield from walk(str(root))


def relative_name(root: Path, path: Path | str) -> str:
    """``path`` relative to ``root`` with forward slashes (string work: pathlib is slow at
    10,000 files)."""
    text, prefix = str(path), str(root).rstrip(os.sep) + os.sep
    relative = text[len(prefix) :] if text.startswith(prefix) else os.path.relpath(text, root)
    return relative.replace(os.sep, "/")


def name_is_text(name: str) -> bool:
    """False for file names with bytes that are not UTF-8 (they cannot be stored or shown)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_sidecar(
    root: Path, warn: Warn | None = None, cache_dir: Path | None = None
) -> dict[str, SourceInfo]:
    """File name -> metadata from ``sources.yaml`` in the folder, if there is one; parsed
    once for all starts when ``cache_dir`` is given (index/yaml_remembered.py)."""
    for name in SIDECAR_NAMES:
        sidecar = root / name
        if sidecar.is_file():
            break
    else:
        return {}
    try:
        data = load_yaml_remembered(sidecar.read_text(encoding="utf-8"), cache_dir)
    except (OSError, UnicodeDecodeError, YamlError) as error:
        if warn:
            warn(f"ignored {sidecar.name}: {_one_line(error)}")
        return {}
    if not isinstance(data, dict):
        if warn:
            warn(f"ignored {sidecar.name}: expected 'file name: {{source, title, date}}' entries")
        return {}
    infos = {}
    for name, fields in data.items():
        if not isinstance(fields, dict):
            if warn:
                warn(f"{sidecar.name}: entry {name!r} is not a mapping; ignored")
            continue
        infos[str(name)] = SourceInfo(
            source=_text_or_none(fields.get("source")),
            title=_text_or_none(fields.get("title")),
            date=parse_date(fields.get("date")),
        )
    return infos


class FileText(NamedTuple):
    """An article file's text, before its metadata is read."""

    name: str  # relative to the corpus folder, with forward slashes
    text: str
    digest: str  # "" for a saved page not extracted yet (its text: PAGE_PENDING)
    encoding: str = "utf-8"
    links: tuple[Link, ...] = ()
    page: Mapping[str, str | None] | None = None  # a saved page's own metadata


def read_article(
    root: Path,
    path: Path,
    info: SourceInfo | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    extract_pages: bool = True,
) -> Article:
    """Read one article file. Raises :class:`SkippedFile` when it cannot be used.

    With ``extract_pages=False`` a saved page whose article is not in the cache yet is a
    placeholder (:data:`PAGE_PENDING`, no digest, so it differs from what gets indexed)."""
    return article_of(read_file_text(root, path, max_bytes, extract_pages), info)


def article_of(file: FileText, info: SourceInfo | None = None) -> Article:
    """The article of a file's text: its metadata read from the sidecar, page and text."""
    if file.page is None and not file.digest:  # a saved page waiting to be extracted
        return _dimmed(file.name, file.text, info)
    article = article_from_text(file.name, file.text, file.digest, info, file.encoding, file.page)
    return article._replace(links=file.links) if file.links else article


def read_file_text(root: Path, path: Path, max_bytes: int, extract_pages: bool) -> FileText:
    """An article file's text (see :func:`read_article`); :class:`SkippedFile` when it cannot
    be used."""
    name = relative_name(root, path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SkippedFile(
                f"too large ({_megabytes(size)} > {_megabytes(max_bytes)} limit, "
                "see index.max_file_mb in config.yaml)"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SkippedFile(f"cannot read: {error.strerror or error}") from None
    if name.lower().endswith(PAGE_SUFFIXES):
        from index.corpus.webpage import read_page  # imports trafilatura only when a page is read

        digest = file_digest(data)
        page = read_page(data, digest, extract=extract_pages)
        if page is None:
            return FileText(name, PAGE_PENDING, "")
        return FileText(name, page.text, digest, page.encoding, page=page.metadata())
    try:
        raw_text, encoding = decode(data)
    except UndecodableError as error:  # binary data, or no encoding reads it
        raise SkippedFile(f"not a text file ({error})") from None
    text = neutralise(raw_text)
    links: tuple[Link, ...] = ()
    if name.lower().endswith(MARKDOWN_SUFFIXES):
        from index.corpus.markdown_text import (
            markdown_to_text,  # compiled only when Markdown is read
        )

        text, links = markdown_to_text(text)
    if not text.strip():
        raise SkippedFile("empty")
    return FileText(name, text, file_digest(data), encoding, links)


def article_from_text(
    name: str,
    text: str,
    digest: str,
    info: SourceInfo | None = None,
    encoding: str = "utf-8",
    page: Mapping[str, str | None] | None = None,
) -> Article:
    """Build an article from its cleaned text.

    Each field comes from the first that gives it: the sidecar (``sources.yaml``), the saved
    page's metadata (``page``), then what the text says (:func:`read_header`)."""
    # Imported here: its ~40 outlet and headline patterns take ~10 ms to compile, and the
    # reader's launch reads only listed articles, whose metadata is in the listing.
    from index.corpus.metadata import read_header

    header = read_header(text)
    info = info or SourceInfo()
    values: dict[str, str | None] = {}
    origins: dict[str, str] = {}
    for key in ("source", "title", "date", "author", "url"):
        for value, origin in (
            (getattr(info, key, None), "sources.yaml"),
            ((page or {}).get(key), "page metadata"),
            (getattr(header, key), header.origins.get(key, "text")),
        ):
            if value:
                values[key], origins[key] = value, origin
                break
    if not values.get("source") and values.get("url"):
        values["source"] = outlet_for_url(values["url"] or "")
        if values["source"]:
            origins["source"] = "URL"
    return Article(
        path=name,
        source=values.get("source"),
        title=values.get("title"),
        date=values.get("date"),
        text=text,
        passages=split_passages(text, header.body_start),
        digest=digest,
        encoding=encoding,
        author=values.get("author"),
        url=values.get("url"),
        origins=origins,
        problems=tuple(header.problems),
    )


def load_corpus(
    path: str | os.PathLike[str],
    max_bytes: int = DEFAULT_MAX_BYTES,
    warn: Warn | None = None,
    extract_pages: bool = True,
    cache_dir: Path | None = None,
    eager_up_to: int | None = None,
    trust_listing: bool = False,
) -> Corpus:
    """Read every article of the folder at ``path``; unreadable files become warnings.

    ``extract_pages=False``: saved pages not yet extracted are placeholders (see
    :func:`read_article`). With a ``cache_dir``, the files unchanged since the last load are
    :class:`ListedArticle` objects from the folder's listing (read when their text is
    wanted), and the listing is brought up to date. With ``eager_up_to``, when more files
    than that are not listed, none of them is read here: each is an
    :class:`UnlistedArticle`, read when first asked about (their warnings come then).

    ``trust_listing``: when the folder has a listing, the articles are the ones it lists,
    without looking at the folder (no file is listed or stat'ed: at 10,000 articles that is
    a third of the app's first frame, issue 16). The caller checks the folder after: the
    app's index worker compares what the index holds with what is shown. A listed file
    changed since is read in full when its text is wanted, a gone one says so."""
    root = corpus_root(path)
    corpus = Corpus(root)

    def note(message: str) -> None:
        corpus.warnings.append(message)
        if warn:
            warn(message)

    sidecar = read_sidecar(root, note, cache_dir)
    listed: dict[str, Entry] = {}
    if cache_dir is not None:
        where = listing_path(root, cache_dir)
        key = listing_key(max_bytes, sidecar_digest_of(root))
        listed = read_listing(where, key)
    files: list[tuple[str, str, os.stat_result | None, bool]]  # path, name, stat, is listed
    if trust_listing and listed:  # as the listing has them, the folder not looked at
        prefix = str(root).rstrip(os.sep) + os.sep
        files = [(prefix + name, name, None, True) for name in listed]
    else:
        files = [
            (path, name, stat, _is_listed(listed, name, stat))
            for path, name, stat in _found_files(root, note)
        ]
    entries: dict[str, Entry] = {}
    unlisted = sum(1 for *_, is_listed in files if not is_listed)
    lazy = eager_up_to is not None and unlisted > eager_up_to
    for file, name, stat, is_listed in files:
        info = sidecar.get(name) or sidecar.get(os.path.basename(name))
        if lazy and not is_listed:
            load = partial(_read_unlisted, root, file, stat, info, max_bytes, extract_pages)
            corpus.articles.append(UnlistedArticle(name, load, note))
            continue
        if is_listed:
            entry = entries[name] = listed[name]
            if entry.skipped:
                note(f"skipped {name}: {entry.skipped}")
                continue
            read = partial(_read_later, root, file, entry, info, max_bytes, extract_pages, note)
            article: AnyArticle = ListedArticle(name, entry, read)
        else:
            try:
                article = read_article(root, Path(file), info, max_bytes, extract_pages)
            except SkippedFile as skipped:
                note(f"skipped {name}: {skipped}")
                if stat is not None:
                    entries[name] = _file_entry(stat, skipped=str(skipped))
                continue
            if stat is not None and article.digest:  # not a page waiting to be extracted
                entries[name] = _file_entry(stat, article)
        corpus.articles.append(article)
        for problem in article.problems:
            note(f"{name}: {problem}")
    if cache_dir is not None:
        if entries != listed:
            write_listing(where, key, entries)
        corpus.listing = Listing(where, key, entries)
    return corpus


def _found_files(root: Path, note: Warn) -> Iterator[tuple[str, str, os.stat_result | None]]:
    """The folder's article files: each one's path, name and stat (None: gone)."""
    prefix = str(root).rstrip(os.sep) + os.sep
    for found in article_entries(root, note):
        name = found.path[len(prefix) :] if os.sep == "/" else relative_name(root, found.path)
        try:
            stat: os.stat_result | None = found.stat()
        except OSError:
            stat = None
        yield found.path, name, stat


def _is_listed(listed: dict[str, Entry], name: str, stat: os.stat_result | None) -> bool:
    entry = listed.get(name)
    return stat is not None and entry is not None and same_file(entry, stat)


def _read_unlisted(
    root: Path,
    file: str,
    stat: os.stat_result | None,
    info: SourceInfo | None,
    max_bytes: int,
    extract_pages: bool,
) -> tuple[Article, Entry, list[str]]:
    """Read an unlisted file for :class:`UnlistedArticle`: its article, its entry for the
    listing (without a digest for a page waiting to be extracted: not to be listed) and its
    warnings."""
    name = relative_name(root, file)
    size, mtime_ns = (stat.st_size, stat.st_mtime_ns) if stat is not None else (0, 0)
    try:
        article = read_article(root, Path(file), info, max_bytes, extract_pages)
    except SkippedFile as skipped:
        article = _dimmed(name, f"This file cannot be read: {skipped}", info)
        entry = Entry(size, mtime_ns, skipped=str(skipped))
        return article, entry, [f"skipped {name}: {skipped}"]
    warnings = [f"{name}: {problem}" for problem in article.problems]
    if stat is None:  # gone since the folder was scanned
        return article, Entry(size, mtime_ns), warnings
    return article, _file_entry(stat, article), warnings


def _file_entry(stat: os.stat_result, article: Article | None = None, skipped: str = "") -> Entry:
    """What the listing keeps of one file: its size and time, and its article or why not."""
    if article is None:
        return Entry(stat.st_size, stat.st_mtime_ns, skipped=skipped or "skipped")
    return Entry(
        stat.st_size,
        stat.st_mtime_ns,
        digest=article.digest,
        source=article.source,
        title=article.title,
        date=article.date,
        author=article.author,
        url=article.url,
        encoding=article.encoding,
        origins=tuple(article.origins.items()),
        problems=tuple(article.problems),
        heading=article.heading,
        passages=len(article.passages),
        spans=packed_spans(article.passages),
    )


def _read_later(
    root: Path,
    file: str,
    entry: Entry,
    info: SourceInfo | None,
    max_bytes: int,
    extract_pages: bool,
    warn: Warn,
) -> Article:
    """Read a listed article when its text is first wanted: with the bytes listed, its
    metadata is the listing's; a file changed since is read in full. A file that cannot be
    read any more is one dimmed passage saying why, and a warning."""
    try:
        file_text = read_file_text(root, Path(file), max_bytes, extract_pages)
    except SkippedFile as skipped:
        name = relative_name(root, file)
        warn(f"skipped {name}: {skipped}")
        return _dimmed(name, f"This file cannot be read now: {skipped}", info)
    if file_text.digest != entry.digest:
        return article_of(file_text, info)
    return _listed_article(entry, file_text)


def _dimmed(name: str, text: str, info: SourceInfo | None) -> Article:
    """An article shown as one dimmed passage saying ``text`` (why it cannot be read yet)."""
    return article_from_text(name, text, "", info)._replace(
        passages=[Passage(0, 0, len(text), text, True)]
    )


def _listed_article(entry: Entry, file: FileText) -> Article:
    """The article of a file whose bytes are as listed: its metadata and passages the
    listing's (its text split again from where its body starts when they are not listed)."""
    passages = passages_from_spans(file.text, entry.spans)
    if passages is None:
        passages = split_passages(file.text, header_lines(file.text).body_start)
    return Article(
        path=file.name,
        source=entry.source,
        title=entry.title,
        date=entry.date,
        text=file.text,
        passages=passages,
        digest=file.digest,
        encoding=file.encoding,
        author=entry.author,
        url=entry.url,
        origins=dict(entry.origins),
        problems=entry.problems,
        links=file.links,
    )


def sidecar_digest_of(root: Path) -> str:
    """A digest of what the metadata read from a folder depends on besides its files: its
    ``sources.yaml`` and the configured ``outlets:`` (a change re-reads every article)."""
    extra = extra_hosts_key()
    for name in SIDECAR_NAMES:
        try:
            data = (root / name).read_bytes() + extra.encode()
            return hashlib.blake2b(data, digest_size=8).hexdigest()
        except OSError:
            continue
    return hashlib.blake2b(extra.encode(), digest_size=8).hexdigest() if extra else ""


def _text_or_none(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return neutralise(text) or None


def _megabytes(size: int) -> str:
    """``20.0 MB``, ``3.4 KB`` or ``800 bytes``: a small limit is not shown as ``0.0 MB``."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
