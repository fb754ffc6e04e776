"""The command line says no to a broken config, says what it skipped, and gives its version."""

from __future__ import annotations

import gc

import pytest

from index.search.store import CorpusIndex
from tui.cli import main

ARTICLE = "date 2025-03-20 Talks in Geneva\n\nThe delegations discussed the Kursk front.\n"
LONG = "date 2025-03-21 A long read\n\n" + "The Kursk front held through the night. " * 60


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        status = main(list(args))
    finally:
        gc.enable()  # a launch of the reader turns the collector off until its first frame
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("keys", "line", "message"),
    [
        ("  search: q\n", 4, "keys.search: 'q' is also the key of quit"),
        ("  hit.next: z\n  serch: f\n", 5, "keys.serch: no such action (did you mean 'search'?)"),
        ("  search: ctrl+bogus+key\n", 4, "'bogus' is not a modifier"),
    ],
)
def test_a_broken_keymap_stops_the_reader_with_one_line(
    capsys, tmp_path, seeds_dir, keys, line, message
):
    config = tmp_path / "c.yaml"
    config.write_text("reader:\n  align: true\nkeys:\n" + keys, encoding="utf-8")
    status, out, err = run(capsys, str(seeds_dir), "--config", str(config))
    assert status == 2 and out == ""
    assert err.startswith(f"briefing-tui: error: {config}:{line}: ")
    assert message in err and err.count("\n") == 1


def test_a_wrong_value_stops_every_command(capsys, tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("reader:\n  align: maybe\n", encoding="utf-8")
    for args in (["search", "Kursk"], ["coverage"], ["notes"]):
        status, _out, err = run(capsys, *args, "--config", str(config))
        assert status == 2
        assert err == (
            f"briefing-tui: error: {config}:2: reader.align must be true or false, not 'maybe'\n"
        )


def test_short_version_flag(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["-V"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("briefing-tui 0.")


@pytest.mark.parametrize("command", [["search", "Kursk"], ["coverage"]])
def test_skipped_files_are_one_line_every_time(capsys, tmp_path, write_corpus, command):
    corpus = write_corpus(
        {"a.txt": ARTICLE, "b.bin.txt": b"\x00\x01\x02" * 300, "c.txt": "", "d.txt": LONG}
    )
    config = tmp_path / "c.yaml"
    config.write_text("index:\n  max_file_mb: 0.001\n", encoding="utf-8")  # 1 KB: d.txt is 2 KB
    args = [*command, "--corpus", str(corpus), "--config", str(config)]
    for _ in range(2):  # the first run indexes; the second finds the skipped files recorded
        status, _out, err = run(capsys, *args)
        assert status == 0
        assert err == (
            "briefing-tui: warning: skipped 3 files: b.bin.txt: not a text file (binary data); "
            "c.txt: empty; d.txt: too large (2.4 KB > 1.0 KB limit, see index.max_file_mb in "
            "config.yaml)\n"
        )


def test_a_changed_size_limit_needs_no_rebuild(write_corpus, tmp_path):
    corpus = write_corpus({"a.txt": ARTICLE, "d.txt": LONG})
    small = CorpusIndex(corpus, tmp_path / "cache", max_bytes=1024)
    assert small.update().warnings == [
        "skipped d.txt: too large (2.4 KB > 1.0 KB limit, see index.max_file_mb in config.yaml)"
    ]
    assert [a.path for a in small.articles()] == ["a.txt"]
    larger = CorpusIndex(corpus, tmp_path / "cache", max_bytes=4096)
    report = larger.update()
    assert report.added == ["d.txt"] and report.rebuilt_because is None
    assert [a.path for a in larger.articles()] == ["a.txt", "d.txt"]
    smaller = CorpusIndex(corpus, tmp_path / "cache", max_bytes=2000)
    report = smaller.update()
    assert report.removed == ["d.txt"]
    assert [a.path for a in smaller.articles()] == ["a.txt"]
    assert smaller.update().warnings == []  # recorded: not read again
