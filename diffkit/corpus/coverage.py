"""Guideline coverage for many plans at once: the vectorised twin of
``align.align(guideline, plan)``.

`diffkit compare A B --guideline G` decides which guideline tasks a plan covers by aligning
the guideline with the plan (`align.align`): a combined score per pair (whole-text ratio and
clause coverage, plus a heading bonus), greedy one-to-one pairs at ``score_cutoff``, then split
and merge attachments at ``attach_cutoff``. That code works pair by pair in Python, which is
right for two plans and far too slow for ten thousand. This module computes the *same*
signals for a whole chunk of plans with NumPy (`signals`) — ratios from
`rapidfuzz.process.cdist` (through `similarity.ratio_matrix`, on byte-coded texts:
`_Coding`), clause coverage from character-bigram codes counted with `numpy.bincount` —
and `pairing.cover_chunk` then runs the same assignment per plan, in plain Python on short
candidate lists cut from the chunk's matrices (`cells`); text cutting is in clausecut.py.
This is the one module that imports NumPy. The same thresholds (`align.SCORE_CUTOFF`,
`align.ATTACH_CUTOFF`, `similarity.CLAUSE_FLOOR`, `similarity.HEADING_BONUS`) are used, and
``tests/test_corpus_coverage.py`` checks that the groups, scores and fidelity figures equal those
of `align.align` and `compare` on simulated plans.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..align import clausecut as _cut
from ..align import similarity as _similarity
from ..model import Plan
from ..normalize import changing_keys, fold, nfkc, t2s, to_simplified
from .chunk import Memo

_SHIFT = 21                                      # bits of a code point
_ONE = (1 << _SHIFT) - 1                         # second half of a one-character unit's code
_OWNER = 2 * _SHIFT                              # owner index sits above the two code points


# -- folding many texts at once --------------------------------------------------------------
def fold_all(texts: Sequence[str]) -> tuple[list[str], list[list[str]]]:
    """`normalize.fold(text)` and ``similarity.clauses(text) or [fold(text)]`` for every text,
    from a few passes over one joined string (character maps done with NumPy) instead of
    one pass per text and clause."""
    if not texts:
        return [], []
    big = _cut.TEXT.join(texts)
    if big.count(_cut.TEXT) != len(texts) - 1 or _cut.has_marks(big):  # markers as input
        big = _cut.TEXT.join(map(_cut.unmarked, texts))
    big = _remap(nfkc(big), _cut.boundary)
    big = _remap(_simplified(big).lower(), _cut.keep)
    folded, known = _cut.plain(big).split(_cut.TEXT), _SENTENCES
    if len(known) > _SENTENCES_MAX:  # bounded: start again
        known.clear()
    clauses = [_cut.clauses(seg, known) or [plain]
               for seg, plain in zip(big.split(_cut.TEXT), folded, strict=True)]
    return folded, clauses


# a sentence's clauses, across chunks (sentences recur: a rewording changes a few of them)
_SENTENCES: dict[str, tuple[str, ...]] = {}
_SENTENCES_MAX = 200_000   # entries (tens of MB at most)


_FOLDED: dict[str, tuple[str, list[str]]] = {}  # text → fold_all's answer, across chunks
_FOLDED_MAX = 20_000   # entries (a few tens of MB at most)


def _fold_cached(texts: list[str], uses: np.ndarray, folds: dict | None = None
                 ) -> tuple[list[str], list[list[str]]]:
    """`fold_all`, folding only texts not seen in earlier chunks. Only texts used more than
    once in this chunk are kept for later chunks (kept tasks are often verbatim copies of the
    guideline's, in every plan; a text used once is seldom seen again); ``folds`` keeps every
    text folded for the chunk in hand, which is scored against each guideline in turn (a
    plan that cites none goes to all of them)."""
    here = folds if folds is not None else {}
    found = [here.get(t) or _FOLDED.get(t) for t in texts]
    new = [k for k, f in enumerate(found) if f is None]
    if new:
        answers = list(zip(*fold_all([texts[k] for k in new]), strict=True))
        if len(_FOLDED) + len(new) > _FOLDED_MAX:  # bounded: start again
            _FOLDED.clear()
        for k, answer in zip(new, answers, strict=True):
            found[k] = here[texts[k]] = answer
            if uses[k] > 1:
                _FOLDED[texts[k]] = answer
    return [f for f, _ in found], [c for _, c in found]


def prepare() -> None:
    """Build now what folding needs whatever the texts (OpenCC's converter, the tables of
    its changing keys): the local engine's forkserver does, once for all its workers."""
    to_simplified("後")
    _t2s_tables()


def _simplified(big: str) -> str:
    """`to_simplified` of texts joined by `clausecut.TEXT` (which no t2s key holds): OpenCC
    converts only the texts holding a changing key, found with tables of code points (a
    one-character key; a longer key's first two characters) instead of `to_simplified`'s
    look in Python, which costs a chunk of Simplified texts 5 times what OpenCC does."""
    tables = _t2s_tables()
    if tables is None or big.isascii():
        return to_simplified(big)
    single, first, second, pairs = tables
    cps = np.frombuffer(big.encode("utf-32-le"), dtype=np.uint32)
    ranked = np.minimum(cps, len(single) - 1)
    hit = single[ranked]
    maybe = np.flatnonzero(first[ranked[:-1]] & second[ranked[1:]])
    codes = (cps[maybe].astype(np.int64) << _SHIFT) | cps[maybe + 1]
    hit[maybe[np.isin(codes, pairs)]] = True
    if not hit.any():
        return big
    texts = big.split(_cut.TEXT)
    which = np.unique(np.searchsorted(np.flatnonzero(cps == ord(_cut.TEXT)),
                                      np.flatnonzero(hit))).tolist()
    for k, text in zip(which, t2s(_cut.TEXT.join(texts[k] for k in which)).split(_cut.TEXT),
                       strict=True):
        texts[k] = text
    return _cut.TEXT.join(texts)


@functools.cache
def _t2s_tables() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """`normalize.changing_keys` as tables: by code point, whether it is a one-character
    key, the first or the second character of a longer key; the longer keys' first two
    characters as sorted codes. None when the keys cannot be had."""
    keys = changing_keys()
    if keys is None:
        return None
    ones = np.array([ord(c) for c in keys[0] if not 0xD800 <= ord(c) < 0xE000], dtype=np.int64)
    pairs = np.unique(np.array([(ord(k[0]) << _SHIFT) | ord(k[1]) for ks in keys[1].values()
                                for k in ks], dtype=np.int64))
    size = max(ones.max(initial=0), (pairs >> _SHIFT).max(initial=0),
               (pairs & _ONE).max(initial=0)) + 2   # the last entry: all code points beyond
    single, first, second = (np.zeros(size, dtype=bool) for _ in range(3))
    single[ones] = first[pairs >> _SHIFT] = second[pairs & _ONE] = True
    return single, first, second, pairs


def _remap(text: str, rule) -> str:
    """Apply ``rule`` (character → character or None to drop) to every character of
    ``text``, deciding once per distinct character (and remembering the decisions)."""
    cps = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.intp)
    if not len(cps):
        return text
    known = _DECIDED.setdefault(rule, {})
    present = np.flatnonzero(np.bincount(cps)).tolist()
    table = np.arange(present[-1] + 1, dtype=np.uint32)
    for cp in present:
        out = known.get(cp)
        if out is None:
            got = rule(chr(cp))
            out = known[cp] = _DROP if got is None else ord(got)
        table[cp] = out
    mapped = table[cps]
    if _DROP in table[present]:
        mapped = mapped[mapped != _DROP]
    return mapped.tobytes().decode("utf-32-le")


_DECIDED: dict = {}       # rule → code point → its code point after the rule, or _DROP
_DROP = 0xFFFFFFFF        # (not a code point)


# -- character bigrams as integer codes ------------------------------------------------------
def grams(units: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The distinct `similarity.bigrams` of every unit as (owner, code) pairs, and the number of
    distinct grams per unit. A code packs two code points; a one-character unit is its own
    gram."""
    n = len(units)
    lengths = np.fromiter(map(len, units), dtype=np.int64, count=n)
    cps = np.frombuffer("".join(units).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
    pos = np.nonzero(owner[:-1] == owner[1:])[0]
    single = np.nonzero(lengths == 1)[0]
    ends = np.cumsum(lengths)
    codes = np.concatenate([(cps[pos] << _SHIFT) | cps[pos + 1],
                            (cps[ends[single] - 1] << _SHIFT) | _ONE])
    owners = np.concatenate([owner[pos], single])
    keys = np.sort((owners << _OWNER) | codes)
    keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])] if len(keys) else keys
    owners, codes = keys >> _OWNER, keys & ((1 << _OWNER) - 1)
    return owners, codes, np.bincount(owners, minlength=n)


@dataclass(frozen=True)
class _Lookup:
    """Vocabulary ids of bigrams by table lookups instead of a search: ``chars`` maps a code
    point to its rank among the guideline's characters (0: not one of them), ``pairs`` a
    (rank, rank) pair to its vocabulary id (-1: not in the vocabulary; the last column is
    a one-character unit's gram)."""

    chars: np.ndarray
    pairs: np.ndarray
    width: int

    @classmethod
    def of(cls, vocab: np.ndarray) -> _Lookup | None:
        """The tables, or None when the pair table would be too large (over 16M cells:
        a guideline with more than 4,000 distinct characters)."""
        hi, lo = vocab >> _SHIFT, vocab & _ONE
        chars = np.unique(np.concatenate([hi, lo[lo != _ONE]]))
        if (len(chars) + 2) ** 2 > _PAIRS_MAX:
            return None
        rank = np.zeros(int(chars[-1]) + 2 if len(chars) else 1, dtype=np.int32)
        rank[chars] = np.arange(1, len(chars) + 1)   # the last entry stays 0: all beyond
        width = len(chars) + 2
        pairs = np.full(width * width, -1, dtype=np.int32)
        col = np.where(lo == _ONE, width - 1, rank[np.minimum(lo, len(rank) - 1)])
        pairs[rank[hi] * width + col] = np.arange(len(vocab))
        return cls(rank, pairs, width)

    def ids(self, units: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The grams of every unit that are in the vocabulary, as (owner, vocabulary id)
        pairs (a gram may repeat): what `grams` and a search in the vocabulary give,
        without sorting all grams."""
        n = len(units)
        lengths = np.fromiter(map(len, units), dtype=np.int64, count=n)
        cps = np.frombuffer("".join(units).encode("utf-32-le"), dtype=np.uint32)
        rank = self.chars[np.minimum(cps, len(self.chars) - 1)].astype(np.int64)
        owner = np.repeat(np.arange(n, dtype=np.int64), lengths)
        pos = np.nonzero(owner[:-1] == owner[1:])[0]
        single = np.nonzero(lengths == 1)[0]
        ends = np.cumsum(lengths)
        ids = np.concatenate([self.pairs[rank[pos] * self.width + rank[pos + 1]],
                              self.pairs[rank[ends[single] - 1] * self.width + self.width - 1]])
        keep = ids >= 0
        return np.concatenate([owner[pos], single])[keep], ids[keep].astype(np.int64)


_MARK_MAX = 32_000_000  # cells of the (vocabulary × texts) marks (bytes)
_PAIRS_MAX = 1 << 24    # cells of the pair table (int32)


@dataclass(frozen=True)
class _Postings:
    """For each vocabulary code, the targets (guideline texts or clauses) that contain it."""

    indptr: np.ndarray
    indices: np.ndarray
    size: int

    @classmethod
    def of(cls, vocab: np.ndarray, owners: np.ndarray, codes: np.ndarray, size: int):
        vid = np.searchsorted(vocab, codes)
        order = np.argsort(vid, kind="stable")
        indptr = np.concatenate([[0], np.cumsum(np.bincount(vid, minlength=len(vocab)))])
        return cls(indptr, owners[order], size)

    def counts(self, vocab: np.ndarray, owners: np.ndarray, codes: np.ndarray,
               n_units: int) -> np.ndarray:
        """How many grams of each unit every target contains: (n_units, size) integers."""
        pos = np.minimum(np.searchsorted(vocab, codes), len(vocab) - 1)
        hit = vocab[pos] == codes
        owners, pos = owners[hit], pos[hit]
        per = self.indptr[pos + 1] - self.indptr[pos]
        start = np.repeat(self.indptr[pos] - (np.cumsum(per) - per), per)
        targets = self.indices[start + np.arange(int(per.sum()))]
        flat = np.bincount(np.repeat(owners, per) * self.size + targets,
                           minlength=n_units * self.size)
        return flat.reshape(n_units, self.size)


def _found(counts: np.ndarray, n: np.ndarray) -> np.ndarray:
    """`align._found` of the share of grams found, elementwise."""
    floor = _similarity.CLAUSE_FLOOR
    found = counts / n  # the same operations as align's, in place: fewer temporaries
    np.subtract(found, floor, out=found)
    np.divide(found, _similarity.CLAUSE_FULL - floor, out=found)
    np.minimum(found, 1.0, out=found)
    found[counts <= floor * n] = 0.0
    return found


# -- the guideline, prepared once ------------------------------------------------------------
@dataclass(frozen=True)
class GuidelineIndex:
    """A guideline's folded texts, clauses, titles and bigram postings (picklable, so a
    Dask cluster receives it once)."""

    ids: tuple[str, ...]
    folded: tuple[str, ...]
    lengths: tuple[int, ...]          # folded text lengths (fidelity weights)
    titles: tuple[str, ...]           # folded item titles
    clause_owner: np.ndarray          # guideline task of each clause
    clause_len: np.ndarray
    clause_grams: np.ndarray          # distinct grams per clause (at least 1)
    clause_ids: tuple[np.ndarray, ...]  # per clause: the vocabulary ids of its grams
    clause_totals: np.ndarray         # sum of clause lengths per task
    totals: tuple[int, ...]           # the same, as Python integers
    vocab: np.ndarray
    text_postings: _Postings          # code → guideline texts
    clauses_of: tuple[tuple[list[int], list[int]], ...]  # per task: its clauses and lengths
    length: int                       # sum of the folded text lengths (at least 1)
    lookup: _Lookup | None            # vocabulary ids by table lookups
    coding: _Coding                   # the texts in groups, in byte codes (`_ratios`)
    memo: Memo = field(default_factory=lambda: Memo(), compare=False, repr=False)

    @classmethod
    def of(cls, guideline: Plan) -> GuidelineIndex:
        refs = guideline.refs
        folded, clauses = fold_all([r.task.text for r in refs])
        titles, _ = fold_all([r.item.title for r in refs])
        flat = [c for cl in clauses for c in cl]
        owner = np.repeat(np.arange(len(refs)), [len(cl) for cl in clauses])
        t_own, t_codes, _ = grams(folded)
        c_own, c_codes, c_n = grams(flat)
        vocab = np.unique(np.concatenate([t_codes, c_codes]))
        clause_len = np.fromiter(map(len, flat), dtype=np.int64, count=len(flat))
        totals = np.bincount(owner, weights=clause_len, minlength=len(refs)).astype(np.int64)
        return cls(tuple(r.task.id for r in refs), tuple(folded), tuple(map(len, folded)),
                   tuple(titles), owner, clause_len, np.maximum(c_n, 1),
                   tuple(np.split(np.searchsorted(vocab, c_codes),
                                  np.searchsorted(c_own, np.arange(1, len(flat))))),
                   totals, tuple(totals.tolist()),
                   vocab, _Postings.of(vocab, t_own, t_codes, len(refs)),
                   tuple((cl, clause_len[cl].tolist()) for cl in
                         (np.nonzero(owner == i)[0].tolist() for i in range(len(refs)))),
                   sum(map(len, folded)) or 1, _Lookup.of(vocab), _Coding.of(folded))

    def __len__(self) -> int:
        return len(self.ids)


# -- one chunk of plans ----------------------------------------------------------------------
@dataclass
class _Chunk:
    """The signals of a chunk of plans against the guideline. Each distinct task text is
    folded, split and scored once (``text`` maps a task to its distinct text); ``comb``, which
    also depends on the item heading, has a column per task."""

    text: np.ndarray       # (T,) distinct-text index of each task
    distinct: list[str]    # the distinct texts, as written
    folded: list[str]      # per distinct text
    comb: np.ndarray       # (G, T) combined score per task
    cover_a: np.ndarray    # (G, T) share of the guideline task's text found in the task
    cover_b: np.ndarray    # (G, T) share of the task's text found in the guideline task
    acc_a: np.ndarray      # (G, D) unnormalised cover_a
    found_a: np.ndarray    # (C, D) each guideline clause found in each text (0–1)
    found_b: np.ndarray    # (E, G) each distinct clause found in each guideline task (0–1)
    clause_start: np.ndarray  # first clause of each distinct text (U index), and U at the end
    clause_len: np.ndarray    # length of each clause (U)
    clause_which: np.ndarray  # the distinct clause (E index) of each clause (U)


def cells(matrix: np.ndarray, sizes: list[int], floor: float, *, best_first: bool = False
           ) -> list[list[tuple[float, int, int]]]:
    """Per plan, the (value, guideline index, plan task index) cells of a (G, T) matrix at
    or above ``floor``; ``best_first``: by value descending, then i, then j (as
    `align.assign` sorts its candidates)."""
    cols, rows = np.nonzero(matrix.T >= floor)  # by column (plan task), then row
    vals = matrix[rows, cols]
    ends = np.cumsum(sizes)
    plan = np.searchsorted(ends, cols, side="right")
    local = cols - (ends - sizes)[plan]
    if best_first:
        order = np.lexsort((local, rows, -vals, plan))
        vals, rows, local, plan = vals[order], rows[order], local[order], plan[order]
    bounds = np.searchsorted(plan, np.arange(len(sizes) + 1)).tolist()
    cells = list(zip(vals.tolist(), rows.tolist(), local.tolist(), strict=True))
    return [cells[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=True)]


def _distinct(items: list[str]) -> tuple[list[str], np.ndarray]:
    """The distinct items in order of first occurrence, and each item's position among
    them."""
    position = {x: k for k, x in enumerate(dict.fromkeys(items))}
    which = np.fromiter(map(position.__getitem__, items), dtype=np.int64, count=len(items))
    return list(position), which


def signals(texts, titles, sizes, index: GuidelineIndex, workers: int,
            folds: dict | None = None) -> _Chunk:
    """The signals of a chunk's tasks (``texts`` under item ``titles``; ``sizes``: tasks
    per plan) against the guideline: combined scores, coverage both ways and what a split
    or merge group's score needs, each distinct text folded (once a chunk: ``folds``,
    `_fold_cached`) and scored once."""
    distinct, which = _distinct(texts)
    folded, clauses = _fold_cached(distinct, np.bincount(which, minlength=len(distinct)),
                                   folds)
    # cdist releases the GIL: with more than one core, the ratios are computed in a thread
    # while this one counts bigrams (cdist takes all cores but the one this thread uses); with
    # one (``workers=1``: a worker process, each core has one) a second thread would compete
    with ThreadPoolExecutor(1) as background:  # (starts no thread until a call is submitted)
        if workers == 1:
            matrix, pending = _ratios(index.folded, index.coding, folded, 1), None
        else:
            threads = workers if workers > 0 else max(1, (os.cpu_count() or 1) - 1)
            pending = background.submit(_ratios, index.folded, index.coding, folded,
                                        threads)
        found_a, acc_a, cover_a = _cover_a(folded, index)
        found_b, cover_b, starts, lens, clause_which = _cover_b(clauses, index)
        ratio = (matrix if pending is None else pending.result())[:, which]
    g, cols, start = len(index), [], 0
    for n in sizes:  # align's own matrices are float32 from this size on
        if g * n >= _similarity.CDIST_MIN:
            cols.extend(range(start, start + n))
        start += n
    if cols:
        ratio[:, cols] = ratio[:, cols].astype(np.float32)
    title_id = {t: k for k, t in enumerate(index.titles) if t}
    t_titles = [title_id.get(fold(t), -1) for t in titles]  # few distinct: fold's cache
    heading = (np.array(t_titles, dtype=np.int64)[None, :]
               == np.array([title_id.get(t, -2) for t in index.titles])[:, None])
    cover_a, cover_b = cover_a[:, which], cover_b[:, which]  # per task: plans take views
    comb = np.maximum(ratio, (cover_a + cover_b) / 2)
    comb = np.minimum(100.0, np.where(heading, comb + _similarity.HEADING_BONUS, comb))
    starts = np.append(starts, len(lens))
    return _Chunk(which, distinct, folded, comb, cover_a, cover_b, acc_a, found_a, found_b, starts, lens,
                  clause_which)


# -- whole-text ratios in byte codes ---------------------------------------------------------
@dataclass(frozen=True)
class _Coding:
    """Guideline texts in groups whose characters, together, number at most `_CODES`, and
    the tables that write texts in a group's byte codes: ``rank`` maps a code point to its
    rank among all the groups' characters (0: none of them, as the last entry, which
    stands for all code points beyond; the separator has the last rank), and a group's
    ``codes`` maps a rank to its byte code (0: a character not in the group; 255: the
    separator). An LCS of a query and a choice uses only the query's characters, so coding
    both keeps lengths, LCS and `fuzz.ratio`; rapidfuzz compares byte strings about three
    times faster (docs/corpus.md)."""

    rank: np.ndarray
    groups: tuple[tuple[tuple[int, ...], tuple[bytes, ...], np.ndarray], ...]  # rows, texts

    @classmethod
    def of(cls, texts: Sequence[str]) -> _Coding:
        """Consecutive texts grouped; a text with more than `_CODES` characters is in no
        group (`_ratios` scores it as it is)."""
        grouped, rows, chars = [], [], set()
        for k, text in enumerate(texts):
            own = set(text)
            if len(own) > _CODES or _SEP in own:
                continue
            if len(chars | own) > _CODES:
                grouped.append((rows, chars))
                rows, chars = [], set()
            rows.append(k)
            chars |= own
        if rows:
            grouped.append((rows, chars))
        points = np.array(sorted({ord(c) for _, cs in grouped for c in cs}), dtype=np.int64)
        rank = np.zeros(max(int(points.max(initial=0)), ord(_SEP)) + 2, dtype=np.intp)
        rank[points] = np.arange(1, len(points) + 1)
        rank[ord(_SEP)] = sep = len(points) + 1
        groups = []
        for rows, chars in grouped:
            codes = np.zeros(sep + 1, dtype=np.uint8)
            codes[rank[sorted(map(ord, chars))]] = np.arange(1, len(chars) + 1)
            codes[sep] = 255
            coded = tuple(codes[rank[np.frombuffer(texts[k].encode("utf-32-le"),
                                                   dtype=np.uint32)]].tobytes() for k in rows)
            groups.append((tuple(rows), coded, codes))
        return cls(rank, tuple(groups))


_CODES = 254              # byte codes of characters: 1 … 254 (0: any other; 255: separator)
_SEP = "\x1e"             # joins the choices while they are coded (folded text has none)


def _ratios(queries: Sequence[str], coding: _Coding, choices: Sequence[str], threads: int
            ) -> np.ndarray:
    """`fuzz.ratio` of every (folded) query against every (folded) choice, float64 of shape
    (len(queries), len(choices)): `similarity.ratio_matrix` per group of ``coding``
    (`_Coding.of` the queries), queries and choices in the group's byte codes; queries in
    no group, or all of them when a choice holds the separator, as they are."""
    out = np.zeros((len(queries), len(choices)), dtype=np.float64)
    if not choices:
        return out
    coded = np.zeros(len(queries), dtype=bool)
    joined = _SEP.join(choices)
    if joined.count(_SEP) == len(choices) - 1:
        cps = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
        ranks = coding.rank[np.minimum(cps, len(coding.rank) - 1)]
        for rows, texts, codes in coding.groups:
            out[list(rows)] = _similarity.ratio_matrix(
                texts, codes[ranks].tobytes().split(b"\xff"), workers=threads)
            coded[list(rows)] = True
    rest = np.flatnonzero(~coded).tolist()
    if rest:
        out[rest] = _similarity.ratio_matrix([queries[i] for i in rest], choices,
                                             workers=threads)
    return out


def _cover_a(folded: list[str], index: GuidelineIndex):
    """Share of each guideline task's clause text found in each task (G, T), and each
    guideline clause found in each task (C, T)."""
    found = _found(_clause_counts(folded, index), index.clause_grams[:, None])
    weighted = found * index.clause_len[:, None]
    acc = np.zeros((len(index), len(folded)))
    for c, owner in enumerate(index.clause_owner.tolist()):  # in clause order, as align sums
        acc[owner] += weighted[c]
    totals = np.maximum(index.clause_totals, 1)[:, None]
    return found, acc, 100.0 * acc / totals


def _clause_counts(folded: list[str], index: GuidelineIndex) -> np.ndarray:
    """How many of each guideline clause's distinct grams every text holds (C, T): the
    texts' grams marked in a (vocabulary × texts) table (in blocks of texts of at most
    `_MARK_MAX` cells), then each clause's rows of it added up."""
    size, n = len(index.vocab), len(folded)
    wide = max(map(len, index.clause_ids), default=0) > 255
    counts = np.empty((len(index.clause_ids), n), dtype=np.uint16 if wide else np.uint8)
    step = max(1, _MARK_MAX // max(size, 1))
    for start in range(0, n, step):
        block = folded[start:start + step]
        if index.lookup is None:
            own, codes, _ = grams(block)
            pos = np.minimum(np.searchsorted(index.vocab, codes), size - 1)
            hit = index.vocab[pos] == codes
            own, ids = own[hit], pos[hit]
        else:
            own, ids = index.lookup.ids(block)
        marks = np.zeros(size * len(block), dtype=np.uint8)
        marks[ids * len(block) + own] = 1
        marks = marks.reshape(size, len(block))
        for c, rows in enumerate(index.clause_ids):
            np.add.reduce(marks[rows], axis=0, dtype=counts.dtype,
                          out=counts[c, start:start + len(block)])
    return counts


def _cover_b(clauses: list[list[str]], index: GuidelineIndex):
    """Share of each task's clause text found in each guideline task (G, T), from each
    distinct clause's share of grams found (most clauses recur: a rewording changes a few
    clauses of a task). The clauses' weighted shares are added up per text in clause order
    (as align sums), for all texts at once: texts with more clauses first, so that the
    texts with a k-th clause are a prefix."""
    flat = [c for cl in clauses for c in cl]
    per = np.fromiter(map(len, clauses), dtype=np.int64, count=len(clauses))
    starts = np.cumsum(per) - per
    distinct, which = _distinct(flat)
    d_lens = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct))
    own, codes, n = grams(distinct)
    counts = index.text_postings.counts(index.vocab, own, codes, len(distinct))
    found = _found(counts, np.maximum(n, 1)[:, None])
    weighted = found * d_lens[:, None]
    order = np.argsort(-per, kind="stable")
    first, acc = starts[order], np.zeros((len(clauses), len(index)))
    for k, m in enumerate(np.bincount(per, minlength=1)[::-1].cumsum()[::-1][1:].tolist()):
        acc[:m] += weighted[which[first[:m] + k]]
    lens = d_lens[which]
    totals = np.maximum(np.add.reduceat(lens, starts) if len(flat) else per, 1)
    cover = np.empty_like(acc)
    cover[order] = 100.0 * acc / totals[order, None]
    return found, cover.T, starts, lens, which


def score_matrix(a_texts: Sequence[str], b_texts: Sequence[str], *, workers: int = -1
                 ) -> np.ndarray:
    """The combined score (0–100, without the heading bonus) of every A text against every
    B text (`similarity.Scores`), as a NumPy array of shape (len(a_texts), len(b_texts)). (Here
    rather than in align.py: NumPy is imported by this module only.)"""
    scores = _similarity.Scores.of(list(a_texts), list(b_texts), workers=workers)
    return np.asarray(scores.combined_rows(), dtype=float).reshape(len(a_texts), len(b_texts))


__all__ = ["GuidelineIndex", "cells", "fold_all", "grams", "prepare", "score_matrix", "signals"]
