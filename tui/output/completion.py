"""Shell completion scripts (bash, zsh, fish), generated from the argument parsers by shtab.

Imported only by ``briefing-tui completion``: a launch of the reader never loads shtab.
"""

from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh", "fish")


def _with_app_options(commands: argparse.ArgumentParser, app: argparse.ArgumentParser) -> None:
    """Give the commands' parser the reader's own options (``--topic``, ``--notes``...)."""
    for action in app._actions:
        known = commands._option_string_actions
        if action.option_strings and not any(option in known for option in action.option_strings):
            commands._add_action(action)


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def _complete_paths(parser: argparse.ArgumentParser) -> None:
    """Folders after a ``PATH`` or ``FOLDER`` argument, files after a ``FILE``."""
    import shtab

    for each in _parsers(parser):
        for action in each._actions:
            if action.metavar in ("PATH", "FOLDER"):
                action.complete = shtab.DIRECTORY  # type: ignore[attr-defined]
            elif action.metavar == "FILE":
                action.complete = shtab.FILE  # type: ignore[attr-defined]


def completion_script(
    shell: str, commands: argparse.ArgumentParser, app: argparse.ArgumentParser
) -> str:
    """The completion script for ``shell`` of the commands' parser and the app's options."""
    import shtab

    _with_app_options(commands, app)
    _complete_paths(commands)
    return shtab.complete(commands, shell=shell)
