"""Where briefing-tui keeps what it can rebuild: indexes and parsed YAML."""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_dir() -> Path:
    """``$BRIEFING_TUI_CACHE``, else the platform's user cache folder."""
    override = os.environ.get("BRIEFING_TUI_CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("briefing-tui", appauthor=False))
