"""Where briefing-tui keeps what it can rebuild (indexes, extracted pages), and how it writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def default_cache_dir() -> Path:
    """``$BRIEFING_TUI_CACHE``, else the platform's user cache folder."""
    override = os.environ.get("BRIEFING_TUI_CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefing-tui", appauthor=False))


def write_cache_file(path: Path, data: bytes, keep_existing: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file. A cache is only a shortcut: when
    it cannot be written, nothing is (no half-written file, no error). ``keep_existing``: a
    file already at ``path`` (another process's) is left as it is."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        if keep_existing:
            os.link(temporary, path)  # fails if the file is there
        else:
            os.replace(temporary, path)
    except OSError:
        pass
    finally:
        Path(temporary).unlink(missing_ok=True)
