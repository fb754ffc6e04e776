"""``briefing-tui notes``: bookmarks for a person, and md / csv / json exports."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tui.cli import main
from tui.notes.format import Bookmark, format_entry, parse_notes
from tui.notes.notes_file import NotesFile, default_notes_path, to_csv

QUOTE = "They said [bold]no[/bold] > # | and ␛[31m\nsecond line, «Запоріжжя»"


@pytest.fixture
def notes_path(tmp_path):
    path = tmp_path / "notes.md"
    notes = NotesFile(path)
    notes.append(
        Bookmark.create(
            file="000_ap.txt",
            passage=4,
            start=812,
            end=900,
            quote=QUOTE,
            corpus="/briefing",
            source="AP",
            title="Call [live]",
            date="2025-03-19",
            query="Zaporizhzhia",
            note="compare with UNN\nsecond thought",
            tags=["plant", "kursk"],
            saved="2025-03-21T10:14:03+01:00",
        )
    )
    notes.append(
        Bookmark.create(
            file="001_unn.txt",
            passage=0,
            start=0,
            end=20,
            quote="=HYPERLINK(evil)",
            saved="2025-03-21T10:15:00+01:00",
        )
    )
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["notes", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_csv_has_one_row_per_bookmark_with_every_field(capsys, notes_path):
    code, out, err = run(capsys, "--notes", str(notes_path), "--format", "csv")
    assert code == 0 and err == ""
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2
    first = rows[0]
    assert list(first) == [
        "id",
        "source",
        "title",
        "date",
        "file",
        "corpus",
        "passage",
        "start",
        "end",
        "quote",
        "query",
        "note",
        "tags",
        "saved",
    ]
    assert first["source"] == "AP" and first["title"] == "Call [live]"
    assert (first["passage"], first["start"], first["end"]) == ("5", "812", "900")
    assert first["quote"] == QUOTE
    assert first["note"] == "compare with UNN\nsecond thought"
    assert first["tags"] == "plant; kursk"
    assert first["saved"] == "2025-03-21T10:14:03+01:00"
    assert rows[1]["source"] == "" and rows[1]["date"] == ""
    assert rows[1]["quote"] == "'=HYPERLINK(evil)"  # never run as a spreadsheet formula


def test_json_is_a_list_of_objects(capsys, notes_path):
    code, out, _ = run(capsys, "--notes", str(notes_path), "--format", "json")
    data = json.loads(out)
    assert code == 0 and len(data) == 2
    assert data[0]["quote"] == QUOTE and data[0]["tags"] == ["plant", "kursk"]
    assert data[0]["passage"] == 5 and data[1]["source"] is None
    assert data[1]["quote"] == "=HYPERLINK(evil)"


def test_md_export_is_the_entries_and_parses_back(capsys, notes_path):
    code, out, _ = run(capsys, "--notes", str(notes_path), "--format", "md")
    expected = NotesFile(notes_path).read().bookmarks
    assert code == 0
    assert out == format_entry(expected[0]) + "\n" + format_entry(expected[1])
    assert parse_notes(out).bookmarks == expected


def test_default_output_is_for_a_person_and_never_markup(capsys, notes_path):
    code, out, _ = run(capsys, "--notes", str(notes_path))
    assert code == 0
    assert f"2 bookmarks in {notes_path}" in out
    assert "AP · 2025-03-19 · Call [live]" in out
    assert "¶5 of 000_ap.txt · found by Zaporizhzhia" in out
    assert "│ They said [bold]no[/bold] > # | and ␛[31m" in out
    assert "│ second line, «Запоріжжя»" in out
    assert "note: compare with UNN" in out and "#plant #kursk" in out
    assert "001_unn · undated · 001_unn.txt" in out  # no outlet or title: the file
    assert "\x1b" not in out


def test_problems_are_warnings_not_failures(capsys, notes_path):
    text = notes_path.read_text().replace("- chars:: 0-20", "- chars:: twenty")
    notes_path.write_text(text)
    line = text.split("\n").index("- chars:: twenty") + 1
    code, out, err = run(capsys, "--notes", str(notes_path), "--format", "json")
    assert code == 0 and len(json.loads(out)) == 1
    assert err.startswith(f"briefing-tui: warning: {notes_path}: line {line}: ")
    assert "chars must be 'start-end'" in err


def test_no_notes_yet_and_a_bad_path(capsys, tmp_path):
    code, out, _ = run(capsys)
    assert code == 0 and f"No bookmarks in {default_notes_path()} yet." in out
    code, out, _ = run(capsys, "--format", "csv")
    assert out.startswith("id,source,title") and out.count("\n") == 1
    code, _, err = run(capsys, "--notes", str(tmp_path / "nope" / "n.md"))
    assert code == 2
    assert err.strip() == (
        f"briefing-tui: error: cannot use notes file {tmp_path / 'nope' / 'n.md'}: "
        f"the folder {tmp_path / 'nope'} does not exist"
    )


def test_notes_path_from_the_config(capsys, tmp_path, notes_path):
    config = tmp_path / "config.yaml"
    config.write_text("notes: notes.md\n")
    code, out, _ = run(capsys, "--config", str(config), "--format", "json")
    assert code == 0 and len(json.loads(out)) == 2


def test_csv_of_no_bookmarks_is_the_header():
    assert to_csv([]) == (
        "id,source,title,date,file,corpus,passage,start,end,quote,query,note,tags,saved\n"
    )


def test_notes_modules_never_import_textual():
    code = (
        "import sys, tui.notes.notes_file, tui.notes.store, tui.notes.format\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_escape_codes_in_a_hand_edited_notes_file_never_reach_the_terminal(capsys, tmp_path):
    notes = tmp_path / "notes.md"
    notes.write_text(
        "<!-- bookmark id=abcd1234 -->\n## AP\n\n"
        "> quote \x1b[2J cleared \x1b]52;c;ZXZpbA==\x07 clip\n\n"
        "- source:: AP\x1b[31m\n- file:: a.txt\n- passage:: 1\n- chars:: 0-10\n"
        "- note:: \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\n<!-- /bookmark -->\n",
        encoding="utf-8",
    )
    for extra in ([], ["--format", "md"], ["--format", "csv"], ["--format", "json"]):
        assert main(["notes", "--notes", str(notes), *extra]) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\x07" not in out, extra
        # Markdown escapes the bracket, so that a renderer shows it as written
        assert ("␛\\[2J" if "md" in extra else "␛[2J") in out, extra
