"""The keys that take the focused passage out of the reader.

- ``o``: its file in ``$VISUAL``/``$EDITOR``/``$PAGER`` at the passage's line (the app
  suspends, and comes back as it was);
- ``O``: the article's URL in the browser;
- ``y``/``Y``: the passage with its citation (``citation:`` in config.yaml), or alone, to the
  clipboard (Textual's OSC 52).
"""

from __future__ import annotations

import os
import subprocess
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported

from index.corpus.textclean import one_line
from tui.reader.citation import cite
from tui.reader.open_source import passage_line, read_file_text, viewer_command

if TYPE_CHECKING:
    from tui.reader.article_view import ArticleView
    from tui.reader.reader_api import Reader

NO_TEXT = "no passage here: this article has no text"


def _focused(reader: Reader) -> ArticleView | None:
    view = reader.focused_view
    if view is None or not view.article.passages:
        reader.set_message(NO_TEXT)
        return None
    return view


def open_file(reader: Reader) -> None:
    """Show the focused article's file at the passage under the cursor, then come back."""
    view = _focused(reader)
    if view is None:
        return
    article = view.article
    path = reader.root / article.path
    line = passage_line(read_file_text(path, article.encoding), article, view.cursor)
    command = viewer_command(path, line, os.environ)
    if command is None:
        reader.set_message("set $EDITOR, $VISUAL or $PAGER to open articles", error=True)
        return
    try:
        with reader.app.suspend():
            finished = subprocess.run(command, check=False)
    except SuspendNotSupported:
        reader.set_message("o opens an editor only in a terminal (not in a browser)", error=True)
        return
    except OSError as error:
        reader.set_message(f"cannot run {command[0]}: {error.strerror or error}", error=True)
        return
    if finished.returncode:
        reader.set_message(f"{command[0]} ended with status {finished.returncode}", error=True)
    else:
        reader.set_message(f"back from {one_line(article.path)} line {line}")


def open_url(reader: Reader) -> None:
    """Open the focused article's URL (from its front matter, page or sources.yaml)."""
    view = reader.focused_view
    if view is None:
        return
    url = view.article.url
    if not url:
        label = view.article.label
        reader.set_message(f"{label}: no URL known for this article (i shows its info)")
        return
    reader.app.open_url(url)
    reader.set_message(f"opening {url}")


def copy_passage(reader: Reader, with_citation: bool = True) -> None:
    """Copy the passage under the cursor, with its citation or alone."""
    view = _focused(reader)
    if view is None:
        return
    article, number = view.article, view.cursor
    if with_citation:
        reader.app.copy_to_clipboard(cite(article, number, reader.config.citation))
        what = "with its citation"
    else:
        reader.app.copy_to_clipboard(article.passages[number].text)
        what = "text"
    reader.set_message(f"copied {article.label} ¶{number + 1} ({what})")
