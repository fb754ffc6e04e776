"""The theme chosen in the reader (ctrl+p, "Change theme"), remembered between runs.

It is kept in the user data folder (``~/.local/share/briefing-tui/theme`` on Linux), one line
with the theme's name, and never in config.yaml: that file is the person's, and the app does
not write it. Headless: no Textual here.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_NAME = "theme"


def theme_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("briefing-tui", appauthor=False)) / FILE_NAME


def remembered_theme(path: Path | None = None) -> str | None:
    """The theme's name last chosen, or None (never chosen, or the file unreadable)."""
    try:
        name = (path or theme_path()).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name or None


def remember_theme(name: str, path: Path | None = None) -> str | None:
    """Keep ``name`` for the next run (a whole new file put in place); the problem in one
    line if it cannot be written, else None."""
    path = path or theme_path()
    temporary = path.with_name(f".{FILE_NAME}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(name + "\n", encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        return f"cannot keep the theme in {path}: {error.strerror or error}"
    return None
