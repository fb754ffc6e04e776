"""What a folder's articles were read as, kept in the cache so that the next start reads none.

Reading 10,000 articles takes seconds; listing them from here takes milliseconds. The
listing keeps, per file, its size and modification time, its digest, its metadata, its
heading and its passages' offsets (or why it was skipped). A file whose size and time are
as listed is taken from the listing and read only when its text is wanted (the index
compares files the same way). The whole listing is ignored when anything else that shapes
an article changed: the size limit, ``sources.yaml``, the configured outlets or the code
that reads articles.
"""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import NamedTuple

from index.cache_dir import write_cache_file
from index.corpus.file_bytes import file_digest

LISTING_VERSION = 2  # 2: passages kept as spans
_CODE = Path(__file__).resolve().parent  # index/corpus: how an article is read


class Entry(NamedTuple):
    """One listed file: its size and time, then its article's metadata or why it is skipped."""

    size: int
    mtime_ns: int
    digest: str = ""
    source: str | None = None
    title: str | None = None
    date: str | None = None
    author: str | None = None
    url: str | None = None
    encoding: str = "utf-8"
    origins: tuple[tuple[str, str], ...] = ()
    problems: tuple[str, ...] = ()
    heading: str = ""
    passages: int = 0
    spans: bytes = b""  # the passages (index.corpus.passages.packed_spans); b"": split anew
    skipped: str = ""  # why the file is not read ("" for an article)


def listing_path(root: Path, cache_dir: Path) -> Path:
    """The listing of the folder ``root``: its name and a hash of its full path."""
    digest = hashlib.sha1(str(root).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    return cache_dir / "listings" / f"{root.name or 'root'}-{digest}.marshal"


def listing_key(max_bytes: int, sidecar: str) -> str:
    """What a listing depends on besides the files it lists (``sidecar``: the digest of
    ``sources.yaml`` and the configured outlets)."""
    parts = [str(LISTING_VERSION), str(max_bytes), _code_key(), sidecar]
    return file_digest("\0".join(parts).encode("utf-8", "surrogateescape"))


def _code_key() -> str:
    """Sizes and times of the modules that read articles: a new version reads anew."""
    try:
        stats = sorted(
            (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
            for entry in os.scandir(_CODE)
            if entry.name.endswith(".py")
        )
    except OSError:
        return "?"
    return repr(stats)


def read_listing(path: Path, key: str) -> dict[str, Entry]:
    """Path -> entry, or nothing when the listing is missing, unreadable or out of date.

    The listing is in :mod:`marshal`'s format: read back ten times faster than JSON."""
    try:
        data = marshal.loads(path.read_bytes())
        if data["key"] != key:
            return {}
        return {name: Entry._make(fields) for name, fields in data["files"].items()}
    except (OSError, ValueError, EOFError, TypeError, KeyError, AttributeError):
        return {}


def write_listing(path: Path, key: str, files: dict[str, Entry]) -> None:
    """Keep ``files`` as the listing (a cache: when it cannot be written, it is not)."""
    plain = {name: tuple(entry) for name, entry in files.items()}
    write_cache_file(path, marshal.dumps({"key": key, "files": plain}))


def same_file(entry: Entry, stat: os.stat_result) -> bool:
    """Whether the file has the size and modification time it was listed with."""
    return entry.size == stat.st_size and entry.mtime_ns == stat.st_mtime_ns
