"""Safe YAML loading: plain data only (no tags that build objects), fast where libyaml is.

The app reads two YAML files at every start: its config and the briefing's ``sources.yaml``.
Importing PyYAML alone costs ~20 ms of that start, so :func:`load_yaml_remembered` keeps what
a text parsed to in the cache folder (with ``marshal``, which costs no import, unlike JSON and
hashlib), together with the text itself; the next start with the same text reads that
instead. Nothing can go stale: the remembered text must equal the text read.
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
    """Parse ``text`` as YAML into plain data; raises :class:`YamlError`."""
    yaml, loader = _yaml()
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise YamlError(problem, mark.line + 1 if mark else None) from None


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
