"""A bookmark's ``corpus::`` field: the briefing folder it was kept in, or ``bundled``.

The bundled briefing's folder moves with every install (a venv, pipx, uv, a new Python), so a
bookmark records it as :data:`BUNDLED`, not as a path. Entries written before that hold a
path; one that ends in ``tui/bundled/seeds`` (the bundled folder of any install) or is this
install's bundled folder (the checkout's ``seeds/`` in a checkout) is read as ``bundled`` too.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import PurePath

from tui.resources import bundled_path

BUNDLED = "bundled"
INSTALLED_SEEDS = ("tui", "bundled", "seeds")
"""Where an installed package keeps the bundled briefing (see ``pyproject.toml``)."""


@cache
def _bundled_folder() -> str:
    return os.path.realpath(bundled_path("seeds"))


@cache
def canonical_corpus(value: str) -> str:
    """``value`` (a folder or ``bundled``), with any path of the bundled briefing as
    :data:`BUNDLED`; an empty value (not known) stays empty."""
    if not value or value == BUNDLED:
        return value
    if PurePath(value).parts[-len(INSTALLED_SEEDS) :] == INSTALLED_SEEDS:
        return BUNDLED
    if os.path.realpath(value) == _bundled_folder():
        return BUNDLED
    return value


def same_briefing(kept: str, root: str | os.PathLike[str]) -> bool:
    """True when a bookmark's corpus field ``kept`` names the briefing at ``root``."""
    here = canonical_corpus(str(root))
    kept = canonical_corpus(kept)
    if BUNDLED in (kept, here):
        return kept == here
    return os.path.realpath(kept) == os.path.realpath(here)
