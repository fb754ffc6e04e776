"""``bookmark_command``: each new bookmark reaches the user's command as JSON on stdin, after
it is in the notes file; a command that fails is said in one message and the bookmark stays.

The commands are small executable scripts written into the test's working folder, so that
messages name them exactly (``./fail.py``).
"""

from __future__ import annotations

import gc
import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from textual import events

from tests.pilot import SAVED, WIDE, errors, kept, notes_reader, press, ready, run, settle, until
from tests.seed_files import UNN
from tui.app import BriefingApp
from tui.cli import main
from tui.config import ConfigError, load_config
from tui.notes.bookmarks import SAVED as MARK_SAVED
from tui.notes.hook import SHOWN_CHARS, bookmark_json, deliver
from tui.notes.in_order import InOrder
from tui.notes.notes_file import NotesFile

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
KEPT = "\nThe bookmark is kept in notes.md."


def script(name: str, body: str) -> str:
    """An executable Python script ``name`` in the working folder; its path as ``./name``."""
    path = Path(name)
    path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n", encoding="utf-8")
    path.chmod(0o755)
    return f"./{name}"


def recorder(out: Path) -> list[str]:
    """A command that appends what it reads on stdin to ``out``."""
    return [script("record.py", f"open({str(out)!r}, 'a').write(sys.stdin.read())")]


@pytest.fixture
def failing() -> list[str]:
    """Reads the bookmark, says "boom" (after a blank line) and exits with status 3."""
    body = "sys.stdin.read(); sys.stderr.write('\\nboom\\nmore\\n'); sys.exit(3)"
    return [script("fail.py", body), "--verbose"]


def reader(notes: Path, command: list[str] | None, timeout: float = 10.0) -> BriefingApp:
    config = replace(load_config(), bookmark_command=command, bookmark_command_timeout=timeout)
    return notes_reader(notes, config=config)


def message(app) -> str:
    """The line under the top row, or "" when none is shown."""
    found = app.screen.query("#message")
    return str(found.first().render()) if found else ""


def in_notes(notes: Path) -> list[tuple[str, int]]:
    return [(b.file, b.passage) for b in NotesFile(notes).read().bookmarks]


# -- headless: the JSON and the command ------------------------------------------------------


def test_the_json_is_the_notes_export_of_the_bookmark_on_one_line():
    bookmark = kept(UNN, 2, note="check the [count]", tags=("kursk", "front line"), query="Kursk")
    text = bookmark_json(bookmark)
    assert text.endswith("}\n") and text.count("\n") == 1
    fields = json.loads(text)
    assert fields == bookmark.to_dict()
    assert fields["quote"] == bookmark.quote and fields["passage"] == 3
    assert (fields["note"], fields["tags"], fields["query"]) == (
        "check the [count]",
        ["kursk", "front-line"],
        "Kursk",
    )


def test_a_command_gets_the_bookmark_on_stdin(tmp_path):
    out = tmp_path / "got.jsonl"
    bookmark = kept(UNN, 2, note="a note")
    assert deliver(recorder(out), bookmark) is None
    assert out.read_text(encoding="utf-8") == bookmark_json(bookmark)


def test_a_failing_command_is_named_with_its_status_and_first_stderr_line(failing):
    assert deliver(failing, kept(UNN, 2)) == (
        "bookmark_command ./fail.py --verbose: exit status 3: boom"
    )


def test_a_missing_executable_is_said():
    assert deliver(["./no-such-hook", "--flag"], kept(UNN, 2)) == (
        "bookmark_command ./no-such-hook --flag: not found"
    )


def test_a_file_that_is_not_executable_is_said():
    Path("hook.sh").write_text("#!/bin/sh\ncat\n", encoding="utf-8")
    assert deliver(["./hook.sh"], kept(UNN, 2)) == "bookmark_command ./hook.sh: permission denied"


def test_a_command_that_hangs_is_stopped_with_what_it_started():
    hangs = ["sh", "-c", "sleep 60 & echo $! > pid; wait"]
    assert deliver(hangs, kept(UNN, 2), timeout=0.5) == (
        "bookmark_command sh -c 'sleep 60 & echo $! > pid; wait': no answer after 0.5 s (stopped)"
    )
    assert not _alive(int(Path("pid").read_text()))


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    for _ in range(10_000):  # it was killed; its reaping by init may take a moment
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return False
        if state in ("Z", "X"):
            return False
    return True


def test_stderr_escape_codes_are_shown_neutralised_and_cut():
    noisy = [script("noisy.py", "sys.stderr.write('\\x1b[31m' + 'x' * 200); sys.exit(1)")]
    message = deliver(noisy, kept(UNN, 2))
    assert message is not None and message.startswith(
        "bookmark_command ./noisy.py: exit status 1: "
    )
    reason = message.removeprefix("bookmark_command ./noisy.py: exit status 1: ")
    assert reason == "\u241b[31m" + "x" * (SHOWN_CHARS - 6) + "…"


def test_the_queue_hands_bookmarks_over_in_order_and_reports_each_failure(tmp_path, failing):
    out = tmp_path / "got.jsonl"
    first, second = kept(UNN, 1), kept(UNN, 2)
    queue = InOrder()
    assert queue.put([first, second]) is True
    assert queue.put([]) is False  # a drain is due already: one is enough
    queue.drain(lambda bookmark: deliver(recorder(out), bookmark))
    assert out.read_text(encoding="utf-8") == bookmark_json(first) + bookmark_json(second)
    failures: list[str | None] = []
    assert queue.put([first, second]) is True  # the last drain ended: the next put starts one
    queue.drain(lambda bookmark: failures.append(deliver(failing, bookmark)))
    assert failures == ["bookmark_command ./fail.py --verbose: exit status 3: boom"] * 2


# -- the config --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("notify-send 'Bookmark kept'", ["notify-send", "Bookmark kept"]),
        ("[tee, -a, /tmp/b.jsonl]", ["tee", "-a", "/tmp/b.jsonl"]),
        ("[hook, --wait, 5]", ["hook", "--wait", "5"]),
        ("~/bin/hook -v ~", [str(Path.home() / "bin/hook"), "-v", "~"]),
        ("''", None),
        ("'  '", None),
        ("", None),
    ],
)
def test_the_command_is_text_split_as_a_shell_would_or_a_list(tmp_path, value, words):
    path = tmp_path / "c.yaml"
    path.write_text(f"bookmark_command: {value}\n", encoding="utf-8")
    assert load_config(path).bookmark_command == words


def test_the_config_reads_the_command_and_its_timeout(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("bookmark_command: tee -a 'my notes.jsonl'\nbookmark_command_timeout: 2.5\n")
    config = load_config(path)
    assert config.bookmark_command == ["tee", "-a", "my notes.jsonl"]
    assert config.bookmark_command_timeout == 2.5
    bundled = load_config()
    assert (bundled.bookmark_command, bundled.bookmark_command_timeout) == (None, 10.0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bookmark_command: 42", "bookmark_command must be a command (text, or a list of words)"),
        ("bookmark_command: {run: tee}", "bookmark_command must be a command"),
        ("bookmark_command: [tee, [a]]", "bookmark_command must be a command"),
        ("bookmark_command: [tee, true]", "bookmark_command must be a command"),
        ("bookmark_command: []", "bookmark_command names no command"),
        (
            'bookmark_command: "tee \'open"',
            "bookmark_command cannot be split into words (no closing quotation)",
        ),
        (
            "bookmark_command_timeout: 0",
            "bookmark_command_timeout must be a positive number of seconds, not 0",
        ),
        ("bookmark_command_timeout: 'ten'", "bookmark_command_timeout must be a positive"),
        ("bookmark_command_timeout: true", "bookmark_command_timeout must be a positive"),
        ("bookmark_comand: tee", "unknown setting 'bookmark_comand' (did you mean"),
    ],
)
def test_a_broken_command_setting_is_one_line_with_file_and_line(tmp_path, text, message):
    path = tmp_path / "c.yaml"
    path.write_text(f"reader:\n  align: true\n{text}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(error.value).startswith(f"{path}:3: {message}")
    assert "\n" not in str(error.value)


def test_a_broken_command_setting_stops_the_cli_with_status_2(capsys, tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("bookmark_command: 42\n", encoding="utf-8")
    try:
        status = main(["notes", "--config", str(path)])
    finally:
        gc.enable()  # as in test_cli_config: a launch may turn the collector off
    assert status == 2
    assert capsys.readouterr().err == (
        f"briefing-tui: error: {path}:1: bookmark_command must be a command "
        "(text, or a list of words), not 42\n"
    )


# -- in the reader (Pilot) -------------------------------------------------------------------


@run
async def test_B_hands_the_new_bookmark_with_its_note_and_tags_to_the_command(tmp_path):
    notes, out = tmp_path / "notes.md", tmp_path / "got.jsonl"
    app = reader(notes, recorder(out))
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "1", "B")  # Kursk: the cursor is on the best hit
        view, number = app.reader.focused_view, app.reader.focused_passage().number
        await pilot.press(*"only one names it", "tab", *"kursk, front line", "enter")
        await settle(pilot)
        await press(pilot, "b")  # already in the file: nothing new for the command
        written = NotesFile(notes).read().bookmarks
        assert len(written) == 1
        got = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert got == [written[0].to_dict()]
        fields, passage = got[0], view.article.passages[number]
        assert fields["quote"] == passage.text
        assert (fields["file"], fields["source"], fields["title"]) == (
            view.path,
            view.article.label,
            view.article.title,
        )
        assert (fields["passage"], fields["start"], fields["end"]) == (
            number + 1,
            passage.start,
            passage.end,
        )
        assert (fields["note"], fields["tags"], fields["query"]) == (
            "only one names it",
            ["kursk", "front-line"],
            "Kursk",
        )
        assert (fields["corpus"], fields["saved"]) == ("bundled", SAVED)
        assert errors(app) == []


@run
async def test_a_failing_command_is_one_message_and_the_bookmark_is_kept(tmp_path, failing):
    notes = tmp_path / "notes.md"
    app = reader(notes, failing)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "j", "b")
        view, number = app.reader.focused_view, app.reader.focused_passage().number
        assert errors(app) == ["bookmark_command ./fail.py --verbose: exit status 3: boom" + KEPT]
        assert in_notes(notes) == [(view.path, number)]
        assert view.marks == {number: MARK_SAVED}
        assert app.reader.bookmarks.waiting == []


@run
async def test_a_missing_command_is_said_in_the_reader(tmp_path):
    notes = tmp_path / "notes.md"
    app = reader(notes, ["./nowhere/hook"])
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "b")
        assert errors(app) == ["bookmark_command ./nowhere/hook: not found" + KEPT]
        where = (app.reader.focused_view.path, app.reader.focused_passage().number)
        assert in_notes(notes) == [where]


@run
async def test_a_command_that_hangs_is_stopped_and_said(tmp_path):
    notes = tmp_path / "notes.md"
    app = reader(notes, [script("hang.py", "import time; time.sleep(60)")], timeout=0.5)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await press(pilot, "b")
        assert errors(app) == ["bookmark_command ./hang.py: no answer after 0.5 s (stopped)" + KEPT]
        assert len(in_notes(notes)) == 1


def gated(gate: Path, out: Path) -> list[str]:
    """A command that waits until ``gate`` exists, then writes its stdin to ``out``."""
    body = (
        f"import os, time\nwhile not os.path.exists({str(gate)!r}): time.sleep(0.01)\n"
        f"open({str(out)!r}, 'w').write(sys.stdin.read())"
    )
    return [script("slow.py", body)]


async def written(pilot) -> None:
    """Wait for the notes file's write and its outcome, not for the command."""
    app = pilot.app
    for _ in range(2):  # the write, then its outcome on the app's thread
        if writes := [w for w in app.workers if w.group == "notes"]:
            await app.workers.wait_for_complete(writes)  # (none: it would wait for all)
        await pilot.pause()


@run
async def test_the_reader_answers_keys_while_the_command_runs(tmp_path):
    """The command waits for a file that only the test writes, after it has moved the cursor:
    the bookmark is in the notes file and the keys act while the command still runs."""
    notes, out, gate = tmp_path / "notes.md", tmp_path / "got.jsonl", tmp_path / "gate"
    app = reader(notes, gated(gate, out), timeout=60)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await written(pilot)
        try:
            running = [w for w in app.workers if w.group == "bookmark-command"]
            assert [w.is_running for w in running] == [True]
            assert len(in_notes(notes)) == 1
            before = app.reader.focused_passage().number
            await pilot.press("j")
            await pilot.pause()
            assert app.reader.focused_passage().number == before + 1
            assert not out.exists()  # the command is still waiting
        finally:
            gate.touch()  # (a failed test does not wait for the timeout)
        await settle(pilot)
        assert json.loads(out.read_text(encoding="utf-8"))["passage"] == before + 1  # from 1
        assert errors(app) == []


@run
async def test_quitting_waits_in_sight_for_the_command_then_quits(tmp_path):
    """q while the command runs: the reader says what it waits for, and quits once it ends."""
    notes, out, gate = tmp_path / "notes.md", tmp_path / "got.jsonl", tmp_path / "gate"
    app = reader(notes, gated(gate, out), timeout=60)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("b")
        await written(pilot)
        app.post_message(events.Key("q", "q"))
        said = "handing bookmarks to bookmark_command (at most 60 s each), then quitting"
        try:
            await until(pilot, lambda: said in message(app), f"never said {said!r}")
            assert app.is_running and not out.exists()
        finally:
            gate.touch()  # (a failed test does not wait for the timeout)
        await until(pilot, lambda: not app.is_running, "the app did not quit after the command")
    assert json.loads(out.read_text(encoding="utf-8"))["file"] == in_notes(notes)[0][0]
