"""Opening an article outside the reader: the command that shows its file at a passage.

``o`` runs ``$VISUAL``, else ``$EDITOR``, else ``$PAGER`` (else ``less``) with ``+LINE FILE``;
the app suspends itself around it. Headless: no Textual here.
"""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Mapping
from pathlib import Path

from index.corpus.articles import Article

PLAIN_SUFFIXES = (".txt",)  # files whose text is the article text, line for line
OPENING_WORDS = 4  # words of a passage looked for in a file that was rendered (.md, .html)


def passage_line(file_text: str | None, article: Article, number: int) -> int:
    """The line (from 1) of ``file_text`` where passage ``number`` of ``article`` starts.

    In a plain-text file the passage's offset says it; in Markdown or a saved page the
    reader shows rendered text, so the line is the first holding the passage's opening
    words (markup may stand between them); 1 when they are not found."""
    if not 0 <= number < len(article.passages):
        return 1
    passage = article.passages[number]
    if article.path.lower().endswith(PLAIN_SUFFIXES):
        return article.text.count("\n", 0, passage.start) + 1
    words = re.findall(r"\w+", passage.text)[:OPENING_WORDS]
    if not words or not file_text:
        return 1
    pattern = re.compile(r"\W+(?:\S*?\W+)??".join(re.escape(word) for word in words))
    for line_number, line in enumerate(file_text.splitlines(), 1):
        if pattern.search(line):
            return line_number
    return 1


def viewer_command(path: Path, line: int, environ: Mapping[str, str]) -> list[str] | None:
    """``$VISUAL``/``$EDITOR``/``$PAGER`` (``less`` if none is set) with ``+LINE PATH``;
    None when there is none to run. The variables may hold arguments (``code --wait``)."""
    for name in ("VISUAL", "EDITOR", "PAGER"):
        value = environ.get(name, "").strip()
        if value:
            try:
                words = shlex.split(value)
            except ValueError:
                words = value.split()
            return [*words, f"+{line}", str(path)]
    less = shutil.which("less")
    return [less, f"+{line}", str(path)] if less else None


def read_file_text(path: Path, encoding: str) -> str | None:
    """The file's text in the encoding it was read with (for finding a line), or None."""
    try:
        return path.read_bytes().decode(encoding, errors="replace")
    except (OSError, LookupError):
        return None
