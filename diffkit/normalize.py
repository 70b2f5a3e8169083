"""Text normalisation shared by the parser, the agency registry and the aligner.

The stored text of a plan is never changed; these functions make comparison keys:
NFKC (full-width → half-width digits, letters, brackets, punctuation), Traditional →
Simplified (OpenCC, imported only here), and folding of punctuation and spaces.

OpenCC is imported, and its dictionaries loaded, only when a text may change: `to_simplified`
first looks for the keys of OpenCC's t2s dictionaries whose conversion differs from the key
("changing keys"); a text that contains none of them comes back from OpenCC unchanged, so it
is returned as is. The key list is dumped once per OpenCC installation with OpenCC's own
``opencc_dict`` tool and kept in the user cache directory (`diffkit.cache`:
``$XDG_CACHE_HOME/diffkit`` or ``~/.cache/diffkit``), named and headed by the dictionary
files' place, sizes, times and checksum; without it (no such tool, or no writable cache
directory) every non-ASCII text goes through OpenCC, as before.
"""

from __future__ import annotations

import functools
import json
import os
import re
import unicodedata
import zlib
from pathlib import Path

from . import cache

# Invisible characters that web and PDF copies leave inside words: zero-width spaces and
# joiners, BOM, soft hyphen, Mongolian vowel separator, and bidirectional marks and controls.
ZERO_WIDTH = ("\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u061c"
              "\u202a\u202b\u202c\u202d\u202e\u2061\u2062\u2063\u2064"
              "\u2066\u2067\u2068\u2069")
_ZW = re.compile(f"[{ZERO_WIDTH}]")
_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"〔": "(", "〕": ")", "[": "(", "]": ")", "【": "(", "】": ")",
                           "{": "(", "}": ")", "﹝": "(", "﹞": ")", "［": "(", "］": ")"})


@functools.cache
def _t2s():
    import opencc  # here only: loading it costs the command line more than rapidfuzz does

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified characters (OpenCC ``t2s``); other text unchanged."""
    if not text or text.isascii() or _unchanged_by_t2s(text):
        return text
    return _t2s().convert(text)


def t2s(text: str) -> str:
    """OpenCC ``t2s`` without `to_simplified`'s look for changing keys: for long texts whose
    callers know (`changing_keys`) that they hold one."""
    return _t2s().convert(text) if text else text


def changing_keys() -> tuple[frozenset[str], dict[str, tuple[str, ...]]] | None:
    """The keys of OpenCC's t2s dictionaries that convert to another text: the
    one-character keys (with the lone surrogates) and the longer keys by first character;
    None when they cannot be had (see the module docstring)."""
    return _changing_keys()


def _unchanged_by_t2s(text: str) -> bool:
    """True when no changing key of the t2s dictionaries occurs in ``text``: OpenCC would
    return it as it is (every segment it matches converts to itself). False when unknown."""
    keys = _changing_keys()
    if keys is None:
        return False
    singles, phrases = keys
    if not singles.isdisjoint(text):
        return False
    return not any(key in text for ch in phrases.keys() & set(text) for key in phrases[ch])


@functools.cache
def _changing_keys() -> tuple[frozenset[str], dict[str, tuple[str, ...]]] | None:
    """The changing keys of OpenCC's t2s dictionaries (cached on disk, see the module
    docstring): the one-character keys (with the lone surrogates, which OpenCC refuses: let
    it raise), and the longer keys by first character. None when they cannot be had (then
    every text is converted)."""
    try:
        found = _t2s_dictionaries()
        if found is None:
            return None
        tool, files, identity = found
        text = cache.load(_CACHE_STEM, _CACHE_TITLE, identity)
        if text is None:
            if not cache.writable():
                return None  # dumping anew in every process would cost more than OpenCC
            keys = _dump_changing_keys(tool, files)
            text = "\n".join(["".join(k for k in keys if len(k) == 1),
                              *(k for k in keys if len(k) > 1)])
            cache.store(_CACHE_STEM, _CACHE_TITLE, identity, text)
    except (OSError, ValueError):
        return None
    lines = text.split("\n")
    singles = frozenset(lines[0]) | frozenset(map(chr, range(0xD800, 0xE000)))
    phrases: dict[str, list[str]] = {}
    for key in lines[1:]:
        phrases.setdefault(key[0], []).append(key)
    return singles, {ch: tuple(keys) for ch, keys in phrases.items()}


_CACHE_STEM, _CACHE_TITLE = "opencc-t2s", "keys of OpenCC t2s that convert to another text"


def conversion_identity() -> str | None:
    """A line that identifies OpenCC's t2s dictionaries (what `to_simplified` converts
    with), for caches of data derived with it; None when OpenCC is laid out otherwise."""
    try:
        found = _t2s_dictionaries()
    except (OSError, ValueError):
        return None
    return None if found is None else found[2]


@functools.cache
def _t2s_dictionaries() -> tuple[Path, list[Path], str] | None:
    """OpenCC's dictionary tool, the files its ``t2s`` configuration names, and a line that
    identifies them (place, sizes, times, checksum of the configuration); None when OpenCC
    is laid out otherwise than the wheel we know (or when a ``t2s.json`` in the working
    directory would be used instead, as OpenCC does)."""
    import importlib.util

    spec = importlib.util.find_spec("opencc")
    if spec is None or not spec.submodule_search_locations or os.path.isfile("t2s.json"):
        return None
    clib = Path(next(iter(spec.submodule_search_locations))) / "clib"
    share, tool = clib / "share" / "opencc", clib / "bin" / "opencc_dict"
    config = (share / "t2s.json").read_bytes()
    names = _dictionary_files(json.loads(config))
    if not tool.is_file() or names is None:
        return None
    files = [share / n for n in sorted(set(names))]
    stats = [(f.name, f.stat()) for f in [share / "t2s.json", *files]]
    identity = f"{clib} crc {zlib.crc32(config):08x} " + " ".join(
        f"{name}:{st.st_size}:{st.st_mtime_ns}" for name, st in stats)
    return tool, files, identity


def _dictionary_files(node: object) -> list[str] | None:
    """Every ``ocd2`` file named in an OpenCC configuration; None if it names another kind."""
    if isinstance(node, list):
        parts = [_dictionary_files(x) for x in node]
        return None if None in parts else [n for p in parts for n in p]  # type: ignore[union-attr]
    if not isinstance(node, dict):
        return []
    if node.get("type") == "ocd2" and isinstance(node.get("file"), str):
        return [node["file"]]
    if node.get("type") not in (None, "group", "mmseg"):
        return None
    return _dictionary_files([v for k, v in node.items() if k != "type"])


def _dump_changing_keys(tool: Path, files: list[Path]) -> list[str]:
    """Keys whose first (default) value differs from the key in any of ``files``."""
    import subprocess
    import tempfile

    changing: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            out = Path(tmp) / f"{f.stem}.txt"
            try:
                subprocess.run([str(tool), "-i", str(f), "-o", str(out), "-f", "ocd2",
                                "-t", "text"], check=True, capture_output=True, timeout=60)
            except subprocess.SubprocessError as exc:
                raise OSError(f"opencc_dict failed on {f}") from exc
            for line in out.read_text("utf-8").splitlines():
                key, tab, values = line.partition("\t")
                if not key or not tab:
                    raise ValueError(f"unexpected line in {f}: {line!r}")
                if values.split(" ")[0] != key:
                    changing.add(key)
    return sorted(changing)


@functools.cache
def _s2t():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified → Traditional characters (OpenCC ``s2t``), e.g. for simulated variants."""
    if not text or text.isascii():
        return text
    return _s2t().convert(text)


def nfkc(text: str) -> str:
    """NFKC without zero-width characters: full-width forms become half-width."""
    return _ZW.sub("", unicodedata.normalize("NFKC", text))


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison key for task text: NFKC, Simplified, lower case, without punctuation,
    symbols or spaces. Two texts that differ only in script, width or punctuation fold
    to the same key."""
    return letters(to_simplified(nfkc(text)))


def letters(text: str) -> str:
    """The last step of `fold`: lower case, letters and digits only (no conversion)."""
    return text.lower().translate(_LETTERS)


class _LetterTable(dict):
    """`str.translate` table: a character of Unicode category L* or N* maps to itself, any
    other is deleted; filled as characters are met (one `unicodedata` look-up each)."""

    def __missing__(self, code: int) -> int | None:
        keep = code if unicodedata.category(chr(code))[0] in "LN" else None
        self[code] = keep
        return keep


_LETTERS = _LetterTable()


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Comparison key for an agency name: NFKC, Simplified, one bracket style, no spaces."""
    return _SPACE.sub("", to_simplified(nfkc(name)).translate(_BRACKETS)).strip()


# Display width (terminal tables, workbook column widths, wrapped-line detection)

def char_width(ch: str) -> int:
    """Columns a character takes on a terminal: 2 for wide (CJK) characters, 0 for marks."""
    if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufeff":
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    """Columns ``text`` takes on a terminal (the one width function of the package)."""
    if text.isascii():
        return len(text)
    return sum(char_width(c) for c in text)


def clip(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` columns, marking the cut with …."""
    text = " ".join(text.split())
    if text_width(text) <= width:
        return text
    out, used = [], 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"
