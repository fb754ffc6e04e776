"""The reader's key bindings: each has an id, and ``keys:`` in config.yaml can remap it.

``keys: {search: "f,slash", pane.next: "ctrl+n"}`` replaces the keys of those bindings
(comma-separated for several keys), the way posting's keymap works; Textual applies it with
``App.set_keymap``. Textual checks no key names (any string binds, and never fires), so an
unknown id, a key Textual's driver never sends (``ctrl+bogus``) or a key left on two actions
is a ``ConfigError`` naming the line of ``config.yaml``.
"""

from __future__ import annotations

import difflib
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from textual.binding import Binding
from textual.keys import KEY_ALIASES, KEY_TO_UNICODE_NAME, Keys, _character_to_key

from tui.config import ConfigError

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")

TOPICS = Binding.Group("topic", compact=True)


@dataclass(frozen=True)
class Section:
    """A heading of the help screen and the binding ids under it."""

    title: str
    ids: tuple[str, ...]


BINDINGS: list[Binding] = [
    # Priority: handled before the keys typed after it are sent on, so "/Kursk" typed fast
    # lands in the box (in the box, the key types itself).
    Binding("slash", "search", "search", priority=True, id="search"),
    *[
        Binding(str(n), f"topic({n - 1})", f"topic {n}", id=f"topic.{n}", group=TOPICS)
        for n in range(1, 10)
    ],
    Binding(
        "e",
        "toggle_expansion",
        "expansion: more words from the best hits",
        show=False,
        id="topic.expansion",
    ),
    Binding("0", "clear_query", "clear the topic or query", show=False, id="query.clear"),
    Binding("j,down", "cursor(1)", "next passage", show=False, id="cursor.down"),
    Binding("k,up", "cursor(-1)", "previous passage", show=False, id="cursor.up"),
    Binding("g,home", "cursor_first", "first passage", show=False, id="cursor.first"),
    Binding("G,end", "cursor_last", "last passage", show=False, id="cursor.last"),
    Binding("pagedown,space", "page(1)", "page down", show=False, id="cursor.page_down"),
    Binding("pageup", "page(-1)", "page up", show=False, id="cursor.page_up"),
    Binding("n", "hit(1)", "next hit", key_display="n/N", id="hit.next"),
    Binding("N", "hit(-1)", "previous hit", show=False, id="hit.previous"),
    Binding(
        "right_square_bracket", "source(1)", "next source", key_display="]/[", id="source.next"
    ),
    Binding(
        "left_square_bracket", "source(-1)", "previous source", show=False, id="source.previous"
    ),
    Binding("tab,l,right", "pane(1)", "next pane", show=False, id="pane.next"),
    Binding("shift+tab,h,left", "pane(-1)", "previous pane", show=False, id="pane.previous"),
    Binding("x", "hide_pane", "hide pane", show=False, id="pane.hide"),
    Binding("X", "show_panes", "show hidden panes", show=False, id="pane.show_all"),
    Binding("S", "sources", "sources list: sort, filter, go to", show=False, id="sources.list"),
    Binding("f", "focus_mode", "focus mode", show=False, id="view.focus_mode"),
    Binding(
        "i", "article_info", "article info and where it came from", show=False, id="article.info"
    ),
    Binding("a", "toggle_align", "align other panes", show=False, id="view.align"),
    Binding("o", "open_source", "open the file at the passage", show=False, id="source.open"),
    Binding("O", "open_source(True)", "open the article's URL", show=False, id="source.open_url"),
    Binding("y", "copy", "copy the passage with its citation", show=False, id="passage.copy"),
    Binding("Y", "copy(False)", "copy the passage's text", show=False, id="passage.copy_text"),
    Binding("b", "bookmark", "bookmark", id="bookmark.add"),
    Binding("B", "bookmark(True)", "bookmark with a note", show=False, id="bookmark.add_with_note"),
    Binding("ctrl+s", "retry_bookmarks", "save waiting bookmarks", show=False, id="bookmark.retry"),
    Binding("m", "notes", "notes", id="notes.open"),
    Binding("c", "coverage", "coverage", id="compare.coverage"),
    Binding("s", "same_fact", "same fact in other sources", show=False, id="compare.same_fact"),
    Binding("D", "disagreements", "numbers that disagree", show=False, id="compare.disagreements"),
    Binding("t", "timeline", "who reported the topic when", show=False, id="view.timeline"),
    Binding("question_mark", "help", "help", id="help"),
    Binding("q", "quit", "quit", id="quit"),
]
"""Every binding of the reader; the first key of each is its default."""

APP_IDS = frozenset({"help", "quit", "notes.open"})
APP_BINDINGS = [binding for binding in BINDINGS if binding.id in APP_IDS]
"""The keys that work on every screen (the App's)."""
READER_BINDINGS = [binding for binding in BINDINGS if binding.id not in APP_IDS]
"""The reader screen's keys."""

SECTIONS = (
    Section(
        "Search",
        ("search", *(f"topic.{n}" for n in range(1, 10)), "query.clear", "topic.expansion"),
    ),
    Section(
        "Move in a pane",
        (
            "cursor.down",
            "cursor.up",
            "cursor.first",
            "cursor.last",
            "cursor.page_down",
            "cursor.page_up",
            "hit.next",
            "hit.previous",
        ),
    ),
    Section(
        "Sources",
        (
            "source.next",
            "source.previous",
            "pane.next",
            "pane.previous",
            "pane.hide",
            "pane.show_all",
            "sources.list",
            "article.info",
            "source.open",
            "source.open_url",
        ),
    ),
    Section(
        "Bookmarks and copies",
        (
            "bookmark.add",
            "bookmark.add_with_note",
            "bookmark.retry",
            "notes.open",
            "passage.copy",
            "passage.copy_text",
        ),
    ),
    Section("View", ("view.focus_mode", "view.align", "view.timeline", "help", "quit")),
    Section(
        "Compare sources",
        ("compare.coverage", "compare.same_fact", "compare.disagreements"),
    ),
)

QUERY_BOX_KEYS = (
    ("enter", "run the query and go back to the panes"),
    ("escape", "leave the query box, back to the query before"),
    ("up / down", "earlier / later queries"),
)
OTHER_KEYS = (
    ("ctrl+p", "command palette: topics, articles, actions"),
    ("mouse", "click a pane or passage to focus it; the wheel scrolls"),
)

BINDING_IDS = frozenset(binding.id for binding in BINDINGS if binding.id)


def binding(binding_id: str) -> Binding:
    return next(b for b in BINDINGS if b.id == binding_id)


def check_keymap(keys: Mapping[str, str], where: Callable[[str], str]) -> dict[str, str]:
    """``config.keys`` as a keymap for ``App.set_keymap``; a ``ConfigError`` for an unknown id,
    a key name Textual never sends, or a key left bound to two actions. ``where(id)`` gives
    the ``file:line`` of ``keys.<id>`` for the message."""
    keymap: dict[str, str] = {}
    for binding_id, key in keys.items():
        if binding_id not in BINDING_IDS:
            close = difflib.get_close_matches(binding_id, sorted(BINDING_IDS), n=1)
            hint = f"did you mean {close[0]!r}?" if close else "the bundled config.yaml lists them"
            raise ConfigError(f"{where(binding_id)}: keys.{binding_id}: no such action ({hint})")
        parts = [part.strip() for part in key.split(",") if part.strip()]
        for part in parts:
            problem = key_problem(part)
            if problem:
                raise ConfigError(f"{where(binding_id)}: keys.{binding_id}: {part!r}: {problem}")
        keymap[binding_id] = ",".join(parts)
    _check_clashes(keymap, where)
    return keymap


def key_problem(key: str) -> str | None:
    """Why Textual would never send ``key`` (``ctrl+bogus+key``), or None if it can."""
    *modifiers, name = key.split("+")
    for modifier in modifiers:
        if modifier not in MODIFIERS:
            return f"{modifier!r} is not a modifier ({', '.join(MODIFIERS)})"
    if len(set(modifiers)) < len(modifiers):
        return "a modifier is given twice"
    if not name:
        return "no key after the last '+'"
    if len(name) == 1 or name in _key_names():
        return None
    return f"{name!r} is not a key name (such as 'a', 'f5', 'pagedown', 'slash', 'space')"


@cache
def _key_names() -> frozenset[str]:
    """The names Textual gives keys: its ``Keys`` and the names of printable characters."""
    names = {key.value.rpartition("+")[2] for key in Keys}
    names.update(KEY_TO_UNICODE_NAME)
    names.update(_character_to_key(character) for character in string.punctuation)
    names.update(alias.rpartition("+")[2] for aliases in KEY_ALIASES.values() for alias in aliases)
    return frozenset(name for name in names if not name.startswith("<"))


def _check_clashes(keymap: Mapping[str, str], where: Callable[[str], str]) -> None:
    """A ``ConfigError`` when a remapped key is also another action's key (the way ``search: q``
    would silently take ``q`` from quit), unless that action is remapped away from it too."""
    owners: dict[str, list[str]] = {}
    for binding_id in (b.id for b in BINDINGS if b.id):
        for key in keys_of(binding_id, keymap):
            owners.setdefault(_key_id(key), []).append(binding_id)
    for key, ids in owners.items():
        remapped = [binding_id for binding_id in ids if binding_id in keymap]
        if len(ids) > 1 and remapped:
            mine = remapped[0]
            written = next(k for k in keys_of(mine, keymap) if _key_id(k) == key)
            others = " and ".join(binding_id for binding_id in ids if binding_id != mine)
            raise ConfigError(
                f"{where(mine)}: keys.{mine}: {written!r} is also the key of {others} "
                f"(give {others} another key under keys:)"
            )


def _key_id(key: str) -> str:
    """The name Textual gives a key: ``/`` is ``slash``."""
    return _character_to_key(key) if len(key) == 1 else key


def keys_of(binding_id: str, keymap: Mapping[str, str]) -> list[str]:
    """The keys bound to ``binding_id`` once the keymap is applied."""
    key = keymap.get(binding_id) or binding(binding_id).key
    return [part.strip() for part in key.split(",") if part.strip()]
