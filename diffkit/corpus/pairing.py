"""A chunk of plans aligned with the guideline (`cover_chunk`): `align.assign`'s rules per
plan, on sparse candidate lists.

`cover_chunk` gets a whole chunk's signals against the guideline from `coverage.signals`
(NumPy) and then hands each plan its candidates as short Python lists: the pairs whose
combined score reaches ``score_cutoff`` (best first), and the (guideline task, plan task)
cells whose coverage could reach ``attach_cutoff`` with the adjacency bonus. A plan has a
few dozen of them, so the assignment runs here in plain Python (no NumPy call per plan,
which cost more than the work itself), with the same order and tie-breaking as
`align.assign`:

* greedy one-to-one pairs, best combined score first (then the lower guideline index, then
  the lower plan index);
* split/merge attachments round by round (`align._attach`): the best leftover whose text lies
  mostly inside the single task of a pair on the other side joins that pair; a leftover next
  to a task of the pair gets ``align.ADJACENT_BONUS``; ties go to side a, then the lower
  guideline index, then the lower plan index;
* weak pairs re-homed into a split or merge (`align._rehome`, `align.apply_rehoming`), then
  attachments again; borrowers detached (`detach_borrowers`); a split or merge scoring under
  ``score_cutoff`` broken up (`plan_cover`, as `align.dissolve_weak_groups`).

``tests/test_corpus_coverage.py`` checks the result against `align.align` on simulated plans.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass

from ..align import assign as _align
from ..align.similarity import ratio
from ..model import Plan, section_kind
from .chunk import MEMO_MAX
from .coverage import GuidelineIndex, cells, signals

Cell = tuple[float, int, int]   # (score, guideline index, plan index)
Groups = list[tuple[list[int], list[int]]]


def assign(pairs: Sequence[Cell], cand_a: Sequence[Cell], cand_b: Sequence[Cell], na: int,
           nb: int, *, attach_cutoff: float = _align.ATTACH_CUTOFF) -> tuple[Groups, dict]:
    """Groups of (guideline indices, plan indices) for one plan, and the combined score of
    every one-to-one pair made greedily ({(i, j): score}).

    ``pairs``: the cells with a combined score at or above ``score_cutoff``, sorted best
    first (score descending, then i, then j). ``cand_a``: cells whose ``cover_a`` (share of
    guideline task i found in plan task j) is at least ``attach_cutoff -
    align.ADJACENT_BONUS`` (and all at or above ``align.REHOME_COVER``); ``cand_b`` the same
    for ``cover_b``. Cells below those bounds can never attach nor re-home."""
    group_of_a: dict[int, int] = {}
    group_of_b: dict[int, int] = {}
    groups: Groups = []
    scores: dict[tuple[int, int], float] = {}
    full = min(na, nb)
    for score, i, j in pairs:
        if i not in group_of_a and j not in group_of_b:
            group_of_a[i] = group_of_b[j] = len(groups)
            groups.append(([i], [j]))
            scores[i, j] = score
            if len(groups) == full:  # one side is used up: no later pair can be added
                break
    if cand_a or cand_b:
        _attach(cand_a, cand_b, groups, group_of_a, group_of_b, attach_cutoff)
        if _rehome(cand_a, cand_b, scores, groups, group_of_a, group_of_b):
            _attach(cand_a, cand_b, groups, group_of_a, group_of_b, attach_cutoff)
    groups[:] = [g for g in groups if g[0] or g[1]]
    if len(group_of_a) < na:
        groups.extend(([i], []) for i in range(na) if i not in group_of_a)
    if len(group_of_b) < nb:
        groups.extend(([], [j]) for j in range(nb) if j not in group_of_b)
    return groups, scores


def _attach(cand_a, cand_b, groups, group_of_a, group_of_b, cutoff: float) -> None:
    """`align._attach`: one attachment per round, the best candidate first."""
    bonus = _align.ADJACENT_BONUS
    while True:
        best = None
        for v, i, j in cand_a:          # A leftover i joins the pair of B task j
            if i in group_of_a:
                continue
            g = group_of_b.get(j)
            if g is None:
                continue
            members = groups[g]
            if len(members[1]) != 1:
                continue
            if i - 1 in members[0] or i + 1 in members[0]:
                v += bonus
            if v >= cutoff and (best is None or (-v, 0, i, j) < best):
                best = (-v, 0, i, j)
        for v, i, j in cand_b:          # B leftover j joins the pair of A task i
            if j in group_of_b:
                continue
            g = group_of_a.get(i)
            if g is None:
                continue
            members = groups[g]
            if len(members[0]) != 1:
                continue
            if j - 1 in members[1] or j + 1 in members[1]:
                v += bonus
            if v >= cutoff and (best is None or (-v, 1, i, j) < best):
                best = (-v, 1, i, j)
        if best is None:
            return
        _, side, i, j = best
        if side == 0:
            g = group_of_b[j]
            groups[g][0].append(i)
            group_of_a[i] = g
        else:
            g = group_of_a[i]
            groups[g][1].append(j)
            group_of_b[j] = g


def _rehome(cand_a, cand_b, scores, groups, group_of_a, group_of_b) -> bool:
    """`align._rehome`: a weak one-to-one pair is undone when one of its tasks lies almost
    wholly inside the single task of another pair on the other side."""
    weak_a: dict[int, int] = {}
    weak_b: dict[int, int] = {}
    for (i, j), score in scores.items():
        if score < _align.WEAK_PAIR:
            g = group_of_a.get(i)
            if g is not None and groups[g] == ([i], [j]):
                weak_a[i], weak_b[j] = g, g
    if not weak_a:
        return False
    floor = _align.REHOME_COVER
    moves = []
    for v, i, k in cand_a:
        g = weak_a.get(i)
        if g is not None and v >= floor:
            h = group_of_b.get(k)
            if h is not None and h != g:
                moves.append((v, "a", i, k, g, h))
    for v, k, j in cand_b:
        g = weak_b.get(j)
        if g is not None and v >= floor:
            h = group_of_a.get(k)
            if h is not None and h != g:
                moves.append((v, "b", k, j, g, h))
    return _align.apply_rehoming(moves, groups, group_of_a, group_of_b)


@dataclass(frozen=True, slots=True)
class PlanCover:
    """How one plan covers the guideline: per guideline task (in guideline order) the plan
    task ids that carry it, the score and the status; and the plan's fidelity figures, as
    `compare` computes them (``covered`` and ``retained`` are shares 0–1)."""

    rows: tuple[tuple[tuple[str, ...], float | None, str], ...]
    covered: float
    retained: float
    local: int


_REMOVED = ((), None, "removed")


def round1(x: float) -> float:
    """``round(x, 1)``, remembered: Python rounds a float to a decimal place by way of its
    decimal digits (≈ 1 µs), and a chunk's scores repeat (on 3,000 simulated plans, 7.6% of
    the values rounded were distinct). Zeros are rounded as they come (0.0 and -0.0 are one
    key)."""
    got = _ROUNDED.get(x)
    if got is None:
        if len(_ROUNDED) >= _ROUNDED_MAX:  # bounded: start again
            _ROUNDED.clear()
        got = round(x, 1)
        if x:
            _ROUNDED[x] = got
    return got


_ROUNDED: dict[float, float] = {}
_ROUNDED_MAX = 100_000


def plan_cover(ids, text, groups, scores, acc, chunk, index,
               score_cutoff: float = _align.SCORE_CUTOFF) -> PlanCover:
    """Rows and fidelity of one plan from its `assign` groups and scores, as `compare`
    computes them. ``ids``: the plan's task ids; ``text``: each task's distinct text index
    in ``chunk`` (the chunk's signals, a `coverage._Chunk`); ``acc``: an iterator over the
    guideline-text coverage of the plan's one-to-one pairs, in order; ``index``: the
    `coverage.GuidelineIndex`. A split or merge scoring under ``score_cutoff`` is broken
    up, as `align.dissolve_weak_groups` does: its tasks count as removed and added."""
    rows: list = [_REMOVED] * len(index)
    both = []       # (first guideline index, rounded coverage, guideline text length)
    local = covered = 0
    lengths, totals, g_folded, folded = index.lengths, index.totals, index.folded, chunk.folded
    for a_idx, b_idx in groups:
        if not a_idx:
            local += len(b_idx)
            continue
        if not b_idx:
            continue
        if len(a_idx) == 1 == len(b_idx):
            i, j = a_idx[0], b_idx[0]
            s, total = next(acc), totals[i]
            cover = 100.0 * s / total * total / total if total else 0.0
            status = "unchanged" if g_folded[i] == folded[text[j]] else "reworded"
            rows[i] = ((ids[j],), round1(scores[i, j]), status)
            both.append((i, round1(cover), lengths[i]))
            covered += 1
            continue
        a_idx, b_idx = sorted(a_idx), sorted(b_idx)
        tasks = tuple(ids[j] for j in b_idx)
        key = ("group", tuple(a_idx), tuple(chunk.distinct[text[j]] for j in b_idx))
        found = index.memo.get(key)
        if found is None:  # a pure function of the texts: kept for later plans
            found = index.memo[key] = group_score(a_idx, [text[j] for j in b_idx], chunk,
                                                  index)
        score, cover = found
        if score < score_cutoff:  # (rounded, as align compares it)
            local += len(b_idx)
            continue
        status = "split" if len(b_idx) > 1 else "merged"
        for i in a_idx:
            rows[i] = (tasks, score, status)
        both.append((a_idx[0], round1(cover), sum(lengths[i] for i in a_idx)))
        covered += len(a_idx)
    both.sort()  # in guideline order, as `compare` sums (the first indices differ)
    retained = sum(cover * weight for _, cover, weight in both)
    return PlanCover(tuple(rows), round(covered / (len(index) or 1), 4),
                     round(retained / 100 / index.length, 4), local)


def detach_borrowers(groups: Groups, text: list[int], start: int, n: int, chunk,
                     index) -> None:
    """`align.detach_borrowers` on one plan's groups (its ``n`` tasks from ``start`` in the
    chunk), with the chunk's clause hits; detached tasks are added or removed. A group's
    answer depends only on its single task and the texts of its parts (in task order), so
    it is kept (``index.memo``) for every later plan with the same group: plans that
    implement one guideline split and merge its tasks alike."""
    distinct, memo = chunk.distinct, index.memo
    gone_a: list[int] = []
    gone_b: list[int] = []
    for a_idx, b_idx in groups:
        if len(a_idx) + len(b_idx) < 3 or min(len(a_idx), len(b_idx)) != 1:
            continue
        split = len(b_idx) > 1
        parts = sorted(b_idx if split else a_idx)
        key = (("split", a_idx[0], tuple(distinct[text[start + j]] for j in parts)) if split
               else ("merge", distinct[text[start + b_idx[0]]], tuple(parts)))
        gone = memo.get(key)
        if gone is None:
            gone = memo[key] = _detached(a_idx, b_idx, parts, text, start, n, chunk, index)
        if gone:
            drop = {parts[p] for p in gone}
            side = b_idx if split else a_idx
            side[:] = [x for x in side if x not in drop]
            (gone_b if split else gone_a).extend(drop)
    groups.extend(([i], []) for i in sorted(gone_a))
    groups.extend(([], [j]) for j in sorted(gone_b))


def _detached(a_idx: list[int], b_idx: list[int], parts: list[int], text: list[int],
              start: int, n: int, chunk, index) -> tuple[int, ...]:
    """Which of a group's ``parts`` (positions in ``parts``) `align.detach_borrowers`
    detaches."""
    own_texts = text[start:start + n]  # the plan's columns only: a chunk has thousands

    def hits(single: int, split: bool):
        if split:  # a guideline task's clauses, found in the plan's tasks
            cl, lens = index.clauses_of[single]
            rows = chunk.found_a[cl][:, own_texts].tolist()
            return [(n, _Row(row)) for n, row in zip(lens, rows, strict=True)]
        d = text[start + single]
        u0, u1 = int(chunk.clause_start[d]), int(chunk.clause_start[d + 1])
        rows = chunk.found_b[chunk.clause_which[u0:u1]].tolist()
        return [(n, dict(enumerate(row))) for n, row in
                zip(chunk.clause_len[u0:u1].tolist(), rows, strict=True)]

    def own(single: int, k: int, split: bool) -> float:
        return float(chunk.cover_b[single, start + k] if split
                     else chunk.cover_a[k, start + single])

    group = (list(a_idx), list(b_idx))
    _align.detach_borrowers([group], dict.fromkeys(group[0], 0), dict.fromkeys(group[1], 0),
                            hits, own)
    kept = set(group[1] if len(b_idx) > 1 else group[0])
    return tuple(p for p, x in enumerate(parts) if x not in kept)


class _Row:
    """A guideline clause's found values by plan task (``get(j)``), from its row over the
    plan's tasks."""

    __slots__ = ("row",)

    def __init__(self, row: list[float]) -> None:
        self.row = row

    def get(self, j: int, default: float = 0.0) -> float:
        return self.row[j]


def group_score(a_idx: list[int], texts: list[int], chunk, index) -> tuple[float, float]:
    """Score and guideline-text coverage of a split or merged group (``texts``: distinct
    text indices of its plan tasks; ``chunk``: the chunk's signals, a `coverage._Chunk`), as
    `align._correspondence` computes them with ``Scores.group_cover``."""
    num = den = 0.0
    cols = chunk.found_a[:, texts]
    for i in a_idx:
        cl, lens = index.clauses_of[i]
        total = sum(lens)
        found = cols[cl].max(axis=1).tolist()
        cov = 100.0 * sum(map(operator.mul, lens, found)) / total if total else 0.0
        num += cov * total
        den += total
    ca = num / den if den else 0.0
    num = den = 0.0
    for d in texts:
        u0, u1 = int(chunk.clause_start[d]), int(chunk.clause_start[d + 1])
        lens = chunk.clause_len[u0:u1].tolist()
        total = sum(lens)
        found = chunk.found_b[chunk.clause_which[u0:u1]][:, a_idx].max(axis=1).tolist()
        cov = 100.0 * sum(map(operator.mul, lens, found)) / total if total else 0.0
        num += cov * total
        den += total
    cb = num / den if den else 0.0
    joined_a = "".join(index.folded[i] for i in a_idx)
    joined_b = "".join(chunk.folded[d] for d in texts)
    return round(max(ratio(joined_a, joined_b), (ca + cb) / 2), 1), ca


def cover_chunk(plans: Sequence[Plan], index: GuidelineIndex, *,
                score_cutoff: float = _align.SCORE_CUTOFF,
                attach_cutoff: float = _align.ATTACH_CUTOFF, workers: int = -1,
                folds: dict | None = None) -> list[PlanCover]:
    """Align every plan with the guideline as ``align.align(guideline, plan)`` does, with
    whole-chunk matrices; one `pairing.PlanCover` per plan, in order. ``folds``: the texts
    of the chunk folded so far (`coverage.signals`), shared by its calls for each guideline."""
    texts: list[str] = []
    titles: list[str] = []
    ids: list[str] = []
    sizes = []
    for plan in plans:  # plan.refs would build a TaskRef per task; a list per plan, not item
        pairs = [(item.title, task) for section in plan.sections
                 if section_kind(section) == "tasks"  # guiding text (总体要求 …) is no task
                 for item in section.items for task in item.tasks]
        texts += [task.text for _, task in pairs]
        ids += [task.id for _, task in pairs]
        titles += [title for title, _ in pairs]
        sizes.append(len(pairs))
    chunk = signals(texts, titles, sizes, index, workers, folds)
    if len(index.memo) > MEMO_MAX:  # bounded: start again
        index.memo.clear()
    # each plan's candidates as short Python lists: the assignment runs without NumPy calls
    reach = min(attach_cutoff - _align.ADJACENT_BONUS, _align.REHOME_COVER)
    pairs = cells(chunk.comb, sizes, score_cutoff, best_first=True)
    cand_a = cells(chunk.cover_a, sizes, reach)
    cand_b = cells(chunk.cover_b, sizes, reach)
    g = len(index)
    assigned = [assign(p, a, b, g, n, attach_cutoff=attach_cutoff)
                for p, a, b, n in zip(pairs, cand_a, cand_b, sizes, strict=True)]
    text = chunk.text.tolist()
    start = 0
    for (groups, _), n in zip(assigned, sizes, strict=True):
        if any(len(x) + len(y) > 2 for x, y in groups):
            detach_borrowers(groups, text, start, n, chunk, index)
        start += n
    ii, dd, start = [], [], 0  # guideline-text coverage of every one-to-one pair, at once
    for (groups, scores), n in zip(assigned, sizes, strict=True):
        for a_idx, b_idx in groups:
            if len(a_idx) == 1 == len(b_idx):
                i, j = a_idx[0], b_idx[0]
                ii.append(i)
                dd.append(text[start + j])
                if (i, j) not in scores:  # left one-to-one by detaching: align's combined
                    scores[i, j] = chunk.comb[i, start + j].item()
        start += n
    acc = iter(chunk.acc_a[ii, dd].tolist() if ii else ())

    out, start = [], 0
    for (groups, scores), n in zip(assigned, sizes, strict=True):
        out.append(plan_cover(ids[start:start + n], text[start:start + n], groups, scores,
                              acc, chunk, index, score_cutoff))
        start += n
    return out


__all__ = ["assign", "cover_chunk", "group_score", "plan_cover", "PlanCover"]
