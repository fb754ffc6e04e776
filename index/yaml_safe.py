"""Safe YAML loading: plain data only (no tags that build objects), fast where libyaml is.

The app reads two YAML files at every start: its config and the briefing's ``sources.yaml``.
Importing PyYAML alone costs ~20 ms of that start, so :func:`load_yaml_remembered` keeps what
a text parsed to as JSON in the cache folder, named by a hash of the text, and the next start
with the same text reads that instead. Nothing can go stale: another text has another name.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.cache_dir import default_cache_dir

if TYPE_CHECKING:
    import yaml

PARSED_FOLDER = "parsed-yaml"  # in the cache folder
_DATE_KEY = "__yaml_date__"  # JSON has no dates; YAML turns 2025-03-19 into one


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
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    remembered = (cache_dir or default_cache_dir()) / PARSED_FOLDER / f"{digest}.json"
    try:
        return json.loads(remembered.read_text(encoding="utf-8"), object_hook=_decode_date)
    except (OSError, ValueError):
        pass
    data = load_yaml(text)
    try:
        encoded = json.dumps(data, default=_encode_date, allow_nan=True)
    except (TypeError, ValueError):  # a set, bytes...: plain YAML types only are remembered
        return data
    if json.loads(encoded, object_hook=_decode_date) == data:  # e.g. keys that are not strings
        _write_atomically(remembered, encoded)
    return data


def _encode_date(value: object) -> dict[str, str]:
    if isinstance(value, datetime | date):
        return {_DATE_KEY: value.isoformat()}
    raise TypeError(type(value).__name__)


def _decode_date(mapping: dict[str, Any]) -> Any:
    if len(mapping) == 1 and _DATE_KEY in mapping:
        text = mapping[_DATE_KEY]
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    return mapping


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file; a failure leaves no file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
