"""The README's Layout section names every module of ``index/`` and ``tui/``, each with what
it does, and no module that is gone."""

from __future__ import annotations

import re

from tests.conftest import REPO

ENTRY = re.compile(r"^- `((?:index|tui)/[\w/]+\.py)`: (.+)$", re.MULTILINE)


def layout_section() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]


def test_every_module_has_a_line_in_the_layout_section():
    modules = {
        path.relative_to(REPO).as_posix()
        for folder in ("index", "tui")
        for path in (REPO / folder).rglob("*.py")
        if path.name != "__init__.py"
    }
    named = {module: what for module, what in ENTRY.findall(layout_section())}
    assert sorted(modules - named.keys()) == [], "modules missing from the README's Layout"
    assert sorted(named.keys() - modules) == [], "the README's Layout names modules that are gone"
    assert [module for module, what in named.items() if len(what.split()) < 3] == []
