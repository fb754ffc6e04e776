"""Parsed YAML remembered between starts, so that a launch need not import PyYAML.

A launch parses two small YAML texts, ``config.yaml`` and the folder's ``sources.yaml``.
Importing PyYAML for them costs ~15 ms of the ~300 ms to the first frame on the bundled
briefing, 5% of the launch figure of issue 14 (≤ 1.25× a bare Textual app; ``python -m
tests.bench --only app``). So what a text parsed to is kept in the cache folder, under the
text's digest: the same text gives the same data, nothing can go stale. Pickle keeps dates,
which JSON would not, and Textual has imported it already. A text that does not parse is
not remembered: its error is found again, with its line, each time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from index.cache_dir import write_cache_file
from index.yaml_safe import load_yaml

FOLDER = "yaml"
KEEP = 32  # remembered texts; the oldest beyond go (each text edited is a new one)


def load_yaml_remembered(text: str, cache_dir: Path | None) -> Any:
    """:func:`~index.yaml_safe.load_yaml` of ``text``, read from ``cache_dir`` when that
    text was parsed before (``None``: always parsed). Raises what ``load_yaml`` raises."""
    if cache_dir is None:
        return load_yaml(text)
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16)
    path = cache_dir / FOLDER / f"{digest.hexdigest()}.pickle"
    try:
        return pickle.loads(path.read_bytes())  # our own cache folder, like the index's pickles
    except Exception:  # absent, unreadable or not ours: a cache is only a shortcut
        pass
    data = load_yaml(text)
    write_cache_file(path, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    _forget_oldest(path.parent)
    return data


def _forget_oldest(folder: Path) -> None:
    """Keep the :data:`KEEP` texts written last."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.stat().st_mtime_ns)
        for entry in entries[:-KEEP]:
            os.unlink(entry.path)
    except OSError:  # another process pruned first: nothing lost
        pass
