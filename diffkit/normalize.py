"""Text normalisation shared by the parser, the agency registry and the aligner.

The stored text of a plan is never changed; these functions make comparison keys:
NFKC (full-width → half-width digits, letters, brackets, punctuation), Traditional →
Simplified (OpenCC, imported only here), and folding of punctuation and spaces.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import opencc

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
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → Simplified characters (OpenCC ``t2s``); other text unchanged."""
    if not text or text.isascii():
        return text
    return _t2s().convert(text)


@functools.cache
def _s2t() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified → Traditional characters (OpenCC ``s2t``), e.g. for simulated variants."""
    if not text or text.isascii():
        return text
    return _s2t().convert(text)


def nfkc(text: str) -> str:
    """NFKC without zero-width characters: full-width forms become half-width."""
    return _ZW.sub("", unicodedata.normalize("NFKC", text))


def clean_line(text: str) -> str:
    """A line as a parser should read it: NFKC, no zero-width characters, spaces folded."""
    return _SPACE.sub(" ", nfkc(text)).strip()


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Comparison key for task text: NFKC, Simplified, lower case, without punctuation,
    symbols or spaces. Two texts that differ only in script, width or punctuation fold
    to the same key."""
    return letters(to_simplified(nfkc(text)))


def letters(text: str) -> str:
    """The last step of `fold`: lower case, letters and digits only (no conversion)."""
    return "".join(ch for ch in text.lower() if unicodedata.category(ch)[0] in "LN")


@functools.lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Comparison key for an agency name: NFKC, Simplified, one bracket style, no spaces."""
    return _SPACE.sub("", to_simplified(nfkc(name)).translate(_BRACKETS)).strip()
