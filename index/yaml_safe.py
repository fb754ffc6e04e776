"""Safe YAML loading: plain data only (no tags that build objects), fast where libyaml is.

The app reads two YAML files at every start: its config and the briefing's ``sources.yaml``.
Importing PyYAML alone costs ~20 ms of that start, so :func:`load_yaml_remembered` keeps what
a text parsed to in the cache folder (with ``marshal``, which costs no import, unlike JSON and
hashlib), together with the text itself; the next start with the same text reads that
instead. Nothing can go stale: the remembered text must equal the text read.

Aliases (``*name``) are kept in check: a few lines of ``&a [*b, *b, ...]`` nested nine deep
("a YAML bomb") expand to billions of values once the data is copied or turned into text.
:func:`load_yaml` counts what the aliases expand to before building anything and refuses a
text that would grow past :data:`MAX_EXPANDED` values (or ten times the values it writes out,
for a large file), with a :class:`YamlError`, so each caller's one-line message applies.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
import zlib
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.cache_dir import default_cache_dir

if TYPE_CHECKING:
    import yaml

PARSED_FOLDER = "parsed-yaml"  # in the cache folder
MAX_EXPANDED = 100_000  # values a YAML text may expand to through aliases (when small)
_DATE_TAG = "__yaml_date__"  # a date (YAML turns 2025-03-19 into one) is kept as (tag, ISO)
_PYTHON = f"py{sys.version_info[0]}{sys.version_info[1]}"  # marshal's format may change


class YamlError(ValueError):
    """Text that is not valid YAML; ``line`` is 1-based when known."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {problem}" if line else problem)
        self.problem, self.line = problem, line


def _yaml():
    """PyYAML and its safe loader, libyaml's when present (~5× faster), imported on first use."""
    import yaml

    return yaml, getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse ``text`` as YAML into plain data; raises :class:`YamlError`, also for aliases
    that would expand it past :data:`MAX_EXPANDED` values."""
    yaml, loader_class = _yaml()
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        if "*" in text:  # no alias without one
            _check_aliases(node)
        return loader.construct_document(node)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise YamlError(problem, mark.line + 1 if mark else None) from None
    finally:
        loader.dispose()


def _check_aliases(root: yaml.Node) -> None:
    """Refuse a node graph whose aliases expand it too much, or refer to themselves.

    Each node is visited once (an alias is the same node object again), so the count costs
    as little as the text, however large the expansion it finds.
    """
    sizes: dict[int, int] = {}  # id(node) -> values it expands to
    open_nodes: set[int] = set()  # nodes whose children are being counted
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        children = _children(node)
        if children_done:
            sizes[id(node)] = 1 + sum(sizes[id(child)] for child in children)
            open_nodes.discard(id(node))
        elif id(node) in open_nodes:
            line = node.start_mark.line + 1 if node.start_mark else None
            raise YamlError("an alias (*name) refers to a value that contains it", line)
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes)
    limit = max(MAX_EXPANDED, 10 * len(sizes))
    if sizes[id(root)] > limit:
        raise YamlError(
            f"its aliases (*name) expand it to more than {limit:,} values "
            "(a YAML bomb?); write the values out instead"
        )


def _children(node: Any) -> list[Any]:
    if isinstance(node.value, list):
        if node.value and isinstance(node.value[0], tuple):  # a mapping: (key, value) pairs
            return [part for pair in node.value for part in pair]
        return node.value
    return []


def compose_yaml(text: str) -> yaml.Node | None:
    """The node tree of ``text`` (with line numbers); raises :class:`YamlError`."""
    yaml, loader = _yaml()
    try:
        return yaml.compose(text, Loader=loader)
    except yaml.YAMLError as error:
        raise YamlError(str(error)) from None


def load_yaml_remembered(text: str, cache_dir: Path | None = None) -> Any:
    """:func:`load_yaml`, or what it gave for the same text before (read from the cache).

    The cache is only a shortcut: when it cannot be read or written, the text is parsed.
    """
    name = f"{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}-{len(text)}.{_PYTHON}"
    remembered = (cache_dir or default_cache_dir()) / PARSED_FOLDER / name
    try:
        with remembered.open("rb") as file:
            stored_text, stored = marshal.load(file)
        if stored_text == text:
            return _with_dates(stored)
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = load_yaml(text)
    try:
        encoded = marshal.dumps((text, _without_dates(data)))
    except ValueError:  # an object marshal cannot keep: plain YAML types only are remembered
        return data
    if _with_dates(marshal.loads(encoded)[1]) == data:  # e.g. keys that are dates
        _write_atomically(remembered, encoded)
    return data


def _without_dates(value: Any) -> Any:
    """YAML data with each date as a (tag, ISO text) pair (YAML itself gives no tuples)."""
    if isinstance(value, dict):
        return {key: _without_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_dates(item) for item in value]
    if isinstance(value, datetime | date):
        return (_DATE_TAG, value.isoformat())
    return value


def _with_dates(value: Any) -> Any:
    """The reverse of :func:`_without_dates`."""
    if isinstance(value, dict):
        return {key: _with_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_with_dates(item) for item in value]
    if isinstance(value, tuple) and len(value) == 2 and value[0] == _DATE_TAG:
        text = value[1]
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    return value


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file; a failure leaves no file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
