"""JSON for a terminal or a pipe: the data as it is, with nothing a terminal would act on.

``json`` escapes C0 controls (ESC, BEL) by itself, but with ``ensure_ascii=False`` it writes
DEL, the C1 controls (U+009B is a one-character CSI) and bidi overrides raw. Here they are
``\\u`` escapes too: the same string when read back, harmless when shown.
"""

from __future__ import annotations

import json
import re

_RAW = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def escape_controls(text: str) -> str:
    """JSON text with the characters above as ``\\uXXXX`` (they only occur inside strings)."""
    return _RAW.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def dumps(data: object) -> str:
    """``data`` as indented JSON, non-ASCII letters as they are, controls escaped."""
    return escape_controls(json.dumps(data, ensure_ascii=False, indent=2))
