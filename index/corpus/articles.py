"""A briefing: a folder of ``.txt`` and ``.md`` articles, read into :class:`Article` objects."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from index.corpus.file_bytes import SkippedFile, file_digest
from index.corpus.metadata import parse_date, read_header
from index.corpus.outlets import outlet_for_url
from index.corpus.passages import Passage, split_passages
from index.corpus.textclean import UndecodableError, decode, neutralise, one_line
from index.yaml_safe import YamlError, load_yaml

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
    articles: list[Article] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def article(self, path: str) -> Article | None:
        return next((article for article in self.articles if article.path == path), None)


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
    seen: set[tuple[int, int]] = set()

    def walk(folder: Path) -> Iterator[Path]:
        try:
            info = folder.stat()
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
                    yield from walk(Path(entry.path))
                elif entry.is_file() and entry.name.lower().endswith(ARTICLE_SUFFIXES):
                    if name_is_text(entry.name):
                        yield Path(entry.path)
                    elif warn:
                        shown = entry.name.encode("utf-8", "surrogateescape").decode(
                            "utf-8", "replace"
                        )
                        warn(f"skipped {neutralise(shown)}: file name is not valid UTF-8")
            except OSError:
                continue

    yield from walk(root)


def relative_name(root: Path, path: Path) -> str:
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


def read_sidecar(root: Path, warn: Warn | None = None) -> dict[str, SourceInfo]:
    """File name -> metadata from ``sources.yaml`` in the folder, if there is one."""
    for name in SIDECAR_NAMES:
        sidecar = root / name
        if sidecar.is_file():
            break
    else:
        return {}
    try:
        data = load_yaml(sidecar.read_text(encoding="utf-8"))
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
            return article_from_text(name, PAGE_PENDING, "", info)._replace(
                passages=[Passage(0, 0, len(PAGE_PENDING), PAGE_PENDING, True)]
            )
        return article_from_text(name, page.text, digest, info, page.encoding, page.metadata())
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
    article = article_from_text(name, text, file_digest(data), info, encoding)
    return article._replace(links=links) if links else article


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
) -> Corpus:
    """Read every article of the folder at ``path``; unreadable files become warnings.

    ``extract_pages=False``: saved pages not yet extracted are placeholders (see
    :func:`read_article`)."""
    root = corpus_root(path)
    corpus = Corpus(root)

    def note(message: str) -> None:
        corpus.warnings.append(message)
        if warn:
            warn(message)

    sidecar = read_sidecar(root, note)
    for file in article_files(root, note):
        name = relative_name(root, file)
        try:
            info = sidecar.get(name) or sidecar.get(file.name)
            article = read_article(root, file, info, max_bytes, extract_pages)
            corpus.articles.append(article)
            for problem in article.problems:
                note(f"{name}: {problem}")
        except SkippedFile as skipped:
            note(f"skipped {name}: {skipped}")
    return corpus


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
