"""The folder's listing written from the index: after ``briefing-tui index``, the reader's
first frame takes every article's metadata from the listing and reads no file.

The listing (:mod:`index.corpus.listing`) is otherwise written when the reader first opens
a folder, by reading every file: ~10 s at 10,000 articles. The index already holds what the
listing keeps of each file (its size and time, digest, metadata and passages) in its file
states.
"""

from __future__ import annotations

from pathlib import Path

from index.corpus.articles import sidecar_digest_of
from index.corpus.listing import Entry, listing_key, listing_path, write_listing
from index.search.store import CorpusIndex


def write_listing_from_index(index: CorpusIndex, cache_dir: Path) -> int:
    """Write the listing of ``index``'s folder from its file states; the number of files
    listed. States from before the index kept an article's problems, or read with other
    ``sources.yaml`` or outlets, are left out: the reader reads those files again."""
    sidecar = sidecar_digest_of(index.root)
    entries = {}
    for path, state in index.file_states().items():
        if state.get("sidecar") != sidecar:
            continue
        if state.get("skipped"):
            reason = state["skipped"]
            why = reason if isinstance(reason, str) and reason else "skipped"
            entries[path] = Entry(state["size"], state["mtime_ns"], skipped=why)
        elif "problems" in state:
            entries[path] = _entry(state)
    key = listing_key(index.max_bytes, sidecar)
    write_listing(listing_path(index.root, cache_dir), key, entries)
    return len(entries)


def _entry(state: dict) -> Entry:
    return Entry(
        state["size"],
        state["mtime_ns"],
        digest=state["digest"],
        source=state.get("source"),
        title=state.get("title"),
        date=state.get("date"),
        author=state.get("author"),
        url=state.get("url"),
        encoding=state.get("encoding") or "utf-8",
        origins=tuple((state.get("origins") or {}).items()),
        problems=tuple(state["problems"]),
        heading=state.get("title") or state.get("opening") or "",
        passages=state.get("passages", 0),
        spans=state.get("spans", b""),
    )
