"""The ``briefing-tui`` command: the reader app, and ``search`` / ``index`` for scripts.

Every user mistake (a bad query, config or path) ends in one line on stderr and exit
status 2, never a traceback.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tui import launch_gc
from tui.config import ConfigError, load_config

if TYPE_CHECKING:
    import argparse

EXIT_USAGE = 2
PROGRESS_REFRESH = 0.1  # seconds between redraws of the indexing progress bar
COMMANDS = ("search", "index", "notes", "coverage", "serve", "completion")


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


def version() -> str:
    from tui import __version__  # not importlib.metadata: it costs ~70 ms at every start

    return __version__


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="configuration file to use")


def app_parser() -> argparse.ArgumentParser:
    """The app's parser: ``briefing-tui [PATH]``."""
    import argparse

    app = argparse.ArgumentParser(
        prog="briefing-tui",
        description="Read how each source in a folder of articles covers a topic. "
        f"Commands: {', '.join(COMMANDS)} (briefing-tui COMMAND --help).",
    )
    app.add_argument(
        "corpus",
        nargs="?",
        metavar="PATH",
        help="folder of .txt/.md articles (default: the bundled briefing)",
    )
    app.add_argument("--topic", help="open with this topic selected")
    app.add_argument("--notes", metavar="FILE", help="notes file for bookmarks")
    app.add_argument("-V", "--version", action="version", version=f"briefing-tui {version()}")
    _common(app)
    return app


def command_parser() -> argparse.ArgumentParser:
    """The subcommands' parser: ``briefing-tui COMMAND ...``."""
    import argparse

    commands = argparse.ArgumentParser(prog="briefing-tui")
    commands.add_argument("-V", "--version", action="version", version=f"briefing-tui {version()}")
    sub = commands.add_subparsers(dest="command", required=True)

    search = sub.add_parser(
        "search",
        help="search the briefing from the command line",
        description="Search every source; print matching passages with matched words "
        "highlighted, or JSON with --json.",
        epilog='Query syntax: words, "phrases", AND/OR/NOT, (groups), wild*, fuzzy~.',
    )
    search.add_argument("query", nargs="?", help="Whoosh query (omit with --topic)")
    search.add_argument("--topic", help="a topic name from config.yaml")
    search.add_argument("--corpus", metavar="PATH", help="folder of articles")
    search.add_argument("--json", action="store_true", help="print one JSON object")
    search.add_argument("--limit", type=int, metavar="N", help="at most N passages in all")
    _common(search)

    index = sub.add_parser(
        "index",
        help="build or update the search index",
        description="Bring the index up to date with the folder (only changed files).",
    )
    index.add_argument("--corpus", metavar="PATH", help="folder of articles")
    index.add_argument("--rebuild", action="store_true", help="rebuild from scratch")
    _common(index)

    notes = sub.add_parser(
        "notes",
        help="print or export the bookmarks",
        description="Print the bookmarks of the notes file, or export them: md (Markdown "
        "entries), csv (one row per bookmark, for a spreadsheet or QDA tool), json.",
    )
    notes.add_argument("--notes", metavar="FILE", help="notes file (default: from the config)")
    notes.add_argument(
        "--format", choices=("md", "csv", "json"), help="export format (default: readable text)"
    )
    _common(notes)

    cover = sub.add_parser(
        "coverage",
        help="topic-by-source coverage matrix, and figures that disagree",
        description="Count each source's passages on every topic (and --query); empty cells "
        "show who is silent. Lists figures that sources reporting the same fact give "
        "differently.",
    )
    cover.add_argument("--corpus", metavar="PATH", help="folder of articles")
    cover.add_argument("--query", metavar="Q", help="a query shown as a last row")
    output = cover.add_mutually_exclusive_group()
    output.add_argument(
        "--json",
        action="store_true",
        help="JSON: topics, articles, cells[topic][article], disagreements",
    )
    output.add_argument("--csv", action="store_true", help="CSV: one row per topic")
    _common(cover)

    web = sub.add_parser(
        "serve",
        help="the reader in a web browser (one app per tab)",
        description="Serve the reader to web browsers with textual-serve: open the address it "
        "prints. It listens on 127.0.0.1 (this machine only) unless --host says otherwise; "
        "there is no login.",
    )
    web.add_argument(
        "corpus",
        nargs="?",
        metavar="FOLDER",
        help="folder of .txt/.md articles (default: the bundled briefing)",
    )
    web.add_argument("--port", type=int, default=8000, metavar="N", help="port (default: 8000)")
    web.add_argument(
        "--host",
        default="127.0.0.1",
        metavar="H",
        help="address to listen on (default: 127.0.0.1; another is reachable with no login)",
    )
    web.add_argument("--topic", help="open with this topic selected")
    web.add_argument("--notes", metavar="FILE", help="notes file for bookmarks")
    _common(web)

    completion = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh, fish)",
        description="Print the completion script for SHELL; the README says where to put it.",
    )
    completion.add_argument("shell", choices=("bash", "zsh", "fish"), help="the shell")
    return commands


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    is_command = bool(args_list) and args_list[0] in COMMANDS
    handler: Callable[[argparse.Namespace], int]
    if is_command:
        args = command_parser().parse_args(args_list)
        handler = _COMMANDS[args.command]
    else:
        args, handler = app_parser().parse_args(args_list), run_app
    try:
        return handler(args)
    except (UserError, ConfigError) as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into head, less...: stop quietly
        _discard_stdout()
        return 0


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so that flushing it at exit does not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _fail(message: str) -> int:
    from index.corpus.textclean import one_line  # a file or folder name may hold escape codes

    print(f"briefing-tui: error: {one_line(message)}", file=sys.stderr)
    return EXIT_USAGE


def _open_briefing(args: argparse.Namespace, corpus: str | None):
    from index.corpus.articles import CorpusError
    from tui.briefing import Briefing

    config = load_config(args.config)
    for warning in config.warnings:
        print(f"briefing-tui: warning: {warning}", file=sys.stderr)
    try:
        return Briefing.open(config, corpus)
    except CorpusError as error:
        raise UserError(str(error)) from None


def _update(briefing, rebuild: bool = False, per_file: bool = True, verify: bool = False):
    """Update the index, with a progress bar on a terminal when there is much to do.

    Without ``per_file``, the files skipped (this time or before) are one line in all, and
    an index rebuilt because it was damaged is a warning. ``verify`` reads every index file
    to check it (see :meth:`CorpusIndex.update`)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from index.corpus.textclean import one_line

    console = Console(stderr=True)
    progress_bar: Progress | None = None
    task = None
    shown = 0.0  # when the bar was last drawn

    def progress(done: int, total: int, name: str) -> None:
        nonlocal progress_bar, task, shown
        if progress_bar is None and total >= 50 and console.is_terminal:
            progress_bar = Progress(
                TextColumn("indexing"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.description}", markup=False),
                console=console,
                transient=True,
                auto_refresh=False,  # no refresh thread: refreshed below, each PROGRESS_REFRESH
            )
            progress_bar.start()
            task = progress_bar.add_task("", total=total)
        if progress_bar is not None:
            progress_bar.update(task, completed=done, description=one_line(name[-40:]))
            now = time.monotonic()
            if now - shown >= PROGRESS_REFRESH or done == total:
                progress_bar.refresh()
                shown = now

    try:
        report = briefing.index.update(progress=progress, rebuild=rebuild, verify=verify)
        briefing.index.tidy()  # the merges a small update leaves
    finally:
        if progress_bar is not None:
            progress_bar.stop()
    skipped = {
        path: state["skipped"]
        for path, state in briefing.index.file_states().items()
        if state.get("skipped")
    }
    for warning in report.warnings:
        if per_file or not any(warning.startswith(f"skipped {path}: ") for path in skipped):
            print(f"briefing-tui: warning: {one_line(warning)}", file=sys.stderr)
    if skipped and not per_file:
        print(f"briefing-tui: warning: {one_line(skipped_line(skipped))}", file=sys.stderr)
    if report.rebuilt_because and not rebuild and not per_file:
        print(f"briefing-tui: warning: {report.rebuilt_because}", file=sys.stderr)
    if (report.touched or report.rebuilt_because) and not briefing.index.in_memory:
        from index.search.listing_from_index import write_listing_from_index

        # the reader's next start then lists the folder without reading a file
        write_listing_from_index(briefing.index, briefing.config.cache_dir)
    return report


def skipped_line(skipped: dict[str, str | bool], shown: int = 3) -> str:
    """``skipped 2 files: a.bin: not a text file; b.txt: empty``, the first few named."""
    named = [
        f"{path}: {reason}" if isinstance(reason, str) else path
        for path, reason in sorted(skipped.items())[:shown]
    ]
    if len(skipped) > shown:
        named.append(f"and {len(skipped) - shown} more")
    files = "file" if len(skipped) == 1 else "files"
    return f"skipped {len(skipped)} {files}: {'; '.join(named)}"


def run_search(args: argparse.Namespace) -> int:
    from index.search.syntax import QueryError

    if not args.query and not args.topic:
        raise UserError("give a query or --topic NAME (briefing-tui search --help)")
    if args.query and args.topic:
        raise UserError("give a query or --topic, not both")
    if args.limit is not None and args.limit < 1:
        raise UserError("--limit must be at least 1")
    briefing = _open_briefing(args, args.corpus)
    try:
        text = briefing.searcher.topic(args.topic).query if args.topic else args.query
        parsed = briefing.searcher.parse(text)
    except QueryError as error:
        raise UserError(str(error)) from None
    for notice in parsed.notices:
        print(f"briefing-tui: warning: {notice}", file=sys.stderr)
    partial = _update(briefing, per_file=False).partial  # set while another process builds
    if partial is not None:
        print(f"briefing-tui: {partial} (a build is running)", file=sys.stderr)
    try:
        result = briefing.searcher.search(parsed, limit=args.limit)
    except QueryError as error:
        raise UserError(str(error)) from None
    except _damage_errors() as error:  # damage in a file no checksum was recorded for
        kind = f"{type(error).__module__}.{type(error).__name__}".removeprefix("builtins.")
        print(f"briefing-tui: warning: index unreadable ({kind}); rebuilt", file=sys.stderr)
        _update(briefing, rebuild=True, per_file=False)
        result = briefing.searcher.search(parsed, limit=args.limit)
    if args.json:
        from tui.output.json_output import dumps

        data = result.to_json()
        if partial is not None:
            data["partial"] = partial.to_json()
        sys.stdout.write(dumps(data) + "\n")
    else:
        from tui.output.search_output import print_result

        print_result(result, topic=args.topic)
    return 0


def _damage_errors() -> tuple[type[Exception], ...]:
    """What reading a damaged index file raises (a compressed or packed record gone wrong)."""
    import pickle
    import struct
    import zlib

    return (zlib.error, struct.error, EOFError, pickle.UnpicklingError)


def run_index(args: argparse.Namespace) -> int:
    from index.search.rebuild import RebuildBusy

    briefing = _open_briefing(args, args.corpus)
    try:
        report = _update(briefing, rebuild=args.rebuild, verify=True)
    except RebuildBusy as busy:
        print(f"briefing-tui: {busy}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("briefing-tui: interrupted; the old index is intact", file=sys.stderr)
        return 130
    articles = briefing.index.articles()
    where = "memory (not saved)" if briefing.index.in_memory else str(briefing.index.path)
    print(
        f"{len(articles)} articles indexed in {where}; "
        f"{len(report.added)} added, {len(report.changed)} changed, "
        f"{len(report.removed)} removed in {report.seconds:.2f}s"
        + (f" ({report.rebuilt_because})" if report.rebuilt_because else "")
    )
    return 0


def _app_setup(args: argparse.Namespace):
    """The app's config and corpus folder; UserError for a bad folder or topic."""
    from index.corpus.articles import CorpusError, corpus_root
    from tui.briefing import corpus_path

    config = load_config(args.config)
    try:
        root = corpus_root(corpus_path(config, args.corpus))
    except CorpusError as error:
        raise UserError(str(error)) from None
    if args.topic and not any(t.name.casefold() == args.topic.casefold() for t in config.topics):
        names = ", ".join(topic.name for topic in config.topics) or "none configured"
        raise UserError(f"no topic named {args.topic!r} (topics: {names})")
    return config, root


def run_app(args: argparse.Namespace) -> int:
    launch_gc.pause()  # until the first frame (the app resumes it): ~10% of the launch
    config, root = _app_setup(args)
    from tui.app import BriefingApp

    BriefingApp(config, root, topic=args.topic, notes=args.notes).run()
    return 0


def run_notes(args: argparse.Namespace) -> int:
    from tui.notes.notes_file import (
        NotesError,
        format_entries,
        notes_file,
        print_bookmarks,
        to_csv,
        to_json,
    )

    config = load_config(args.config)
    for warning in config.warnings:
        print(f"briefing-tui: warning: {warning}", file=sys.stderr)
    notes = notes_file(config, args.notes)
    try:
        read = notes.read()
    except NotesError as error:
        raise UserError(str(error)) from None
    for problem in read.problems:
        print(f"briefing-tui: warning: {read.path}: {problem}", file=sys.stderr)
    exports = {"md": format_entries, "csv": to_csv, "json": to_json}
    if args.format:
        from tui.output.json_output import escape_controls

        text = exports[args.format](read.bookmarks)
        sys.stdout.write(escape_controls(text) if args.format == "json" else text)
    else:
        print_bookmarks(read)
    return 0


def run_coverage(args: argparse.Namespace) -> int:
    from index.compare.coverage import coverage
    from index.compare.disagreements import disagreements
    from index.search.syntax import QueryError
    from tui.output.coverage_output import coverage_json, print_coverage, write_csv

    briefing = _open_briefing(args, args.corpus)
    try:
        parsed = briefing.searcher.parse(args.query) if args.query else None
    except QueryError as error:
        raise UserError(str(error)) from None
    _update(briefing, per_file=False)
    try:
        matrix = coverage(briefing.searcher, extra_query=parsed)
    except QueryError as error:  # --query stands for too many words
        raise UserError(str(error)) from None
    if args.csv:
        write_csv(matrix, sys.stdout)
        return 0
    found = disagreements(briefing.searcher, aliases=briefing.config.aliases)
    if args.json:
        from tui.output.json_output import dumps

        sys.stdout.write(dumps(coverage_json(matrix, found)) + "\n")
    else:
        print_coverage(matrix, found)
    return 0


def run_serve(args: argparse.Namespace) -> int:
    import os

    _, root = _app_setup(args)
    if not 0 < args.port < 65536:
        raise UserError(f"--port must be between 1 and 65535, not {args.port}")
    app_args = [str(root)]
    for option, value in (("--config", args.config), ("--notes", args.notes)):
        if value:
            app_args += [option, os.path.abspath(os.path.expanduser(value))]
    if args.topic:
        app_args += ["--topic", args.topic]
    from tui.serve import serve

    try:
        serve(app_args, host=args.host, port=args.port)
    except OSError as error:  # aiohttp's message repeats the address: keep its reason
        reason = (error.strerror or str(error)).rsplit(": ", 1)[-1]
        raise UserError(f"cannot listen on {args.host}:{args.port}: {reason}") from None
    return 0


def run_completion(args: argparse.Namespace) -> int:
    from tui.output.completion import completion_script

    sys.stdout.write(completion_script(args.shell, command_parser(), app_parser()))
    return 0


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "search": run_search,
    "index": run_index,
    "notes": run_notes,
    "coverage": run_coverage,
    "serve": run_serve,
    "completion": run_completion,
}

if __name__ == "__main__":
    sys.exit(main())
