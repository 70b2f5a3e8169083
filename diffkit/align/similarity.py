"""Similarity signals between task texts: rapidfuzz is imported only here.

Texts are compared as `normalize.fold` keys (NFKC, Traditional → Simplified, punctuation and
spaces removed), so script, width and punctuation never count as a difference. Every signal is
a score from 0 to 100:

``ratio``
    `fuzz.ratio` of the two folded texts (normalised Indel similarity): the whole-text signal.
``cover_a`` / ``cover_b``
    clause coverage. A text is cut into clauses at 。；;！？ and ，(very short comma parts are
    joined to a neighbour). A clause is found in another text by the share of its character
    bigrams that occur there (Chinese has no spaces, so bigrams are the word-free unit),
    mapped linearly from ``CLAUSE_FLOOR`` (0) to ``CLAUSE_FULL`` (1). ``cover_a`` is the
    share of A's characters found in B, ``cover_b`` of B's found in A. A short task inside a
    long one has a high coverage on its own side: this is the partial-similarity signal that
    finds splits and merges. (`fuzz.partial_ratio` is reported per pair in ``why``; computed
    for every pair it was too slow on long texts to keep ``diffkit compare`` fast.)
``heading``
    the two tasks stand under items with the same folded title (a small bonus).

The combined score is ``max(ratio, (cover_a + cover_b) / 2)``, plus ``HEADING_BONUS`` when the
headings are equal, capped at 100. `align` decides the correspondences from it.

Score matrices come from `rapidfuzz.process.cdist` (with ``workers``) when they have at least
``CDIST_MIN`` cells; below that the same scores come row by row from `process.extract`, which
needs no NumPy, so ``diffkit compare`` on two plans of a few dozen tasks starts fast. Clause
coverage uses an inverted index of bigrams, so its cost grows with the text, not with the
number of pairs.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from ..normalize import fold, letters, nfkc, to_simplified

CLAUSE_FLOOR = 0.3      # share of a clause's bigrams at or below which it counts as not found
CLAUSE_FULL = 0.85      # share at or above which it counts as wholly found
HEADING_BONUS = 5.0     # added when both tasks stand under items with the same title
CDIST_MIN = 40_000      # matrices with at least this many cells use process.cdist (NumPy)
LONG_CLAUSE = 0        # sentences longer than this (folded characters) are also cut at ，

_SENTENCE = re.compile(r"[。；;！？!?\n]")
_COMMA = re.compile(r"[，,]")


# -- text units ------------------------------------------------------------------------------
@functools.lru_cache(maxsize=16384)
def clauses(text: str) -> tuple[str, ...]:
    """The folded clauses of a text: sentences cut at 。；;！？, long ones also at ，."""
    out: list[str] = []
    for sentence in _SENTENCE.split(to_simplified(nfkc(text))):
        folded = letters(sentence)
        if len(folded) > LONG_CLAUSE:
            parts = [letters(p) for p in _COMMA.split(sentence)]
            out.extend(_merge_short(p for p in parts if p))
        elif folded:
            out.append(folded)
    return tuple(out)


def _merge_short(parts, minimum: int = 6) -> list[str]:
    """Join very short comma parts to their neighbour so that no clause is trivially found."""
    merged: list[str] = []
    for part in parts:
        if merged and (len(part) < minimum or len(merged[-1]) < minimum):
            merged[-1] += part
        else:
            merged.append(part)
    return merged


# -- matrices --------------------------------------------------------------------------------
def _matrix(scorer, queries: Sequence[str], choices: Sequence[str], *,
            workers: int = -1) -> list[list[float]]:
    """scorer(query, choice) for every query and choice, as a list of rows."""
    if not queries or not choices:
        return [[] for _ in queries]
    if len(queries) * len(choices) >= CDIST_MIN:
        return process.cdist(queries, choices, scorer=scorer, workers=workers,
                             dtype="float32").tolist()
    rows = []
    for query in queries:
        row = [0.0] * len(choices)
        for _, score, k in process.extract(query, choices, scorer=scorer, limit=None):
            row[k] = score
        rows.append(row)
    return rows


@dataclass
class Scores:
    """Every signal for every pair of A and B texts (rows A, columns B)."""

    a_folded: list[str]
    b_folded: list[str]
    ratio: list[list[float]]
    cover_a: list[list[float]]
    cover_b: list[list[float]]
    a_clause_hits: list[list[dict[int, float]]] = field(repr=False)  # [i][clause] {j: 0–1}
    a_clause_len: list[list[int]] = field(repr=False)
    b_clause_hits: list[list[dict[int, float]]] = field(repr=False)  # [j][clause] {i: 0–1}
    b_clause_len: list[list[int]] = field(repr=False)
    heading: list[list[bool]] | None = None

    @classmethod
    def of(cls, a_texts: list[str], b_texts: list[str], *, a_titles=None, b_titles=None,
           workers: int = -1) -> Scores:
        fa, fb = [fold(t) for t in a_texts], [fold(t) for t in b_texts]
        ratio = _matrix(fuzz.ratio, fa, fb, workers=workers)
        a_hits, a_len = _clause_hits(a_texts, fb)
        b_hits, b_len = _clause_hits(b_texts, fa)
        cover_a = _cover_matrix(a_hits, a_len, len(fa), len(fb), transpose=False)
        cover_b = _cover_matrix(b_hits, b_len, len(fb), len(fa), transpose=True)
        heading = None
        if a_titles is not None and b_titles is not None:
            ta, tb = [fold(t) for t in a_titles], [fold(t) for t in b_titles]
            heading = [[bool(x) and x == y for y in tb] for x in ta]
        return cls(fa, fb, ratio, cover_a, cover_b, a_hits, a_len, b_hits, b_len,
                   heading)

    def partial(self, i: int, j: int) -> float:
        """`fuzz.partial_ratio` of one pair (computed on demand: it is slow on long texts)."""
        return fuzz.partial_ratio(self.a_folded[i], self.b_folded[j])

    def combined(self, i: int, j: int) -> float:
        score = max(self.ratio[i][j], (self.cover_a[i][j] + self.cover_b[i][j]) / 2)
        if self.heading is not None and self.heading[i][j]:
            score += HEADING_BONUS
        return min(100.0, score)

    def combined_rows(self) -> list[list[float]]:
        return [[self.combined(i, j) for j in range(len(self.b_folded))]
                for i in range(len(self.a_folded))]

    def group_cover(self, a_idx: Sequence[int], b_idx: Sequence[int]) -> tuple[float, float]:
        """Coverage of the A group's text by the B group's, and of B's by A's (0–100)."""
        if not a_idx or not b_idx:
            return 0.0, 0.0
        num = den = 0.0
        for i in a_idx:
            num += _cover(self.a_clause_hits[i], self.a_clause_len[i], b_idx) * sum(
                self.a_clause_len[i])
            den += sum(self.a_clause_len[i])
        ca = num / den if den else 0.0
        num = den = 0.0
        for j in b_idx:
            num += _cover(self.b_clause_hits[j], self.b_clause_len[j], a_idx) * sum(
                self.b_clause_len[j])
            den += sum(self.b_clause_len[j])
        return ca, (num / den if den else 0.0)


def bigrams(text: str) -> set[str]:
    """Character bigrams of a folded text (a one-character text is its own unit)."""
    return {text[k:k + 2] for k in range(len(text) - 1)} or ({text} if text else set())


def _clause_hits(texts: Sequence[str], others: list[str]):
    """For each text, for each of its clauses, how much of it is found in each other text:
    the share of the clause's character bigrams that occur in the other text, mapped from
    ``CLAUSE_FLOOR`` (0) to 1. Sparse: {other index: found} per clause, via an inverted
    index of bigrams, so no loop runs over all pairs."""
    index: dict[str, list[int]] = {}
    for k, other in enumerate(others):
        for gram in bigrams(other):
            index.setdefault(gram, []).append(k)
    hits, lens = [], []
    floor, span = CLAUSE_FLOOR, CLAUSE_FULL - CLAUSE_FLOOR
    for text in texts:
        text_hits, text_lens = [], []
        for clause in clauses(text) or (fold(text),):
            grams = bigrams(clause)
            counts = Counter([k for g in grams for k in index.get(g, ())])
            least = floor * (len(grams) or 1)
            n = len(grams) or 1
            text_hits.append({k: min(1.0, (c / n - floor) / span)
                              for k, c in counts.items() if c > least})
            text_lens.append(len(clause))
        hits.append(text_hits)
        lens.append(text_lens)
    return hits, lens


def _cover(hits: list[dict[int, float]], lens: list[int], others: Sequence[int]) -> float:
    """Share (0–100) of a text's characters whose clauses are found in any of ``others``."""
    total = sum(lens)
    if not total:
        return 0.0
    return 100.0 * sum(n * max(h.get(o, 0.0) for o in others)
                       for h, n in zip(hits, lens, strict=True)) / total


def _cover_matrix(hits, lens, n_rows: int, n_cols: int, *, transpose: bool):
    """Coverage of every text by every other text, from the sparse clause hits."""
    if transpose:
        n_rows, n_cols = n_cols, n_rows
    out = [[0.0] * n_cols for _ in range(n_rows)]
    for t, (text_hits, text_lens) in enumerate(zip(hits, lens, strict=True)):
        total = sum(text_lens) or 1
        acc: Counter = Counter()
        for h, n in zip(text_hits, text_lens, strict=True):
            for o, f in h.items():
                acc[o] += n * f
        for o, v in acc.items():
            if transpose:
                out[o][t] = 100.0 * v / total
            else:
                out[t][o] = 100.0 * v / total
    return out


# -- single pairs and whole matrices for other modules ---------------------------------------
def ratio_matrix(queries: Sequence[str], choices: Sequence[str], *, workers: int = -1):
    """`fuzz.ratio` of every (already folded) query against every choice (both non-empty),
    as a float64 NumPy array of shape (len(queries), len(choices)) made by one
    `process.cdist` call (NumPy is imported by rapidfuzz, not here). The values are exactly
    those `fuzz.ratio` gives pair by pair."""
    return process.cdist(queries, choices, scorer=fuzz.ratio, workers=workers,
                         dtype="float64")


def ratio(a: str, b: str) -> float:
    """`fuzz.ratio` of two (already folded) texts, 0–100."""
    return fuzz.ratio(a, b)


def closest(query: str, choices: Sequence[str], *, limit: int = 3,
            score_cutoff: float = 60) -> list[tuple[str, float]]:
    """The ``choices`` most like ``query`` (``fuzz.WRatio``), best first: for suggestions."""
    found = process.extract(query, list(choices), limit=limit, score_cutoff=score_cutoff)
    return [(choice, score) for choice, score, _index in found]


__all__ = ["Scores", "bigrams", "clauses", "closest", "ratio", "ratio_matrix", "CLAUSE_FLOOR",
           "CLAUSE_FULL", "HEADING_BONUS"]
