"""A file's bytes before they are an article: their digest, and why a file is skipped."""

from __future__ import annotations

import hashlib


class SkippedFile(Exception):
    """One file is not read; the message says why, in a few words."""


def file_digest(data: bytes) -> str:
    """The digest of a file's bytes: the key of what is kept of it (index, extracted page)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()
