"""The headless core never imports Textual (harlequin keeps the same rule), and no module
imports itself back through others."""

from __future__ import annotations

import ast
import subprocess
import sys

import grimp

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


def import_cycles(graph: grimp.ImportGraph) -> list[str]:
    """One cycle for each module that imports itself back, as ``a -> b -> a``; the modules
    of a cycle found are not started from again."""
    cycles: list[str] = []
    in_a_cycle: set[str] = set()
    for module in sorted(graph.modules):
        if module in in_a_cycle:
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                cycles.append(" -> ".join((module, *back)))
                in_a_cycle.update(back)
                break
    return cycles


def test_a_cycle_through_a_lazy_and_a_type_checking_import_is_named(tmp_path, monkeypatch):
    package = tmp_path / "loop"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "a.py").write_text("def f():\n    from loop import b\n", encoding="utf-8")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from loop import c\n",
        encoding="utf-8",
    )
    (package / "c.py").write_text("import loop.a\n", encoding="utf-8")
    (package / "d.py").write_text("import loop.a\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("loop", cache_dir=None)
    assert import_cycles(graph) == ["loop.a -> loop.b -> loop.c -> loop.a"]


def test_no_import_cycles():
    """No module of index or tui imports itself back, counting imports inside functions and
    under TYPE_CHECKING; the failure names each cycle."""
    cycles = import_cycles(grimp.build_graph("index", "tui", cache_dir=None))
    assert not cycles, "import cycles:\n" + "\n".join(cycles)
