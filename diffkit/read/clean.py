"""Artefacts of copies, found before parsing: pinyin glosses and garbled characters.

Mirror sites gloss characters with their pinyin (``區(qū)``, ``發(fā)``, ``工(gōng)作(zuò)``,
docs/real_forms.md); the glosses are not the document's text and would end up in task texts and
agency names, so `strip_glosses` removes them (the parser warns with their count). Text decoded
with the wrong encoding (``ä¸€ã€``) or with characters replaced by ``?`` or U+FFFD cannot be
repaired here: `garbled` finds such lines so that the parser says so instead of failing silently.
"""

from __future__ import annotations

import re

_VOWELS = "aeiouüvāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_SYLLABLE = rf"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?[{_VOWELS}]{{1,3}}(?:ng|n|r)?"
_GLOSS = re.compile(rf"(?<=[\u3400-\u9fff\uf900-\ufaff])(?:[(（]{_SYLLABLE}[)）])+")
_MOJIBAKE = re.compile(r"\ufffd|[ÃÂ][\x80-\xbf]|â€|[äåæçéè][\x80-\xbf¸¹º»¼½¾¿]|锟斤拷|烫烫|屯屯")
_MARKER = re.compile(r"^[?？]{1,3}\s*[、.．)）]")


def strip_glosses(text: str) -> tuple[str, int]:
    """``text`` without pinyin glosses after characters, and how many were removed."""
    count = 0

    def drop(m: re.Match[str]) -> str:
        nonlocal count
        count += m.group(0).count("(") + m.group(0).count("（")
        return ""

    return _GLOSS.sub(drop, text), count


def garbled(line: str) -> bool:
    """Does a line hold characters of a wrong decoding, or a numbering mark lost to ``?``?"""
    return _MOJIBAKE.search(line) is not None or _MARKER.match(line) is not None


__all__ = ["strip_glosses", "garbled"]
