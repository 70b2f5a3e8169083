"""Clauses of marked, folded text: the plain-Python half of `coverage.fold_all`.

`coverage.fold_all` folds many texts at once as one joined string: texts are joined with
`TEXT`, sentence and comma boundaries (as `similarity.clauses` cuts them) become the markers
`SENT` and `CUT` before folding drops punctuation (`boundary`, `keep`), and each folded,
marked text is then cut here into the clauses `similarity.clauses` gives (`clauses`).
``tests/test_corpus_coverage.py`` checks the result against `normalize.fold` and `similarity.clauses`.
"""

from __future__ import annotations

import re
import unicodedata

from . import similarity as _similarity

TEXT, SENT, CUT = "\x1e", "\x1f", "\x1d"     # markers: text, sentence and comma boundaries
_MARKS = TEXT + SENT + CUT
_MARKS_RE = re.compile(f"[{_MARKS}]")
_MIN_PART = _similarity._merge_short.__defaults__[0]  # comma parts shorter than this are joined


def has_marks(text: str) -> bool:
    """Whether ``text`` holds a sentence or comma marker (input that already has them)."""
    return SENT in text or CUT in text


def unmarked(text: str) -> str:
    return _MARKS_RE.sub("", text)


def plain(seg: str) -> str:
    """A marked, folded text without its markers: `normalize.fold` of the text."""
    return seg.replace(SENT, "").replace(CUT, "")


def boundary(ch: str) -> str | None:
    """Sentence and comma boundaries (as `similarity.clauses` cuts) become markers."""
    if _similarity._SENTENCE.fullmatch(ch):
        return SENT
    return CUT if _similarity._COMMA.fullmatch(ch) else ch


def keep(ch: str) -> str | None:
    """`normalize.fold` keeps letters and numbers only; markers stay."""
    return ch if ch in _MARKS or unicodedata.category(ch)[0] in "LN" else None


def clauses(seg: str, known: dict[str, tuple[str, ...]]) -> list[str]:
    """`similarity.clauses` of one marked, folded text; ``known`` keeps the clauses of each
    sentence seen (sentences recur across tasks: a rewording changes a few of them)."""
    out: list[str] = []
    for sentence in seg.split(SENT):
        got = known.get(sentence)
        if got is None:
            got = known[sentence] = _sentence_clauses(sentence)
        out += got
    return out


def _sentence_clauses(sentence: str) -> tuple[str, ...]:
    """The clauses of one sentence (`similarity._merge_short` inlined; tests check the two
    agree)."""
    if CUT not in sentence:
        return (sentence,) if sentence else ()
    whole = sentence.replace(CUT, "")
    if len(whole) <= _similarity.LONG_CLAUSE:
        return (whole,) if whole else ()
    merged: list[str] = []
    for part in sentence.split(CUT):
        if not part:
            continue
        if merged and (len(part) < _MIN_PART or len(merged[-1]) < _MIN_PART):
            merged[-1] += part
        else:
            merged.append(part)
    return tuple(merged)


__all__ = ["TEXT", "SENT", "CUT", "boundary", "keep", "clauses", "plain", "unmarked",
           "has_marks"]
