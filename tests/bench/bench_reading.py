"""Benchmarks of reading saved web pages (``.html``) beside the same articles as ``.txt``.

- **first read**: ``read_article`` on every page of a folder, with an empty page cache (each
  page goes through trafilatura); baseline: ``read_article`` on the same articles' text saved
  as ``.txt``, in the same run.
- **second read**: the same pages again, their extraction now in the cache; same baseline.
- **mixed build**: ``CorpusIndex.update()`` from nothing on a folder of half pages, half text
  files (page cache empty); baseline: the same build on the folder with every article as text.

Pages are synthetic but built like real ones (``make_page``): a head with scripts, styles,
Open Graph and JSON-LD, a header with a menu, the article, a sidebar, comments and a footer,
about 60 KB in all for an article of about 5 KB.
"""

from __future__ import annotations

import html
import os
import random
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from index.corpus.articles import read_article
from index.search.store import CorpusIndex
from tests.bench import Row, verdict
from tests.bench.synthetic import article_text

SIZE = 1_000
QUICK_SIZE = 100
PAGE_BYTES = 60_000
ARTICLE_BYTES = 5_000
CACHED_TARGET = 3.0  # a cached page may take at most 3× a text file's read


def make_page(rng: random.Random, paragraphs: Sequence[str], title: str) -> str:
    """A saved page of about ``PAGE_BYTES`` around the article ``title`` + ``paragraphs``."""
    words = " ".join(paragraphs).split()

    def phrase(count: int) -> str:
        start = rng.randrange(max(1, len(words) - count))
        return html.escape(" ".join(words[start : start + count]).strip(".,!?").capitalize())

    menu = "".join(
        f'<li class="menu__item"><a href="/s/{n}">{phrase(2)}</a></li>' for n in range(30)
    )
    related = "".join(
        f'<li class="card"><a href="/story/{rng.getrandbits(32):08x}"><img src="/i/{n}.jpg" '
        f'alt=""><span class="card__title">{phrase(8)}</span></a></li>'
        for n in range(20)
    )
    comments = "".join(
        f'<div class="comment"><span class="comment__author">reader{n}</span><p>{phrase(15)}</p>'
        "</div>"
        for n in range(8)
    )
    footer = "".join(f'<a href="/about/{n}">{phrase(2)}</a> ' for n in range(25))
    body = "\n".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    head = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | Daily Example</title>"
        '<meta property="og:site_name" content="Daily Example">'
        f'<meta property="og:title" content="{html.escape(title)}">'
        f'<meta property="article:published_time" content="{date}T09:00:00Z">'
        f'<link rel="canonical" href="https://daily.example/news/{rng.getrandbits(40):010x}">'
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        f'"{html.escape(title)}", "datePublished": "{date}"}}</script>'
    )
    page = (
        f"{head}<style>{{STYLE}}</style><script>{{SCRIPT}}</script></head><body>"
        f'<header class="site-header"><a class="logo" href="/">Daily Example</a>'
        f'<nav><ul class="menu">{menu}</ul></nav></header>'
        f'<main><article class="story"><h1>{html.escape(title)}</h1>'
        f'<div class="story__body">{body}</div></article>'
        f'<aside class="related"><h2>Read more</h2><ul>{related}</ul></aside>'
        f'<section class="comments"><h2>Comments</h2>{comments}</section></main>'
        f'<footer class="site-footer">{footer}<p>© 2025 Daily Example</p></footer>'
        "<script>window.__STATE__ = {STATE};</script></body></html>"
    )
    room = max(0, PAGE_BYTES - len(page.encode("utf-8")))
    style = "".join(
        f".c{n} {{ margin: {n % 7}px; color: #{rng.getrandbits(24):06x}; }}\n"
        for n in range(room // 3 // 40)
    )
    script = "".join(
        f"function f{n}(a, b) {{ return a * {n} + b; }}\n" for n in range(room // 3 // 40)
    )
    state = '{"ads": [' + ",".join(f'"slot-{n}"' for n in range(room // 3 // 10)) + "]}"
    return page.replace("{STYLE}", style).replace("{SCRIPT}", script).replace("{STATE}", state)


def make_folders(root: Path, count: int, seed: int = 0) -> tuple[Path, Path]:
    """``count`` articles twice: as saved pages in ``root/pages``, as text in ``root/text``
    (the article's title line and paragraphs, as a person would paste them)."""
    rng = random.Random(seed)
    pages, texts = root / "pages", root / "text"
    pages.mkdir(parents=True, exist_ok=True)
    texts.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        lines = [line for line in article_text(rng, ARTICLE_BYTES).splitlines() if line]
        title = " ".join(lines[0].split()[:12])
        paragraphs = lines[1:]
        name = f"{number:05d}"
        (pages / f"{name}.html").write_text(make_page(rng, paragraphs, title), encoding="utf-8")
        text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        (texts / f"{name}.txt").write_text(text, encoding="utf-8")
    return pages, texts


@contextmanager
def page_cache(folder: Path) -> Iterator[None]:
    """Keep extracted pages in ``folder`` (``$BRIEFING_TUI_CACHE``) while the block runs."""
    before = os.environ.get("BRIEFING_TUI_CACHE")
    os.environ["BRIEFING_TUI_CACHE"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("BRIEFING_TUI_CACHE", None)
        else:
            os.environ["BRIEFING_TUI_CACHE"] = before


def read_seconds(folder: Path) -> float:
    """Time ``read_article`` on every file of ``folder`` (every one must be read)."""
    files = sorted(folder.iterdir())
    started = time.perf_counter()
    for file in files:
        read_article(folder, file)
    return time.perf_counter() - started


def _per_file(seconds: float, count: int) -> str:
    return f"{seconds / count * 1000:.2f} ms/file ({seconds:.1f} s)"


def rows(quick: bool = False, sizes: Sequence[int] | None = None) -> list[Row]:
    """The rows for each folder size (``quick``: a small one)."""
    out: list[Row] = []
    for count in sizes or [QUICK_SIZE if quick else SIZE]:
        with tempfile.TemporaryDirectory(prefix="briefing-bench-reading-") as tmp:
            out.extend(size_rows(count, Path(tmp)))
    return out


def size_rows(count: int, work: Path) -> list[Row]:
    """Reading pages against text files, then a mixed folder's build against an all-text one."""
    label = f"{count:,} saved pages (~{PAGE_BYTES // 1000} KB)"
    pages, texts = make_folders(work, count)
    with page_cache(work / "cache"):
        text = read_seconds(texts)
        first = read_seconds(pages)
        second = read_seconds(pages)
        text_again = read_seconds(texts)
    ratio = second / text_again
    out: list[Row] = [
        (
            f"read: {label}, first read (extraction)",
            _per_file(first, count),
            f".txt of the same articles {_per_file(text, count)}",
            f"info: {first / text:.0f}× .txt",
        ),
        (
            f"read: {label}, second read (cache)",
            _per_file(second, count),
            f".txt of the same articles {_per_file(text_again, count)}",
            verdict(f"≤ {CACHED_TARGET:g}× .txt", ratio <= CACHED_TARGET, f"{ratio:.1f}×"),
        ),
    ]

    mixed = work / "mixed"
    mixed.mkdir()
    pairs = zip(sorted(pages.iterdir()), sorted(texts.iterdir()), strict=True)
    for number, (page, text_file) in enumerate(pairs):
        source = page if number % 2 else text_file
        (mixed / source.name).write_bytes(source.read_bytes())
    with page_cache(work / "cache-mixed"):
        mixed_build = CorpusIndex(mixed, index_dir=work / "index-mixed").update()
        text_build = CorpusIndex(texts, index_dir=work / "index-text").update()
    if mixed_build.warnings or len(mixed_build.added) != count:
        raise RuntimeError(f"mixed build: {len(mixed_build.added)} added, {mixed_build.warnings}")
    half = count // 2
    out.append(
        (
            f"index: full build, {count:,} files: {half:,} .html + {count - half:,} .txt",
            f"{count / mixed_build.seconds:,.0f} files/s ({mixed_build.seconds:.1f} s)",
            f"all .txt {count / text_build.seconds:,.0f} files/s ({text_build.seconds:.1f} s)",
            f"info: {mixed_build.seconds / text_build.seconds:.1f}× all .txt",
        )
    )
    return out
