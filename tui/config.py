"""Finding, reading and checking ``config.yaml``.

Lookup order: ``--config FILE``, ``./briefing-tui.yaml`` in the current folder, the user's
config folder (``~/.config/briefing-tui/config.yaml`` on Linux), then the bundled default.
A user file only needs the keys it changes; the rest come from the bundled default (a user's
``topics:`` replaces the bundled list). Every problem is one line naming the file and line:
``config.yaml:12: topics[2] has no query``. Unknown keys and values of the wrong kind are
errors, not warnings: a typo would otherwise drop a setting without a word.
"""

from __future__ import annotations

import difflib
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from index.cache_dir import default_cache_dir
from index.search.syntax import TOPIC_FIELDS, QueryError, Topic, check_syntax, topic_part
from index.yaml_remembered import load_yaml_remembered
from index.yaml_safe import YamlError, compose_yaml
from tui.reader.citation import DEFAULT_CITATION, citation_problem
from tui.resources import bundled_path

if TYPE_CHECKING:
    import yaml

CONFIG_ENV = "BRIEFING_TUI_CONFIG"
LOCAL_NAME = "briefing-tui.yaml"
KNOWN_KEYS = {
    "corpus",
    "notes",
    "index",
    "topics",
    "aliases",
    "outlets",
    "keys",
    "reader",
    "citation",
    "bookmark_command",
    "bookmark_command_timeout",
}
KNOWN_INDEX_KEYS = {"dir", "max_file_mb"}
KNOWN_READER_KEYS = {"align", "pane_width", "expansion"}
TOPIC_KEYS = 9  # topics past the ninth have no number key (the palette still offers them)


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
    outlets: dict[str, str] = field(default_factory=dict)  # web host -> outlet name
    keys: dict[str, str] = field(default_factory=dict)
    align: bool = True
    pane_width: int = 44
    expansion: bool = False  # every query expands (key e toggles it for the session)
    citation: str = DEFAULT_CITATION  # what y copies (tui/reader/citation.py)
    bookmark_command: list[str] | None = None  # gets each new bookmark (tui/notes/hook.py)
    bookmark_command_timeout: float = 10.0
    warnings: list[str] = field(default_factory=list)
    lines: _Lines | None = field(default=None, repr=False, compare=False)

    @property
    def cache_dir(self) -> Path:
        """Where indexes and listings are kept: ``index.dir``, else the user cache folder."""
        return self.index_dir or default_cache_dir()

    def where(self, *keys: str | int) -> str:
        """``file:line`` of a setting (``where("keys", "search")``), for one-line errors."""
        return self.lines.at(*keys) if self.lines else str(self.source)

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


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
        data = load_yaml_remembered(text, default_cache_dir())
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
            found = _child(node, key)
            if found is None:
                break
            node, line = found[1], found[0].start_mark.line + 1
        return f"{self.path}:{line}"


def _child(node, key):
    """The node that names ``key`` (its key, or the list item) and the node of its value."""
    import yaml  # only here, for a message: PyYAML costs ~20 ms to import

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == key:
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return node.value[key], node.value[key]
    return None


def _build(data: dict, source: Path, lines: _Lines) -> Config:
    config = Config(source=source, lines=lines)
    _no_unknown(data, KNOWN_KEYS, lines)
    base = source.parent
    config.corpus = _path(data.get("corpus"), base, lines, "corpus")
    config.notes = _path(data.get("notes"), base, lines, "notes")
    index = _mapping(data.get("index"), lines, "index")
    _no_unknown(index, KNOWN_INDEX_KEYS, lines, "index")
    config.index_dir = _path(index.get("dir"), base, lines, "index", "dir")
    max_mb = index.get("max_file_mb", 20)
    if isinstance(max_mb, bool) or not isinstance(max_mb, int | float) or max_mb <= 0:
        raise ConfigError(
            f"{lines.at('index', 'max_file_mb')}: index.max_file_mb must be a "
            f"positive number, not {max_mb!r}"
        )
    config.max_file_mb = float(max_mb)
    config.topics = _topics(data.get("topics"), lines)
    if len(config.topics) > TOPIC_KEYS:
        extra = ", ".join(repr(topic.name) for topic in config.topics[TOPIC_KEYS:])
        config.warnings.append(
            f"{lines.at('topics', TOPIC_KEYS)}: keys 1-9 show the first nine topics; "
            f"{extra} only from the command palette (ctrl+p)"
        )
    config.aliases = _aliases(data.get("aliases"), lines)
    config.outlets = _outlets(data.get("outlets"), lines)
    config.keys = _keys(data.get("keys"), lines)
    reader = _mapping(data.get("reader"), lines, "reader")
    _no_unknown(reader, KNOWN_READER_KEYS, lines, "reader")
    config.align = _bool(reader.get("align", True), lines, "reader", "align")
    config.expansion = _bool(reader.get("expansion", False), lines, "reader", "expansion")
    width = reader.get("pane_width", 44)
    if isinstance(width, bool) or not isinstance(width, int) or not 20 <= width <= 400:
        raise ConfigError(
            f"{lines.at('reader', 'pane_width')}: reader.pane_width must be a "
            f"whole number from 20 to 400, not {width!r}"
        )
    config.pane_width = width
    config.citation = _citation(data.get("citation", DEFAULT_CITATION), lines)
    config.bookmark_command = _command(data.get("bookmark_command"), lines)
    timeout = data.get("bookmark_command_timeout", 10)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigError(
            f"{lines.at('bookmark_command_timeout')}: bookmark_command_timeout must be a "
            f"positive number of seconds, not {timeout!r}"
        )
    config.bookmark_command_timeout = float(timeout)
    return config


def _command(value: Any, lines: _Lines) -> list[str] | None:
    """``bookmark_command``: text split as a shell would, or a list of words; None if empty."""

    def error(problem: str) -> ConfigError:  # the line is looked up for a message only
        return ConfigError(f"{lines.at('bookmark_command')}: bookmark_command {problem}")

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            words = shlex.split(value)
        except ValueError as problem:  # "No closing quotation"
            raise error(f"cannot be split into words ({str(problem).lower()})") from None
    elif isinstance(value, list) and all(
        isinstance(word, str | int | float) and not isinstance(word, bool) for word in value
    ):
        words = [str(word) for word in value]
    else:
        raise error(f"must be a command (text, or a list of words), not {value!r}")
    if not words or not words[0].strip():
        raise error("names no command")
    return [os.path.expanduser(words[0]), *words[1:]]


def _citation(value: Any, lines: _Lines) -> str:
    problem = citation_problem(value) if isinstance(value, str) else f"not text: {value!r}"
    if problem:
        raise ConfigError(f"{lines.at('citation')}: citation: {problem}")
    return value


def _no_unknown(data: dict, known: set[str], lines: _Lines, *section: str) -> None:
    """An error for the first key of ``data`` that is not a setting, with the likely one."""
    unknown = sorted(set(data) - known, key=str)
    if not unknown:
        return
    key = str(unknown[0])
    close = difflib.get_close_matches(key, sorted(known), n=1)
    if close:
        hint = f"did you mean {'.'.join((*section, close[0]))!r}?"
    else:
        hint = "known: " + ", ".join(sorted(known))
    name = ".".join((*section, key))
    raise ConfigError(f"{lines.at(*section, key)}: unknown setting {name!r} ({hint})")


def _bool(value: Any, lines: _Lines, *keys: str) -> bool:
    if isinstance(value, bool):
        return value
    quoted = " (write it without quotes)" if str(value).lower() in _YAML_BOOLS else ""
    raise ConfigError(
        f"{lines.at(*keys)}: {'.'.join(keys)} must be true or false, not {value!r}{quoted}"
    )


_YAML_BOOLS = {"true", "false", "yes", "no", "on", "off"}


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
        topics.append(Topic(name, query, **_topic_parts(entry, name, lines, number)))
    return topics


def _topic_parts(entry: dict, name: str, lines: _Lines, number: int) -> dict[str, Any]:
    """A topic's ``also``, ``except`` and ``context`` queries, each checked, and ``expand``."""
    parts: dict[str, Any] = {}
    for key, value in entry.items():

        def where(key: str = key) -> str:  # the line is looked up for a message only
            return lines.at("topics", number, key)

        if key not in TOPIC_FIELDS:
            known = ", ".join(TOPIC_FIELDS)
            raise ConfigError(f"{where()}: topic {name!r}: unknown key {key!r} (known: {known})")
        if key in ("name", "query"):
            continue
        if key == "expand":
            if not isinstance(value, bool):
                raise ConfigError(f"{where()}: topic {name!r}: expand must be true or false")
            parts["expand"] = value
            continue
        try:
            parts[TOPIC_FIELDS[key]] = topic_part(value, key)
        except QueryError as error:
            raise ConfigError(f"{where()}: topic {name!r}: {error}") from None
    return parts


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


def _outlets(value: Any, lines: _Lines) -> dict[str, str]:
    """``outlets: {news.example.com: Example News}``: hosts the shipped table lacks."""
    value = _mapping(value, lines, "outlets")
    outlets = {}
    for host, name in value.items():
        host_text = str(host).strip().casefold().removeprefix("www.")
        if not isinstance(name, str) or not name.strip() or "/" in host_text or " " in host_text:
            raise ConfigError(
                f"{lines.at('outlets', host)}: outlets.{host} must be a web host (news.example.com)"
                " and the outlet's name"
            )
        outlets[host_text] = " ".join(name.split())
    return outlets


def _keys(value: Any, lines: _Lines) -> dict[str, str]:
    value = _mapping(value, lines, "keys")
    keys = {}
    for action, binding in value.items():
        if isinstance(binding, int) and not isinstance(binding, bool):
            binding = str(binding)  # `topic.1: 5`: YAML reads the key as a number
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
