"""Data derived from files, kept in the user's cache directory (``$XDG_CACHE_HOME/diffkit``
or ``~/.cache/diffkit``) so that the next process need not derive it again: OpenCC's
changing keys (`normalize`) and the shipped agency data parsed and indexed
(`agencies.index`).

A cache file is named by what it holds and a checksum of its *identity* (a line naming the
sources it was derived from: their places, sizes and checksums), starts with a line that
holds that identity and ends with an end line: a file derived from other sources, or cut
short, is not used. Files are written atomically (a temporary file renamed into place);
a cache directory that cannot be written is skipped silently (the caller derives the data
in memory, as without a cache).
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

END = "\n# end"


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/diffkit``, else ``~/.cache/diffkit``; OSError when there is no home
    directory either."""
    try:
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    except RuntimeError as exc:  # no HOME and no password entry: no cache
        raise OSError(str(exc)) from None
    return Path(base) / "diffkit"


def _path(stem: str, identity: str) -> Path:
    return cache_dir() / f"{stem}-{zlib.crc32(identity.encode()):08x}.txt"


def _head(title: str, identity: str) -> str:
    return f"# diffkit: {title}; {identity}\n"


def load(stem: str, title: str, identity: str) -> str | None:
    """The text kept for ``identity`` (between the head line and the end line), or None
    when there is none, it was derived from other sources, or it was cut short."""
    try:
        text = _path(stem, identity).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    head = _head(title, identity)
    if not text.startswith(head) or not text.endswith(END) or len(text) < len(head) + len(END):
        return None
    return text[len(head):-len(END)]


def writable() -> bool:
    """Whether the cache directory exists (made here if need be) and can be written."""
    try:
        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK)


def store(stem: str, title: str, identity: str, text: str) -> bool:
    """Keep ``text`` for ``identity``, atomically (`files.write_atomic`); False when the
    cache cannot be written (nothing is left behind)."""
    from .errors import DiffkitError
    from .files import write_atomic

    data = (_head(title, identity) + text + END).encode("utf-8")
    try:
        write_atomic(_path(stem, identity), lambda fh: fh.write(data))
    except (OSError, DiffkitError):
        return False
    return True


def file_identity(paths: list[Path]) -> str:
    """Names, sizes and CRC-32 checksums of ``paths``' contents, as an identity: any change
    to a file's bytes gives another identity."""
    parts = []
    for p in paths:
        data = p.read_bytes()
        parts.append(f"{p.name}:{len(data)}:{zlib.crc32(data):08x}")
    return " ".join(parts)


__all__ = ["cache_dir", "load", "store", "writable", "file_identity"]
