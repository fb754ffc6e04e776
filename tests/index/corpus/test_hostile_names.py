"""File names with escape codes never reach the terminal (issue 18, item 2): pane titles, the
palette, ``search`` output and warnings show them neutralised; ``--json`` escapes them, so the
exact name still reads back."""

from __future__ import annotations

import json
import re

from index.corpus.articles import opening_words
from index.search.store import ArticleInfo
from tests.pilot import reader, ready, run
from tui.cli import main
from tui.commands import BriefingCommands

HOSTILE = "x\x1b]0;PWN\x07\x1b[2J.txt"  # sets the terminal's title, then clears the screen
C1 = "y\x9b31m\u202e.md"  # a one-character CSI, and a right-to-left override
RAW = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _corpus(write_corpus):
    return write_corpus(
        {
            HOSTILE: "kursk talks went on.\n\nMore about kursk.\n",  # no title line
            C1: "kursk again here.\n",
            "sub\x1b[1m/z.txt": "kursk in a folder.\n",
            "bin\x1b[5m.txt": b"\x00\x01" * 50,  # skipped: a warning names it
        }
    )


def test_search_output_and_warnings_show_names_neutralised(write_corpus, capsys):
    root = _corpus(write_corpus)
    assert main(["search", "kursk", "--corpus", str(root)]) == 0
    captured = capsys.readouterr()
    assert RAW.findall(captured.out.replace("\n", "")) == []
    assert RAW.findall(captured.err.replace("\n", "")) == []
    assert "x␛]0;PWN␇␛[2J · undated" in captured.out
    assert "y\ufffd31m\ufffd · undated" in captured.out
    assert "skipped 1 file: bin␛[5m.txt: not a text file (binary data)" in captured.err
    assert main(["index", "--corpus", str(root), "--rebuild"]) == 0
    err = capsys.readouterr().err
    assert err == "briefing-tui: warning: skipped bin␛[5m.txt: not a text file (binary data)\n"


def test_json_escapes_every_control_and_keeps_the_exact_name(write_corpus, capsys):
    root = _corpus(write_corpus)
    assert main(["search", "kursk", "--json", "--corpus", str(root)]) == 0
    out = capsys.readouterr().out
    assert RAW.findall(out.replace("\n", "")) == []
    assert '"path": "y\\u009b31m\\u202e.md"' in out
    paths = {article["path"] for article in json.loads(out)["articles"]}
    assert paths == {HOSTILE, C1, "sub\x1b[1m/z.txt"}


def test_a_missing_folder_with_escape_codes_is_one_clean_line(tmp_path, capsys):
    assert main(["search", "kursk", "--corpus", str(tmp_path / "no\x1b[2Jthere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no␛[2Jthere" in err
    assert RAW.findall(err.replace("\n", "")) == []


def test_a_heading_made_of_the_file_name_is_neutralised():
    assert opening_words([], "dir/x\x1b[2J.txt") == "x␛[2J.txt"
    info = ArticleInfo("x\x1b]0;PWN\x07.txt", None, None, None, 0)
    assert info.heading == "x␛]0;PWN␇.txt" and info.label == "x␛]0;PWN␇"


@run
async def test_pane_titles_and_palette_show_names_neutralised(write_corpus):
    app = reader(_corpus(write_corpus))
    async with app.run_test(size=(120, 30)) as pilot:
        await ready(pilot)
        titles = [view.title() for view in app.reader.views]
        assert RAW.findall("".join(titles)) == []
        assert any(title.startswith("x␛]0;PWN␇␛[2J") for title in titles)
        commands = list(BriefingCommands(app.screen)._commands())
        shown = "".join(text + help_text for text, _action, help_text in commands)
        assert RAW.findall(shown) == []
        assert "x␛]0;PWN␇␛[2J.txt" in shown  # the file's name, as the palette's help
        for pane in app.reader.panes:
            assert RAW.findall(str(pane.border_title) + str(pane.border_subtitle)) == []
