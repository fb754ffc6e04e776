"""Finding, reading and checking ``config.yaml``.

Lookup order: ``--config FILE``, ``./briefing-tui.yaml`` in the current folder, the user's
config folder (``~/.config/briefing-tui/config.yaml`` on Linux), then the bundled default.
A user file only needs the keys it changes; the rest come from the bundled default.
Every problem is one line naming the file and line: ``config.yaml:12: topics[2] has no query``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.syntax import QueryError, Topic, check_syntax
from index.yaml_safe import YamlError, compose_yaml, load_yaml_remembered

if TYPE_CHECKING:
    import yaml

CONFIG_ENV = "BRIEFING_TUI_CONFIG"
LOCAL_NAME = "briefing-tui.yaml"
KNOWN_KEYS = {"corpus", "notes", "index", "topics", "aliases", "keys", "reader"}
KNOWN_INDEX_KEYS = {"dir", "max_file_mb"}
KNOWN_READER_KEYS = {"align", "pane_width"}


class ConfigError(Exception):
    """A configuration that cannot be used; the message is one line."""


@dataclass
class Config:
    """The settings the app and the command line run with."""

    source: Path  # the file the settings came from (the bundled default if no other)
    corpus: Path | None = None
    notes: Path | None = None
    index_dir: Path | None = None
    max_file_mb: float = 20.0
    topics: list[Topic] = field(default_factory=list)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    align: bool = True
    pane_width: int = 44
    warnings: list[str] = field(default_factory=list)

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def bundled_path(name: str) -> Path:
    """A bundled file (``seeds``, ``config.yaml``): in the installed package or the checkout."""
    installed = Path(__file__).parent / "bundled" / name
    if installed.exists():
        return installed
    return Path(__file__).resolve().parent.parent / name


def user_config_path() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("briefing-tui", appauthor=False)) / "config.yaml"


def find_config(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The user's config file by the lookup order, or None when only the default applies."""
    if explicit is not None:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        return path
    from_env = os.environ.get(CONFIG_ENV)
    if from_env:
        return find_config(from_env)
    for candidate in (Path.cwd() / LOCAL_NAME, user_config_path()):
        if candidate.is_file():
            return candidate
    return None


def load_config(explicit: str | os.PathLike[str] | None = None) -> Config:
    """Load the bundled default, then the user's file over it."""
    default_path = bundled_path("config.yaml")
    default = _read_yaml(default_path)
    user_path = find_config(explicit)
    if user_path is None or user_path.resolve() == default_path.resolve():
        return _build(default, default_path, _Lines(default_path))
    user = _read_yaml(user_path)
    return _build({**default, **user}, user_path, _Lines(user_path))


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(
            f"{path}: cannot read: {getattr(error, 'strerror', None) or error}"
        ) from None
    try:
        data = load_yaml_remembered(text)
    except YamlError as error:
        where = f"{path}:{error.line}" if error.line else str(path)
        raise ConfigError(f"{where}: {error.problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}:1: expected 'key: value' settings, found {_kind(data)}")
    return data


class _Lines:
    """Line numbers of keys in a YAML file, for messages that point at the right line."""

    def __init__(self, path: Path):
        self.path = path
        self._root: yaml.Node | bool | None = False  # composed on first use: messages only

    def _tree(self) -> yaml.Node | None:
        if self._root is False:
            try:
                self._root = compose_yaml(self.path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, YamlError):
                self._root = None
        return self._root

    def at(self, *keys: str | int) -> str:
        node, line = self._tree(), 1
        for key in keys:
            child = _child(node, key)
            if child is None:
                break
            node, line = child, child.start_mark.line + 1
        return f"{self.path}:{line}"


def _child(node, key):
    import yaml  # only here, for a message: PyYAML costs ~20 ms to import

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key]
    return None


def _build(data: dict, source: Path, lines: _Lines) -> Config:
    config = Config(source=source)
    for key in sorted(set(data) - KNOWN_KEYS, key=str):
        config.warnings.append(f"{lines.at(key)}: unknown setting {key!r} ignored")
    base = source.parent
    config.corpus = _path(data.get("corpus"), base, lines, "corpus")
    config.notes = _path(data.get("notes"), base, lines, "notes")
    index = _mapping(data.get("index"), lines, "index")
    for key in sorted(set(index) - KNOWN_INDEX_KEYS, key=str):
        config.warnings.append(f"{lines.at('index', key)}: unknown setting 'index.{key}' ignored")
    config.index_dir = _path(index.get("dir"), base, lines, "index", "dir")
    max_mb = index.get("max_file_mb", 20)
    if isinstance(max_mb, bool) or not isinstance(max_mb, int | float) or max_mb <= 0:
        raise ConfigError(
            f"{lines.at('index', 'max_file_mb')}: index.max_file_mb must be a "
            f"positive number, not {max_mb!r}"
        )
    config.max_file_mb = float(max_mb)
    config.topics = _topics(data.get("topics"), lines)
    config.aliases = _aliases(data.get("aliases"), lines)
    config.keys = _keys(data.get("keys"), lines)
    reader = _mapping(data.get("reader"), lines, "reader")
    for key in sorted(set(reader) - KNOWN_READER_KEYS, key=str):
        config.warnings.append(f"{lines.at('reader', key)}: unknown setting 'reader.{key}' ignored")
    config.align = bool(reader.get("align", True))
    width = reader.get("pane_width", 44)
    if isinstance(width, bool) or not isinstance(width, int) or not 20 <= width <= 400:
        raise ConfigError(
            f"{lines.at('reader', 'pane_width')}: reader.pane_width must be a "
            f"whole number from 20 to 400, not {width!r}"
        )
    config.pane_width = width
    return config


def _mapping(value: Any, lines: _Lines, *keys: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ConfigError(
            f"{lines.at(*keys)}: {'.'.join(keys)} must be a mapping of "
            f"'key: value', not {_kind(value)}"
        )
    return value


def _path(value: Any, base: Path, lines: _Lines, *keys: str) -> Path | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ConfigError(f"{lines.at(*keys)}: {'.'.join(keys)} must be a path, not {_kind(value)}")
    path = Path(os.path.expandvars(value)).expanduser()
    return path if path.is_absolute() else base / path


def _topics(value: Any, lines: _Lines) -> list[Topic]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ConfigError(
            f"{lines.at('topics')}: topics must be a list of "
            f"'- name: ..., query: ...' entries, not {_kind(value)}"
        )
    topics = []
    for number, entry in enumerate(value):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("query"):
            raise ConfigError(
                f"{lines.at('topics', number)}: topics[{number}] needs a name and a query"
            )
        name, query = str(entry["name"]).strip(), str(entry["query"]).strip()
        try:
            check_syntax(query)
        except QueryError as error:
            raise ConfigError(f"{lines.at('topics', number)}: topic {name!r}: {error}") from None
        if any(topic.name.casefold() == name.casefold() for topic in topics):
            raise ConfigError(f"{lines.at('topics', number)}: topic {name!r} is defined twice")
        topics.append(Topic(name, query))
    return topics


def _aliases(value: Any, lines: _Lines) -> dict[str, list[str]]:
    value = _mapping(value, lines, "aliases")
    aliases = {}
    for name, variants in value.items():
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(variants, list) or not all(
            isinstance(v, str | int | float) for v in variants
        ):
            raise ConfigError(
                f"{lines.at('aliases', name)}: aliases.{name} must be a list of spellings"
            )
        aliases[str(name)] = [str(variant) for variant in variants]
    return aliases


def _keys(value: Any, lines: _Lines) -> dict[str, str]:
    value = _mapping(value, lines, "keys")
    keys = {}
    for action, binding in value.items():
        if not isinstance(binding, str) or not binding.strip():
            raise ConfigError(
                f"{lines.at('keys', action)}: keys.{action} must be a key name "
                "such as 'ctrl+f' or 'f,/'"
            )
        keys[str(action)] = binding.strip()
    return keys


def _kind(value: Any) -> str:
    return {
        list: "a list",
        dict: "a mapping",
        str: "text",
        bool: "true/false",
        int: "a number",
        float: "a number",
    }.get(type(value), type(value).__name__)
