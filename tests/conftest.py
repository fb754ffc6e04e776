"""Shared fixtures: every test runs with its own cache, config and data folders.

A test's cache starts as a copy of one holding the bundled briefing's index, built once per
test process (an app test on ``seeds/`` then opens the index instead of building it again);
a test marked ``cold_cache`` starts from an empty cache instead.
"""

from __future__ import annotations

import compileall
import gc
import os
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def _load_hypothesis_as_installed() -> None:
    """pytest rewrites the asserts of every module of a plugin's distribution, so Hypothesis's
    ~100 modules too; with PYTHONDONTWRITEBYTECODE set it cannot keep what it rewrote, and each
    test process compiled them again at collection (~1.5 s of CPU). Their asserts are not tests:
    they load as installed, from the bytecode pip compiled. (Hypothesis is imported by the test
    modules, after this file; a pytest without ``_must_rewrite`` just rewrites them.)"""
    for finder in sys.meta_path:
        marked = getattr(finder, "_must_rewrite", None)  # pytest's AssertionRewritingHook
        if isinstance(marked, set):
            marked.discard("hypothesis")
            getattr(finder, "_marked_for_rewrite_cache", {}).clear()


_load_hypothesis_as_installed()


def _no_hypothesis_deadline() -> None:
    """Hypothesis fails an example that takes over 200 ms by default: a time asserted in a
    test, which a loaded machine breaks. No test here asserts a time (``tests.bench`` measures
    them)."""
    from hypothesis import settings

    settings.register_profile("no-deadline", deadline=None)
    settings.load_profile("no-deadline")


_no_hypothesis_deadline()
# pytest keeps the test modules it rewrote (for assert messages) as bytecode beside them, but
# not with PYTHONDONTWRITEBYTECODE set: each test process then rewrote all 100-odd of them at
# collection (~3 s of CPU each). As for the checkout's modules (pytest_configure), keep them.
sys.dont_write_bytecode = False


def checkout_env(**extra: str) -> dict[str, str]:
    """The environment for a child process that runs this checkout: the test's own (its
    cache and config folders) with the repository on ``PYTHONPATH``."""
    return {**os.environ, "PYTHONPATH": str(REPO), **extra}


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # once, in the process that starts the workers
        # With PYTHONDONTWRITEBYTECODE set, no process would keep the checkout's compiled
        # modules, and every worker and child process would compile them again.
        for package in ("index", "tui", "tests"):
            compileall.compile_dir(REPO / package, quiet=1)
    workers = getattr(config.option, "numprocesses", None)
    if getattr(config.option, "update_snapshots", False) and workers:
        raise pytest.UsageError(
            "--snapshot-update runs in one process: add -n 0 (workers would race on the SVGs)"
        )


def isolate(home: Path, patch: pytest.MonkeyPatch) -> None:
    """Point the cache, config and data folders and the working directory into ``home``."""
    patch.setenv("BRIEFING_TUI_CACHE", str(home / "cache"))
    patch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    patch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    patch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    patch.delenv("BRIEFING_TUI_CONFIG", raising=False)
    patch.chdir(home)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: two test processes per core, as a test spends about half its time waiting
    (Pilot pauses, child processes, fsync): 384 s serial for about 200 s of CPU."""
    return 2 * (os.cpu_count() or 1)


@pytest.fixture(scope="session", autouse=True)
def isolated_session(tmp_path_factory):
    """Isolation for the fixtures built once per module or session, before any test's own."""
    with pytest.MonkeyPatch.context() as patch:
        isolate(tmp_path_factory.mktemp("session-home"), patch)
        yield


@pytest.fixture(scope="session")
def seeds_cache(isolated_session, tmp_path_factory) -> Path:
    """A cache folder holding only the index of ``seeds/`` with the default config."""
    from tui.briefing import Briefing
    from tui.config import load_config

    folder = tmp_path_factory.mktemp("seeds-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFING_TUI_CACHE", str(folder))
        Briefing.open(load_config(), SEEDS).index.update()
    return folder


@pytest.fixture(autouse=True)
def isolated_env(request, tmp_path_factory, monkeypatch):
    """Keep tests away from the user's cache, config and data folders."""
    home = tmp_path_factory.mktemp("home")
    if request.node.get_closest_marker("cold_cache") is None:
        shutil.copytree(request.getfixturevalue("seeds_cache"), home / "cache")
    isolate(home, monkeypatch)
    return home


@pytest.fixture(autouse=True)
def collector_spares_the_imports():
    """Freeze (``gc.freeze``) what is alive at the first test: modules, collected items, the
    session's fixtures. The collector's full passes, about one per app test, then skip them,
    as the app's passes skip what its start-up built (``tui/launch_gc.py``). A test that
    unfreezes gets them frozen again before the next one."""
    if gc.get_freeze_count() == 0:
        gc.collect()
        gc.freeze()


@pytest.fixture(autouse=True)
def textual_styles_released():
    """Empty Textual's ``StylesCache.get_inner_outer`` after each test.

    It is an ``lru_cache`` on a method (Textualize/textual#6665, open): its 1,024 entries
    keep the style caches of the widgets of the last ~80 apps alive, with every line they
    drew (~8,500 objects an app), and each full pass of the collector scanned them all (~30%
    of the CPU of the app tests of a module run in one process). One app, a user's, never
    fills it."""
    yield
    styles = sys.modules.get("textual._styles_cache")
    if styles is not None:
        styles.StylesCache.get_inner_outer.cache_clear()


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def write_corpus(tmp_path):
    """Write ``{relative name: text or bytes}`` into a fresh folder and return the folder."""

    def write(files: dict[str, str | bytes], folder: str = "corpus") -> Path:
        root = tmp_path / folder
        root.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return root

    return write
