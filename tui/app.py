"""The app: start-up (config, keymap, theme), the reader screen, and the keys of every screen.

The reader itself (panes, queries, the index, its keys) is :class:`ReaderScreen`.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App
from textual.screen import Screen

from tui import keymap, launch_gc
from tui.config import Config
from tui.reader.screen import ReaderScreen
from tui.theme_memory import remember_theme, remembered_theme

if TYPE_CHECKING:
    from textual.theme import Theme

GLOBAL_ACTIONS = {"help", "notes"}  # off while another screen (help, a list) is open


class BriefingApp(App[None]):
    """Read how each source of a briefing covers a topic."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "briefing-tui"
    BINDINGS = keymap.APP_BINDINGS

    def __init__(
        self,
        config: Config,
        root: Path,
        topic: str | None = None,
        notes: str | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.keymap = keymap.check_keymap(config.keys, lambda id_: config.where("keys", id_))
        self.set_keymap(self.keymap)
        self.reader = ReaderScreen(config, Path(root), self.keymap, topic, notes)
        self._theme_kept = remembered_theme()  # the theme chosen last time (ctrl+p)
        if self._theme_kept in self.available_themes:
            self.theme = self._theme_kept

    def get_default_screen(self) -> Screen:
        return self.reader

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._keep_theme)
        self.call_after_refresh(launch_gc.resume)  # held off by the command line's launch

    def _keep_theme(self, theme: Theme) -> None:
        """Remember a newly chosen theme for the next run (in a thread: it writes a file)."""
        if theme.name != self._theme_kept:
            self._theme_kept = theme.name
            self.run_worker(partial(self._write_theme, theme.name), thread=True, group="theme")

    def _write_theme(self, name: str) -> None:
        problem = remember_theme(name)
        if problem:
            self.call_from_thread(self.notify, problem, severity="warning", markup=False)

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.reader.key_pressed()  # its message lasts until the next key
        await super().on_event(event)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in GLOBAL_ACTIONS and len(self.screen_stack) > 1)

    def action_help(self) -> None:
        from tui.reader.help_screen import HelpScreen

        self.push_screen(HelpScreen())

    def action_notes(self) -> None:
        from tui.notes.notes_screen import NotesScreen

        self.push_screen(NotesScreen(self.reader.bookmarks), self.reader.go_to_bookmark)

    async def action_quit(self) -> None:
        if await self.reader.bookmarks.may_quit():  # with bookmarks unsaved, q twice
            await super().action_quit()
