"""The command line contract: JSON shape, human output, exit status 2 on user mistakes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import REPO, checkout_env
from tui.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_search_topic_json_contract(capsys):
    status, out, err = run(capsys, "search", "--topic", "POWs", "--json")
    assert status == 0, err
    data = json.loads(out)
    assert set(data) == {"query", "articles"}
    assert "prison" in data["query"]
    by_source = {article["source"]: article for article in data["articles"]}
    unn = by_source["UNN"]
    assert unn["path"] == "001_16d28577d1814211.txt" and unn["date"] == "2025-03-20"
    marked = [hit["text"][a:b] for hit in unn["hits"] for a, b in hit["spans"]]
    assert marked == ["prisoners of war", "prisoners of war"]
    assert all(isinstance(hit["score"], float) for hit in unn["hits"])


def test_search_human_output_names_silent_sources(capsys):
    status, out, _ = run(capsys, "search", "Kursk")
    assert status == 0
    assert "UNN · 2025-03-20" in out
    assert "State Dept · 2025-03-19" in out
    assert "Nothing on this query: 002_b921e82b274cb54b, 003_394e6fccd028c4ed, AP" in out


def test_search_other_corpus(capsys, write_corpus):
    root = write_corpus({"x.md": "Source: Meduza\n\nKursk region news."})
    status, out, _ = run(capsys, "search", "Kursk", "--corpus", str(root), "--json")
    assert status == 0
    (article,) = json.loads(out)["articles"]
    assert (article["path"], article["source"]) == ("x.md", "Meduza")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", '"unbalanced'], "unbalanced quote"),
        (["search", "--topic", "Crimea"], "no topic named 'Crimea'"),
        (["search"], "give a query or --topic"),
        (["search", "x", "--corpus", "/no/such/folder"], "corpus folder not found"),
        (["search", "x", "--config", "/no/such.yaml"], "config file not found"),
        (["/no/such/folder"], "corpus folder not found"),
    ],
)
def test_user_mistakes_are_one_line_and_exit_2(capsys, args, message):
    status, out, err = run(capsys, *args)
    assert status == 2
    assert err.count("\n") == 1 and err.startswith("briefing-tui: error: ")
    assert message in err
    assert "Traceback" not in err + out


def test_index_command_reports_and_rebuilds(capsys):
    status, out, _ = run(capsys, "index")
    assert status == 0 and out.startswith("5 articles indexed in ")
    status, out, _ = run(capsys, "index", "--rebuild")
    assert "5 added" in out and "(asked for)" in out


def test_escape_codes_never_reach_the_terminal(capsys, write_corpus):
    root = write_corpus({"evil.txt": "Kursk \x1b]52;c;ZXZpbA==\x07 and \x1b[2J cleared."})
    status, out, _ = run(capsys, "search", "Kursk", "--corpus", str(root))
    assert status == 0
    assert "\x1b]52" not in out and "\x1b[2J" not in out
    assert "␛]52;c;ZXZpbA==␇" in out


def test_installed_entry_point_runs(tmp_path):
    """The command runs as its own process from any folder and finds the bundled seeds."""
    completed = subprocess.run(
        [sys.executable, "-m", "tui.cli", "search", "Kursk", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert completed.returncode == 0, completed.stderr
    assert len(json.loads(completed.stdout)["articles"]) == 2


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("briefing-tui ")


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "tui.cli", *args]


@pytest.mark.parametrize(
    "args", [("search", "Kursk"), ("search", "Kursk", "--json"), ("coverage",), ("notes",)]
)
def test_output_into_a_closed_pipe_exits_0_quietly(args):
    """``briefing-tui search ... | head -1``: the reader is gone before the first line."""
    process = subprocess.Popen(
        _command(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=checkout_env()
    )
    process.stdout.close()  # as head does once it has its line
    errors = process.stderr.read().decode()
    process.stderr.close()
    assert process.wait(timeout=60) == 0
    assert errors == ""


LONG_PASSAGE = (
    "Negotiators from both delegations met again on Tuesday in a lakeside hotel, where the "
    "talks about the grain corridor ran late into the night and a final communique was "
    "promised for the morning, although neither side would say which clauses were settled "
    "and which were still open."
)


def test_search_output_in_a_file_keeps_a_passage_on_one_line(tmp_path, write_corpus):
    assert len(LONG_PASSAGE) > 200
    root = write_corpus(
        {"talks.md": f"Source: Lakeside Wire\nTitle: Talks run late\n\n{LONG_PASSAGE}\n"}
    )
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        subprocess.run(
            _command("search", "corridor", "--corpus", str(root)),
            stdout=stream,
            check=True,
            env=checkout_env(COLUMNS="80"),
        )
    lines = out.read_text().splitlines()
    (line,) = [line for line in lines if LONG_PASSAGE in line]
    assert line.startswith("  ¶") and line.endswith(LONG_PASSAGE)
    assert all(line == line.rstrip() for line in lines)  # no padding to a huge width


def test_coverage_in_a_file_is_one_table_however_many_sources(tmp_path, write_corpus):
    root = write_corpus(
        {f"{n:02}.md": f"Source: Outlet{n}\n\nThe corridor talks, day {n}." for n in range(9)}
    )
    out = tmp_path / "out.txt"
    with out.open("w") as stream:
        subprocess.run(
            _command("coverage", "--query", "corridor", "--corpus", str(root)),
            stdout=stream,
            check=True,
            env=checkout_env(),
        )
    (header,) = [line for line in out.read_text().splitlines() if "Outlet0" in line]
    assert all(f"Outlet{n}" in header for n in range(9))


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_script_names_every_command_and_option(capsys, shell):
    status, script, _ = run(capsys, "completion", shell)
    assert status == 0
    for word in ("search", "index", "notes", "coverage", "serve", "completion"):
        assert word in script
    for option in ("topic", "corpus", "json", "limit", "rebuild", "format", "query", "notes"):
        assert f"-{option}" in script or f"-l {option}" in script, option
    assert "briefing-tui" in script


def test_bash_completion_offers_commands_options_and_folders(capsys, tmp_path):
    _, script, _ = run(capsys, "completion", "bash")
    (tmp_path / "script.bash").write_text(script)
    (tmp_path / "march-call").mkdir()
    probe = """
source script.bash
complete_words() {
  COMP_WORDS=("$@"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
  COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
  _shtab_briefing_tui; echo "${COMPREPLY[*]}"
}
complete_words briefing-tui co
complete_words briefing-tui search --l
complete_words briefing-tui notes --format ""
complete_words briefing-tui index --corpus mar
"""
    completed = subprocess.run(
        ["bash", "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert completed.stdout.splitlines() == [
        "coverage completion",
        "--limit",
        "md csv json",
        "march-call",
    ]


def test_parsing_a_command_does_not_load_shtab():
    code = (
        "import sys; from tui.cli import app_parser, command_parser; "
        "command_parser().parse_args(['search', 'x']); app_parser().parse_args([]); "
        "print('shtab' in sys.modules)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=checkout_env()
    )
    assert completed.stdout == "False\n"
