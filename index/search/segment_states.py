"""Each segment's file states kept in a file beside it, read back without Whoosh.

The index records the state of each file (size, time, digest, metadata) as a stored field
of an article document. Reading them back through Whoosh's stored fields (a seek, a zlib
block and a pickle per record) takes ~0.3 s at 10,000 articles, and a process that opens a
folder to see whether a file changed reads them all (issue 16's "one changed file at 10k").
A committed segment never changes, it only loses deleted documents, so its records are
written once into ``<segment id>.states`` (in :mod:`marshal`'s format, read back in ~20 ms)
and read from there by every later process. Whoosh deletes the file with its segment (its
name has the segment's pattern). A file that is missing, damaged or of another version is
ignored: the records are read from the segment again.
"""

from __future__ import annotations

import marshal
import zlib
from pathlib import Path

from index.cache_dir import write_cache_file

Records = dict[int, tuple[str, dict]]  # docnum -> (path, state)
FORMAT = 1
SUFFIX = ".states"


def states_path(folder: Path, segment_id: str) -> Path:
    return folder / f"{segment_id}{SUFFIX}"


def read_records(folder: Path, segment_id: str) -> Records | None:
    """The records kept for the segment, or None if there is no sound file for it."""
    try:
        data = states_path(folder, segment_id).read_bytes()
        kept_format, kept_id, crc, payload = marshal.loads(data)
        if (kept_format, kept_id) != (FORMAT, segment_id) or zlib.crc32(payload) != crc:
            return None
        records = marshal.loads(payload)
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return records if isinstance(records, dict) else None


def write_records(folder: Path, segment_id: str, records: Records) -> None:
    """Keep the segment's records, once: a file already there is left as it is (so that its
    checksum, :mod:`index.search.checksums`, never changes). A cache: nothing is written
    when the folder cannot be written to."""
    payload = marshal.dumps(records)
    data = marshal.dumps((FORMAT, segment_id, zlib.crc32(payload), payload))
    write_cache_file(states_path(folder, segment_id), data, keep_existing=True)
