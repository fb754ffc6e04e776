"""The rich console a command prints its output with, to a terminal, a pipe or a file.

On a terminal, lines wrap at its width. Piped or redirected, a line is never hard-wrapped (a
passage stays one line, for grep and friends), and a reader that stops early (``| head``)
ends the output quietly: :func:`tui.cli.main` catches the :class:`BrokenPipeError`.
"""

from __future__ import annotations

from rich.console import Console

PIPE_WIDTH = 1_000_000
"""Columns when not on a terminal: more than any passage, so nothing is wrapped."""


class OutputConsole(Console):
    """A console whose broken pipe is an exception for the caller, not an exit status of 1."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


def output_console() -> OutputConsole:
    """A console on stdout; wide when stdout is not a terminal (see :data:`PIPE_WIDTH`)."""
    console = OutputConsole(highlight=False)
    if not console.is_terminal:
        console.width = PIPE_WIDTH
    return console
