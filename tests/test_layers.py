"""The headless core never imports Textual (harlequin keeps the same rule)."""

from __future__ import annotations

import ast
import subprocess
import sys

from tests.conftest import REPO


def test_index_package_source_never_imports_textual():
    offenders = []
    for path in (REPO / "index").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "textual"]
    assert offenders == []


def test_importing_every_index_module_loads_no_textual():
    modules = sorted(
        ".".join(p.relative_to(REPO).with_suffix("").parts)
        for p in (REPO / "index").rglob("*.py")
        if p.stem != "__init__"
    )
    assert "index.search.api" in modules
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in modules)
        + "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert out.strip() == "[]"


def test_whoosh_stays_behind_the_index_package():
    offenders = [
        str(path.relative_to(REPO))
        for folder in ("tui",)
        for path in (REPO / folder).rglob("*.py")
        if "import whoosh" in path.read_text(encoding="utf-8")
        or "from whoosh" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_import_linter_contracts_hold():
    """pyproject.toml's contracts: index never imports tui or Textual, and the headless
    modules of tui (notes, config) never import Textual, counting imports inside functions
    and under TYPE_CHECKING."""
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(REPO / "pyproject.toml"), no_cache=True) == 0
