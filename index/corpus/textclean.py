"""Turning raw article bytes into safe, displayable text.

Article files come from anywhere: other encodings, NUL bytes, terminal escape sequences.
Everything here maps characters one to one, so offsets into the cleaned text are offsets
into the decoded file.
"""

from __future__ import annotations

import codecs
import re

# Control characters become their visible "control picture" (ESC -> ␛), one char for one.
_CONTROL_PICTURES = {code: chr(0x2400 + code) for code in range(0x20)}
_CONTROL_PICTURES[0x7F] = "\u2421"  # DEL -> ␡
for _code in range(0x80, 0xA0):  # C1 controls (CSI, OSC... as single code points)
    _CONTROL_PICTURES[_code] = "\ufffd"
_CONTROL_PICTURES[ord("\n")] = "\n"
_CONTROL_PICTURES[ord("\t")] = " "
_CONTROL_PICTURES[ord("\r")] = " "
# Bidi overrides and other invisible format characters that can disguise text.
for _code in (
    0x200E,
    0x200F,
    0x202A,
    0x202B,
    0x202C,
    0x202D,
    0x202E,
    0x2066,
    0x2067,
    0x2068,
    0x2069,
):
    _CONTROL_PICTURES[_code] = "\ufffd"
_TRANSLATION = str.maketrans(_CONTROL_PICTURES)
# The characters the translation changes (tests hold it to the table): most texts have none,
# and a regular expression finds that ~30× faster than translating does.
_TO_NEUTRALISE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


class UndecodableError(ValueError):
    """The bytes are not text this reader understands (binary data, or no encoding reads
    them)."""


def neutralise(text: str) -> str:
    """Make text safe for a terminal: controls become visible symbols, newlines stay."""
    return text.translate(_TRANSLATION) if _TO_NEUTRALISE.search(text) else text


def one_line(text: str) -> str:
    """Neutralised text for a title or label: newlines shown as ␊ too."""
    return neutralise(text).replace("\n", "\u240a")


_TEXT_CONTROLS = {0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1B}  # incl. ESC, BEL: escape codes


def looks_binary(data: bytes, strict: bool = True) -> bool:
    """True for data that is not text: many NUL bytes or, when ``strict``, many controls.

    Escape sequences (ESC, BEL) do not count: hostile text is still text, shown neutralised.
    (UTF-16 files with a BOM never get here; without one they count as binary.)
    """
    sample = data[:8192]
    if not sample:
        return False
    if sample.count(b"\x00") > len(sample) * 0.05:
        return True
    if not strict:
        return False
    controls = sum(1 for byte in sample if byte < 0x20 and byte not in _TEXT_CONTROLS)
    return controls > len(sample) * 0.05


def decode(data: bytes) -> tuple[str, str]:
    """Decode file bytes and return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are read as such; other text is
    detected (:func:`detect_legacy`). Binary data, or bytes no encoding reads as text, raise
    :class:`UndecodableError`.
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if looks_binary(data, strict=False):
        raise UndecodableError("binary data")
    try:
        return data.decode("utf-8"), "utf-8"  # valid UTF-8 is text, whatever controls it has
    except UnicodeDecodeError:
        pass
    if looks_binary(data):
        raise UndecodableError("binary data")
    # Mostly UTF-8 with a few broken bytes stays UTF-8; otherwise it is a legacy 8-bit file.
    lenient = data.decode("utf-8", errors="replace")
    broken = lenient.count("\ufffd")
    multibyte = sum(1 for char in lenient if ord(char) > 0x7F) - broken
    if multibyte > broken:
        return lenient, "utf-8 (invalid bytes replaced)"
    return detect_legacy(data)


# The 8-bit encodings of European languages tried first, in order of preference: when two
# read the bytes equally well (German reads the same in windows-1250 and -1252), the first
# wins. Only when none fits are all of charset-normalizer's encodings tried (CJK ones too:
# given every encoding, short Russian text in KOI8-R is taken for Shift-JIS).
_EUROPEAN = (
    "cp1252",
    "cp1251",
    "koi8_r",
    "koi8_u",
    "cp1250",
    "cp1257",
    "cp1253",
    "cp1254",
    "iso8859_2",
    "iso8859_5",
    "iso8859_15",
    "cp866",
    "mac_cyrillic",
    "mac_roman",
)


_CHAOS_MARGIN = 0.05


def detect_legacy(data: bytes) -> tuple[str, str]:
    """Decode non-UTF-8 text in the encoding charset-normalizer finds for it (imported here,
    on first use), named as people know it ("windows-1251", "koi8-r"). Raises
    :class:`UndecodableError` when no encoding reads the bytes as text."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(_EUROPEAN)) or from_bytes(data)
    best = matches.best()
    if best is None:
        raise UndecodableError("encoding cannot be told")
    # Encodings that give the same text as the best, or read the bytes about as well: as
    # coherent a language, hardly more chaos (typographic quotes cost windows-1252 a little).
    equal = {*best.could_be_from_charset, best.encoding}
    equal.update(
        match.encoding
        for match in matches
        if match.chaos <= best.chaos + _CHAOS_MARGIN and match.coherence >= best.coherence
    )
    codec = min(equal, key=lambda name: (_preference(name), name))
    return data.decode(codec, errors="replace"), encoding_name(codec)


def _preference(codec: str) -> int:
    return _EUROPEAN.index(codec) if codec in _EUROPEAN else len(_EUROPEAN)


def encoding_name(codec: str) -> str:
    """The usual name of a Python codec: "cp1251" -> "windows-1251", "koi8_r" -> "koi8-r"
    ("cp1252" keeps its name: it is the reader's long-standing fallback)."""
    codec = codecs.lookup(codec).name
    if re.fullmatch(r"cp125[013-8]", codec):
        return f"windows-{codec[2:]}"
    if codec.startswith("iso8859"):
        return "iso-8859-" + codec.rsplit("_", 1)[-1].rsplit("-", 1)[-1]
    return codec.replace("_", "-")
