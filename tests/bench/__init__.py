"""Speed benchmarks of briefing-tui: ``python -m tests.bench [--quick]`` prints one table.

Every benchmark module has ``rows(quick) -> list[Row]``; a row is (what, figure, baseline
measured in the same run, "target: verdict"), the verdict ``ok`` or a word in capitals.
"""

from __future__ import annotations

Row = tuple[str, str, str, str]


def verdict(target: str, ok: bool, detail: str = "") -> str:
    """``"≥ 2× default: ok (3.1×)"`` or ``"…: MISSED (1.4×)"``."""
    return f"{target}: {'ok' if ok else 'MISSED'}" + (f" ({detail})" if detail else "")
