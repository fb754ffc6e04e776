"""Checksums of the index's files, to tell a damaged index from a sound one.

Whoosh reads a damaged segment as garbage (a ``zlib.error`` on every search) or, worse, as
wrong results. After each commit, the files of the committed generation are recorded here
(size, modification time, CRC-32) in ``checksums.json``; a committed file never changes.
:func:`damaged` finds a file that no longer matches: quickly (only files whose size or time
changed are read) or fully (every file read, as ``briefing-tui index`` does).
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

MANIFEST = "checksums.json"
_CHUNK = 1 << 20


def record(folder: Path, index) -> None:
    """Record the files of the index's latest commit, keeping the records still valid."""
    try:
        toc = index._read_toc()
        ids = [segment.segment_id() for segment in toc.segments]
        toc_name = f"_{index.indexname}_{toc.generation}.toc"
        names = [
            name
            for name in os.listdir(folder)
            if name == toc_name or any(segment_id in name for segment_id in ids)
        ]
        known = _read(folder)
        records = {}
        for name in names:
            stat = os.stat(folder / name)
            old = known.get(name)
            if old and old[:2] == [stat.st_size, stat.st_mtime_ns]:
                records[name] = old
            else:
                records[name] = [stat.st_size, stat.st_mtime_ns, _crc(folder / name)]
        temporary = folder / f"{MANIFEST}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(records), encoding="utf-8")
        os.replace(temporary, folder / MANIFEST)
    except (OSError, ValueError, AttributeError):  # no record: the files go unchecked
        return


def damaged(folder: Path, full: bool = False) -> str | None:
    """The name of a recorded file whose content changed, if any.

    Quick (``full`` false): only files whose size or modification time changed are read."""
    for name, (size, mtime_ns, crc) in sorted(_read(folder).items()):
        try:
            stat = os.stat(folder / name)
        except FileNotFoundError:  # merged away by a later commit
            continue
        except OSError:
            return name
        if stat.st_size != size:
            return name
        if (full or stat.st_mtime_ns != mtime_ns) and _crc(folder / name) != crc:
            return name
    return None


def _read(folder: Path) -> dict[str, list[int]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        name: value
        for name, value in data.items()
        if isinstance(value, list) and len(value) == 3 and all(isinstance(v, int) for v in value)
    }


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            crc = zlib.crc32(chunk, crc)
    return crc
