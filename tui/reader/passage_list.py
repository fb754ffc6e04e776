"""A list of passages from several articles (Textual's OptionList with vim keys)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding
from textual.widgets import OptionList


class PassageList(OptionList):
    """Options are passages (multi-line Content); j/k move, g/G go to the ends."""

    BINDINGS: ClassVar = [
        Binding("j", "cursor_down", "next", show=False),
        Binding("k", "cursor_up", "previous", show=False),
        Binding("g", "first", "first", show=False),
        Binding("G", "last", "last", show=False),
    ]

    DEFAULT_CSS = """
    PassageList {
        height: 1fr;
        max-height: 100%;
        border: none;
        padding: 0;
        &:focus { border: none; }
        & > .option-list--option { padding: 0 1; }
        & > .option-list--separator { color: $foreground 20%; }
    }
    """
