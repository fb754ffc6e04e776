"""o/O open the source, y/Y copy with a citation (issue 15, items 1 and 2)."""

from __future__ import annotations

import contextlib
import stat
import sys
from pathlib import Path

import pytest

from tests.pilot import WIDE, press, reader, ready, run
from tui.config import ConfigError, load_config
from tui.reader.citation import DEFAULT_CITATION, citation_problem, cite
from tui.reader.open_source import passage_line, viewer_command

WIRE_MD = """---
title: Grain corridor talks resume in Istanbul
source: https://www.example-wire.test/world/grain-talks
site_name: Example Wire
published: 2024-06-02
author: Jane Roe
---

# Grain corridor talks resume in Istanbul

Negotiators from both sides met on Sunday to discuss *safe passage* for cargo ships.

The talks focused on **inspections** of vessels leaving Odesa and two other ports.

A second round is expected next week, officials said.
"""

HARBOUR_TXT = """Harbour Daily

Port strike enters third day

By Sam Poe

Dock workers at the northern port stayed off the job for a third day on Tuesday.

Union leaders said inspections of vessels had doubled the time needed to unload.

The port authority said talks would resume on Friday.
"""


@pytest.fixture
def briefing(write_corpus) -> Path:
    return write_corpus({"grain.md": WIRE_MD, "harbour.txt": HARBOUR_TXT})


@pytest.fixture
def editor(tmp_path, monkeypatch) -> Path:
    """A stand-in $EDITOR that writes its arguments, one a line, to a file."""
    record = tmp_path / "editor-args.txt"
    script = tmp_path / "fake-editor"
    script.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(record)!r}, 'w').write('\\n'.join(sys.argv[1:]))\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{script} --wait")
    return record


def record_suspends(app) -> list[str]:
    """Replace ``app.suspend`` (the headless driver cannot suspend) by one that records."""
    events: list[str] = []

    @contextlib.contextmanager
    def suspend():
        events.append("suspended")
        yield
        events.append("resumed")

    app.suspend = suspend
    return events


def message(app) -> str:
    return str(app.query_one("#message").render())


def focus_file(app, name: str) -> None:
    app.reader.focus_view(app.reader.view_for(name))


# -- o: the file in the editor at the passage ------------------------------------------------------


@run
async def test_o_opens_the_file_at_the_passage_line_in_editor_and_comes_back(briefing, editor):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        events = record_suspends(app)
        focus_file(app, "harbour.txt")
        await press(pilot, "g", "j", "j", "j", "j")
        view = app.reader.focused_view
        assert view.article.passages[view.cursor].text.startswith("Union leaders")
        await press(pilot, "o")
        assert editor.read_text().splitlines() == ["--wait", "+9", str(briefing / "harbour.txt")]
        assert events == ["suspended", "resumed"]
        assert app.reader.focused_view is view and view.cursor == 4  # the same state after
        assert "back from harbour.txt line 9" in message(app)


@run
async def test_o_on_markdown_finds_the_line_of_the_rendered_passage(briefing, editor):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        record_suspends(app)
        focus_file(app, "grain.md")
        await press(pilot, "g", "j", "j")  # "The talks focused on inspections…" (**…** in the file)
        await press(pilot, "o")
        assert editor.read_text().splitlines()[1:] == ["+13", str(briefing / "grain.md")]


@run
async def test_o_says_so_when_the_editor_fails_or_cannot_run(briefing, monkeypatch):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        record_suspends(app)
        monkeypatch.delenv("VISUAL", raising=False)
        monkeypatch.setenv("EDITOR", "/nonexistent/editor-h8")
        await press(pilot, "o")
        assert "cannot run /nonexistent/editor-h8" in message(app)
        monkeypatch.setenv("EDITOR", "false")
        await press(pilot, "o")
        assert "false ended with status 1" in message(app)


def test_viewer_command_prefers_visual_then_editor_then_pager(tmp_path):
    path = tmp_path / "a.txt"
    both = {"VISUAL": "code --wait", "EDITOR": "vi", "PAGER": "less -R"}
    assert viewer_command(path, 3, both) == ["code", "--wait", "+3", str(path)]
    assert viewer_command(path, 3, {"EDITOR": "vi", "PAGER": "most"})[0] == "vi"
    assert viewer_command(path, 7, {"PAGER": "less -R"}) == ["less", "-R", "+7", str(path)]


def test_passage_line_falls_back_to_the_first_line_when_the_words_are_not_in_the_file(
    write_corpus,
):
    from index.corpus.articles import load_corpus

    root = write_corpus({"grain.md": WIRE_MD})
    article = load_corpus(root).articles[0]
    assert passage_line(WIRE_MD, article, 3) == 15
    assert passage_line("nothing alike here", article, 3) == 1
    assert passage_line(WIRE_MD, article, 99) == 1


# -- O: the URL in the browser ---------------------------------------------------------------------


@run
async def test_capital_o_opens_the_articles_url_or_says_there_is_none(briefing):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        opened: list[str] = []
        app.open_url = lambda url, **_: opened.append(url)
        focus_file(app, "grain.md")
        await press(pilot, "O")
        assert opened == ["https://www.example-wire.test/world/grain-talks"]
        assert "opening https://www.example-wire.test/world/grain-talks" in message(app)
        focus_file(app, "harbour.txt")
        await press(pilot, "O")
        assert opened == ["https://www.example-wire.test/world/grain-talks"]
        assert "no URL known" in message(app)


# -- y / Y: copy with a citation -----------------------------------------------------------------


@run
async def test_y_copies_the_passage_with_its_citation_and_Y_the_text_alone(briefing):
    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        focus_file(app, "grain.md")
        await press(pilot, "g", "j")
        await press(pilot, "y")
        assert app.clipboard == (
            '"Negotiators from both sides met on Sunday to discuss safe passage for cargo '
            'ships."\n— Example Wire, "Grain corridor talks resume in Istanbul", 2024-06-02, '
            "https://www.example-wire.test/world/grain-talks, ¶2"
        )
        assert "copied Example Wire ¶2 (with its citation)" in message(app)
        await press(pilot, "Y")
        assert app.clipboard == (
            "Negotiators from both sides met on Sunday to discuss safe passage for cargo ships."
        )
        assert "copied Example Wire ¶2 (text)" in message(app)


@run
async def test_y_without_url_cites_the_file_and_the_format_comes_from_config(briefing, tmp_path):
    user = tmp_path / "config.yaml"
    user.write_text("citation: '{outlet} ({date}) {file} ¶{passage}: {text}'\n")
    app = reader(briefing, config=load_config(user))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        focus_file(app, "harbour.txt")
        await press(pilot, "G", "y")
        assert app.clipboard == (
            "harbour (undated) harbour.txt ¶6: The port authority said talks would resume on "
            "Friday."
        )


def test_a_bad_citation_format_is_a_config_error_naming_the_line(tmp_path):
    user = tmp_path / "config.yaml"
    user.write_text("reader:\n  align: true\ncitation: '{outlet} {page}'\n")
    with pytest.raises(ConfigError) as caught:
        load_config(user)
    assert str(caught.value) == (
        f"{user}:3: citation: unknown field {{page}} (fields: text, outlet, title, date, "
        "author, url, file, where, passage)"
    )
    assert "not a format" in citation_problem("{outlet")
    assert citation_problem(DEFAULT_CITATION) is None


def test_cite_keeps_article_text_as_written(write_corpus):
    from index.corpus.articles import load_corpus

    root = write_corpus({"odd.txt": "Odd Daily\n\nA [bold] claim of {braces} and 100% *stars*.\n"})
    article = load_corpus(root).articles[0]
    assert (
        cite(article, 1, "{text} / {outlet}")
        == "A [bold] claim of {braces} and 100% *stars*. / odd"
    )


@run
async def test_the_palette_offers_the_new_actions(briefing):
    from tui.commands import BriefingCommands

    app = reader(briefing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        focus_file(app, "grain.md")
        await press(pilot, "g", "j")
        provider = BriefingCommands(app.screen)
        commands = {text: command for text, command, _help in provider._commands()}
        assert {"Sources list…", "Timeline of the topic", "Open the article's URL"} <= set(commands)
        await commands["Copy the passage's text"]()
        assert app.clipboard.startswith("Negotiators from both sides met on Sunday")
