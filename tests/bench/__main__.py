"""``python -m tests.bench [--quick] [--sizes 1000,10000] [--only index,app,compare]``.

Runs every benchmark module it can import and prints one table. A module that is missing or
fails is named in a row of its own; the others still run.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
import traceback
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tests.bench import Row

MODULES = ("index", "app", "compare", "reading")


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small corpora, fewer runs")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        help="corpus sizes of the index and reading benchmarks, e.g. 1000,10000",
    )
    parser.add_argument(
        "--only",
        type=lambda text: [name.strip() for name in text.split(",") if name.strip()],
        default=list(MODULES),
        help=f"benchmark modules to run (default: {','.join(MODULES)})",
    )
    return parser.parse_args(argv)


def module_rows(name: str, quick: bool, sizes: list[int] | None) -> list[Row]:
    """The rows of ``tests.bench.bench_<name>``, or one row saying why there are none."""
    try:
        module = importlib.import_module(f"tests.bench.bench_{name}")
    except ModuleNotFoundError as error:
        if error.name != f"tests.bench.bench_{name}":
            return [(f"{name}: not run", f"cannot import {error.name}", "", "")]
        return [(f"{name}: not run", "module missing", "", "")]
    try:
        sized = name in ("index", "reading", "compare") and sizes
        rows = module.rows(quick, sizes=sizes) if sized else module.rows(quick)
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        return [(f"{name}: failed", f"{type(error).__name__}: {error}", "", "")]
    return [tuple(str(cell) for cell in row) for row in rows]


def _verdict(cell: str) -> Text:
    word = cell.rsplit(":", 1)[-1].strip().split(" ", 1)[0] if ":" in cell else cell
    if word == "ok" or cell.startswith("ours better"):
        return Text(cell, style="green")
    if word.isupper() or " not " in f" {cell} ":
        return Text(cell, style="bold red")
    return Text(cell)


def machine() -> str:
    cpus = os.cpu_count() or 0
    return f"{platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    console = Console(stderr=True)
    started = time.perf_counter()
    rows: list[Row] = []
    for name in args.only:
        console.print(f"benchmark: {name}…", style="dim")
        rows.extend(module_rows(name, args.quick, args.sizes))
    table = Table(
        "what",
        "figure",
        "baseline (same run)",
        "target: verdict",
        title="briefing-tui benchmarks" + (" (quick)" if args.quick else ""),
        caption=f"{machine()} · {time.perf_counter() - started:.0f} s in all",
    )
    for what, figure, baseline, judged in rows:
        table.add_row(Text(what), Text(figure), Text(baseline), _verdict(judged))
    Console(width=max(160, Console().width)).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
