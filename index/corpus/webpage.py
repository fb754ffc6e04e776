"""Saved web pages (``.html``): the article's text and the page's metadata, by trafilatura.

Trafilatura (and lxml under it) costs ~0.4 s to import and a few milliseconds a page to run,
so it is imported only when a page is read, and what it extracts is kept in the cache folder
under the hash of the page's bytes: the next read of the same bytes does not extract again.
"""

from __future__ import annotations

import codecs
import logging
import marshal
import re
import sys
from collections.abc import Iterator
from dataclasses import astuple, dataclass, fields
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from index.cache_dir import default_cache_dir, write_cache_file
from index.corpus.file_bytes import SkippedFile, file_digest
from index.corpus.textclean import UndecodableError, decode, encoding_name, looks_binary, neutralise

if TYPE_CHECKING:
    from lxml.etree import _Element

PAGES_FOLDER = "pages"  # in the cache folder
_FORMAT = 1  # bump when what is extracted changes: older entries are then not read
_PYTHON = f"py{sys.version_info[0]}{sys.version_info[1]}"  # marshal's format may change
_NOISY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")
# <meta charset="...">, <meta http-equiv="Content-Type" content="text/html; charset=...">
# or an XHTML page's <?xml ... encoding="..."?>
_META_CHARSET = re.compile(
    rb"(?:<meta[^>]*?charset|<\?xml[^>]*?encoding)\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I
)
# The start of a whole page (else the file is a fragment of one)
_PAGE_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
# Parts of a page that are never its article, taken out before extraction (trafilatura
# leaves them out of a page with an article, but returns a page of links as its text). A
# page's header goes, not an article's, nor one holding the headline.
_NOT_ARTICLE = ["//nav", "//footer", "//aside", "//header[not(ancestor::article)][not(.//h1)]"]
# Elements of trafilatura's output that hold paragraphs of their own.
_BLOCKS = frozenset(("p", "head", "list", "item", "table", "row", "quote", "code", "div"))


@dataclass(frozen=True)
class Page:
    """What a saved page holds: its article text (paragraphs separated by blank lines) and
    what the page says about itself (``None`` when it does not say)."""

    text: str
    title: str | None = None
    source: str | None = None  # the site's name (og:site_name, JSON-LD publisher)
    date: str | None = None  # YYYY-MM-DD
    author: str | None = None
    url: str | None = None  # canonical or og:url
    encoding: str = "utf-8"

    def metadata(self) -> dict[str, str | None]:
        """The page's metadata, for :func:`index.corpus.articles.article_from_text`."""
        return {
            "title": self.title,
            "source": self.source,
            "date": self.date,
            "author": self.author,
            "url": self.url,
        }


def read_page(
    data: bytes, digest: str | None = None, cache_dir: Path | None = None, extract: bool = True
) -> Page | None:
    """The article of a saved page, from the cache when these bytes were read before.

    ``digest`` is :func:`index.corpus.file_bytes.file_digest` of ``data`` (worked out when
    not given).
    With ``extract=False`` a page not in the cache is ``None`` (the app's first frame does
    not wait for extraction). Raises :class:`SkippedFile` for a page that is not text or
    holds no article.
    """
    entry = (cache_dir or default_cache_dir()) / PAGES_FOLDER
    entry /= f"{digest or file_digest(data)}.{_FORMAT}.{_PYTHON}"
    page = _cached(entry)
    if page is None and not extract:
        return None
    if page is None:
        page = extract_page(data)
        write_cache_file(entry, marshal.dumps(astuple(page)))
    return page


def extract_page(data: bytes) -> Page:
    """Run trafilatura on the page (no cache). Raises :class:`SkippedFile`."""
    html, encoding = decode_html(data)
    if not _PAGE_START.match(html):
        html = f"<html><body>{html}</body></html>"  # a fragment: trafilatura wants a page
    trafilatura = _trafilatura()
    try:
        document = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            prune_xpath=_NOT_ARTICLE,
            # Only dates the page's markup or URL gives, never one guessed from its text.
            date_extraction_params={
                "original_date": True,
                "extensive_search": False,
                "max_date": date.today().isoformat(),
            },
        )
    except Exception:  # a parser bug on odd markup is one skipped file, not a crash
        document = None
    body = getattr(document, "body", None)
    text = "\n\n".join(_paragraphs(body)) if body is not None else ""
    if not text.strip():
        raise SkippedFile("no article text found")
    url = _field(document.url)
    return Page(
        text=neutralise(text),
        title=_field(document.title),
        source=_site_name(_field(document.sitename), url),
        date=_field(document.date),
        author=_field(document.author),
        url=url,
        encoding=encoding,
    )


def decode_html(data: bytes) -> tuple[str, str]:
    """The page's text and encoding: a BOM, else its ``<meta charset>`` when the bytes are
    valid in it, else :func:`index.corpus.textclean.decode` (UTF-8, then detection)."""
    if not data.strip():
        raise SkippedFile("empty")
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data)
    if looks_binary(data):
        raise SkippedFile("not a text file (binary data)")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        try:
            codec = codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            codec = ""
        if codec in ("iso8859-1", "ascii"):  # what browsers do (WHATWG Encoding)
            codec = "cp1252"
        if codec and not codec.startswith("utf-16"):
            try:
                return data.decode(codec), encoding_name(codec)
            except UnicodeDecodeError:
                pass  # the declaration is wrong: detect
    return _decode(data)


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return decode(data)
    except UndecodableError as error:
        raise SkippedFile(f"not a text file ({error})") from None


def _cached(entry: Path) -> Page | None:
    """The page kept at ``entry``, or ``None`` when there is none or it cannot be used."""
    try:
        with entry.open("rb") as file:
            kept = marshal.load(file)
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if (
        isinstance(kept, tuple)
        and len(kept) == len(fields(Page))
        and all(value is None or isinstance(value, str) for value in kept)
        and kept[0]
        and kept[-1]
    ):
        return Page(*kept)
    return None


def _trafilatura():
    """Trafilatura, imported on first use, with its libraries' logging kept off stderr."""
    for name in _NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(handler, logging.NullHandler) for handler in logger.handlers):
            # A handler of its own: Python no longer prints its warnings to stderr itself
            # (logging.lastResort); an application's own logging setup still gets them.
            logger.addHandler(logging.NullHandler())
    import trafilatura

    return trafilatura


def _paragraphs(element: _Element) -> Iterator[str]:
    """The paragraphs of trafilatura's output tree: each paragraph, heading, list item and
    table row on its own, with its whitespace collapsed."""
    for line_break in element.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    for text in _blocks(element):
        if text:
            yield text


def _blocks(element: _Element) -> Iterator[str]:
    if element.tag == "row":
        cells = (_collapse("".join(cell.itertext())) for cell in element)
        yield " | ".join(cell for cell in cells if cell)
        return
    if not any(child.tag in _BLOCKS for child in element):
        yield _collapse("".join(element.itertext()))
        return
    loose = [element.text or ""]  # text between the blocks, a paragraph of its own
    for child in element:
        if child.tag in _BLOCKS:
            yield _collapse("".join(loose))
            loose = []
            yield from _blocks(child)
        else:
            loose.append("".join(child.itertext()))
        loose.append(child.tail or "")
    yield _collapse("".join(loose))


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _field(value: object) -> str | None:
    """A metadata value on one line, or ``None``."""
    if not isinstance(value, str):
        return None
    return neutralise(_collapse(value)) or None


def _site_name(name: str | None, url: str | None) -> str | None:
    """The site's name, unless trafilatura only made it up from the URL's host name (an
    outlet is what the page says it is, never a guess)."""
    if not name or not url:
        return name
    host = re.sub(r"^[a-z]+://(?:www\.)?", "", url.casefold()).split("/", 1)[0]
    return None if name.casefold().removeprefix("www.") == host else name
