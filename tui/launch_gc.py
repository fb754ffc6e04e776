"""The garbage collector held off while the reader starts: the one start-up shortcut kept.

The figure it buys: "app: launch to first frame" (``python -m tests.bench --only app``).
Start-up builds ~80,000 objects and frees almost none, so the ~100 collections they would
trigger find nothing: ~60 ms of CPU, about 10% of the launch (measured 30 Nov 2026; the
shortcuts that bought less than 5% were removed). Off from the command line's launch of the
reader until the app's first frame; then what start-up built is frozen (never scanned
again) and the collector is back on.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """Turn the collector off for the reader's start-up."""
    gc.disable()


def resume() -> None:
    """After the first frame: set start-up's objects aside and turn the collector back on."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
