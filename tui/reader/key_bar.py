"""The bottom row: the main keys, as remapped by the config.

Textual's Footer rebuilds its key widgets whenever the focus moves, which costs a frame's
worth of time on every topic key; the reader's main keys do not depend on the focus, so
one line of text drawn once does the job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from tui import keymap

PALETTE_KEY = "ctrl+p"


def key_bar_content(keys: Mapping[str, str], key_display: Callable[[Binding], str]) -> Content:
    """`` / search  1-9 topic  n/N next hit … `` for the bindings shown in the footer."""
    parts: list[Content] = []
    shown_group = False
    for binding in keymap.BINDINGS:
        if not binding.show or binding.id is None:
            continue
        if binding.group is not None:
            if shown_group:
                continue
            shown_group = True
            members = [b for b in keymap.BINDINGS if b.group is binding.group and b.id]
            first = key_display(binding.with_key(keymap.keys_of(members[0].id, keys)[0]))
            last = key_display(binding.with_key(keymap.keys_of(members[-1].id, keys)[0]))
            parts.append(_entry(f"{first}-{last}", binding.group.description))
            continue
        key = keymap.keys_of(binding.id, keys)[0]
        if binding.key_display and binding.id not in keys:
            shown = binding.key_display
        else:
            shown = key_display(binding.with_key(key))
        parts.append(_entry(shown, binding.description))
    parts.append(_entry(key_display(Binding(PALETTE_KEY, "")), "palette"))
    return Content(" ").join(parts)


def _entry(key: str, description: str) -> Content:
    return Content.assemble((f" {key}", "bold $footer-key-foreground"), " ", description)


class KeyBar(Static):
    """One line of the reader's main keys."""

    DEFAULT_CSS = """
    KeyBar {
        height: 1;
        dock: bottom;
        background: $footer-background;
        color: $footer-foreground;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def show_keys(self, keys: Mapping[str, str]) -> None:
        self.update(key_bar_content(keys, self.app.get_key_display))
