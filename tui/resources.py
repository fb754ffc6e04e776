"""The files shipped with the app (the bundled briefing, ``config.yaml``), wherever it runs."""

from __future__ import annotations

from pathlib import Path


def bundled_path(name: str) -> Path:
    """A bundled file (``seeds``, ``config.yaml``): in the installed package or the checkout."""
    installed = Path(__file__).parent / "bundled" / name
    if installed.exists():
        return installed
    return Path(__file__).resolve().parent.parent / name
