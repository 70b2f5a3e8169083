"""Task alignment: which tasks of plan A correspond to which tasks of plan B.

The signals (whole-text ratio, clause coverage both ways, same heading) and their combined
score — ``max(ratio, (cover_a + cover_b) / 2)``, plus ``HEADING_BONUS`` when the headings
are equal, capped at 100 — come from `similarity`. The assignment, in four steps:

1. one-to-one pairs greedily, best combined score first, among pairs scoring at least
   ``score_cutoff``;
2. a leftover task is attached to a pair when at least ``ATTACH_CUTOFF`` of its text lies
   inside the pair's single task on the other side (``ADJACENT_BONUS`` less when it stands
   next to a task of the pair in its own document): one A task with several B tasks is a
   *split*, several A tasks with one B task a *merge*;
3. a weak one-to-one pair (below ``WEAK_PAIR``) is undone when one of its tasks lies almost
   wholly (``REHOME_COVER``) inside another pair's task: it joins that pair, and step 2 runs
   again for its old partner;
4. what is left is *added* (B only) or *removed* (A only).

A pair is *moved* when none of its (A section, B section) combinations correspond (see
`section_map`). The thresholds were calibrated on the simulation benchmark
(``benchmarks/accuracy.py``) and are documented in docs/compare.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace

from ..errors import InputError
from ..model import Plan, TaskRef
from ..normalize import fold
from .similarity import HEADING_BONUS, Scores, ratio

SCORE_CUTOFF = 35.0     # combined score for a one-to-one pair
ATTACH_CUTOFF = 60.0    # coverage for attaching a leftover task to a pair (split / merge)
WEAK_PAIR = 60.0        # a one-to-one pair below this may be undone by `_rehome`
REHOME_COVER = 85.0     # ...when one of its tasks lies this much inside another pair's task
ADJACENT_BONUS = 40.0   # added to the coverage of a leftover next to a task of the pair
BORROW_WHOLE = 40.0     # the other parts of a split (merge) cover the single task this much...
BORROW_MARGIN = 10.0    # ...and at most this share of what a part takes from it is its own...
BORROW_OWN = 85.0       # ...and less than this much of its own text is the single task's:
                        # it is an addition that borrows a clause, not a piece of the task
BORROW_QUOTE = 0.5      # a clause of the single task found this much (0-1) in a part is one
                        # it quotes (what the margin is a share of)
BORROW_CLAUSE = 6       # a borrowed clause has at least this many folded characters
SECTION_TITLE_MATCH = 90.0  # section titles at least this similar correspond
PARTIAL_MAX = 1_000     # `why` shows `partial` only for texts up to this many folded
                        # characters: partial_ratio of two similar 4,000-character texts takes 8 s
MAX_PAIRS = 4_000_000   # task pairs (A tasks × B tasks) one alignment may score: the score
                        # matrices live in memory (2,000 × 2,000 tasks: ~0.3-1 GB, 10-250 s)

KINDS = ("one", "split", "merged", "added", "removed")


# -- correspondences -------------------------------------------------------------------------
@dataclass(frozen=True)
class Correspondence:
    """A group of A tasks and B tasks that correspond (either side may be empty).

    ``kind`` is one of `KINDS`; ``score`` is the combined similarity of the group's texts
    (None for added or removed tasks); ``why`` says in words which signals made the match."""

    a: tuple[str, ...]
    b: tuple[str, ...]
    kind: str
    score: float | None
    moved: bool = False
    why: str = ""
    cover_a: float = 0.0
    cover_b: float = 0.0
    similarity: float | None = None  # fuzz.ratio of the folded (joined) texts, 0–100
    #: an added (removed) task: the A (B) tasks one of whose clauses it shares all but word
    #: for word — a borrowed clause of a task that corresponds elsewhere
    borrows: tuple[str, ...] = ()


def align(a_plan: Plan, b_plan: Plan, *, score_cutoff: float = SCORE_CUTOFF,
          attach_cutoff: float = ATTACH_CUTOFF, workers: int = -1,
          fixed: Sequence[tuple[Sequence[str], Sequence[str]]] = (),
          forbidden: Collection[tuple[str, str]] = ()) -> list[Correspondence]:
    """Align the tasks of two plans. Every task of each plan is in exactly one
    correspondence; they come in A's document order, with added B tasks after the pair that
    holds the B task before them.

    Reviewer constraints (task ids): each ``fixed`` group (A ids, B ids) becomes a
    correspondence as it is; no ``forbidden`` (A id, B id) is matched."""
    ra, rb = a_plan.refs, b_plan.refs
    if len(ra) * len(rb) > MAX_PAIRS:
        raise InputError(f"{len(ra):,} × {len(rb):,} tasks make {len(ra) * len(rb):,} task "
                         f"pairs, over the limit of {MAX_PAIRS:,} for one comparison",
                         file=f"{a_plan.id} vs {b_plan.id}",
                         fix="compare the plans part by part (a few sections each)")
    scores = Scores.of([r.task.text for r in ra], [r.task.text for r in rb],
                       a_titles=[r.item.title for r in ra], b_titles=[r.item.title for r in rb],
                       workers=workers)
    ia = {r.task.id: k for k, r in enumerate(ra)}
    ib = {r.task.id: k for k, r in enumerate(rb)}
    pinned = [([ia[x] for x in ga], [ib[y] for y in gb]) for ga, gb in fixed]
    groups = assign(scores, score_cutoff=score_cutoff, attach_cutoff=attach_cutoff,
                    fixed=pinned, forbidden={(ia[x], ib[y]) for x, y in forbidden})
    groups = dissolve_weak_groups(groups, scores, score_cutoff, locked=len(pinned))
    smap = section_map(ra, rb, groups)
    out = [_correspondence(g, ra, rb, scores, smap) for g in groups]
    for k in range(len(pinned)):  # assign puts the fixed groups first
        out[k] = replace(out[k], why="fixed by a reviewer's verdict; " + out[k].why)
    return _ordered(out, ra, rb)


def assign(scores: Scores, *, score_cutoff: float = SCORE_CUTOFF,
           attach_cutoff: float = ATTACH_CUTOFF,
           fixed: Sequence[tuple[Sequence[int], Sequence[int]]] = (),
           forbidden: Collection[tuple[int, int]] = ()) -> list[tuple[list[int], list[int]]]:
    """Groups of (A indices, B indices): the ``fixed`` groups first, as they are; then
    greedy one-to-one pairs, then split/merge attachments, then the rest alone. No pair in
    ``forbidden`` is matched."""
    na, nb = len(scores.a_folded), len(scores.b_folded)
    cands = sorted(((scores.combined(i, j), i, j) for i in range(na) for j in range(nb)
                    if scores.combined(i, j) >= score_cutoff and (i, j) not in forbidden),
                   key=lambda c: (-c[0], c[1], c[2]))
    groups: list[tuple[list[int], list[int]]] = [(list(ga), list(gb)) for ga, gb in fixed]
    group_of_a = {i: g for g, (ga, _) in enumerate(groups) for i in ga}
    group_of_b = {j: g for g, (_, gb) in enumerate(groups) for j in gb}
    for _, i, j in cands:
        if i not in group_of_a and j not in group_of_b:
            group_of_a[i] = group_of_b[j] = len(groups)
            groups.append(([i], [j]))
    locked = len(fixed)
    _attach(scores, groups, group_of_a, group_of_b, attach_cutoff, locked=locked,
            forbidden=forbidden)
    if _rehome(scores, groups, group_of_a, group_of_b, locked=locked, forbidden=forbidden):
        _attach(scores, groups, group_of_a, group_of_b, attach_cutoff, locked=locked,
                forbidden=forbidden)
    _detach_borrowers(scores, groups, group_of_a, group_of_b, locked=locked)
    groups[:] = [g for g in groups if g[0] or g[1]]  # the fixed groups stay first
    groups.extend(([i], []) for i in range(na) if i not in group_of_a)
    groups.extend(([], [j]) for j in range(nb) if j not in group_of_b)
    return groups


def _rehome(scores: Scores, groups, group_of_a, group_of_b, *, locked: int = 0,
            forbidden: Collection[tuple[int, int]] = ()) -> bool:
    """Undo a weak one-to-one pair (combined < ``WEAK_PAIR``) when one of its tasks lies
    almost wholly (coverage >= ``REHOME_COVER``) inside the single task of another pair on
    the other side: it joins that pair (a merge or split), and its old partner is free.
    The first ``locked`` groups (fixed by a reviewer) neither move nor take anyone; no
    ``forbidden`` (A, B) pairing is made."""
    moves = []
    for g, (a_idx, b_idx) in enumerate(groups):
        if g < locked or len(a_idx) != 1 or len(b_idx) != 1:
            continue
        i, j = a_idx[0], b_idx[0]
        if scores.combined(i, j) >= WEAK_PAIR:
            continue
        moves += [(scores.cover_a[i][k], "a", i, k, g, h) for k, h in group_of_b.items()
                  if h != g and h >= locked and (i, k) not in forbidden
                  and scores.cover_a[i][k] >= REHOME_COVER]
        moves += [(scores.cover_b[k][j], "b", k, j, g, h) for k, h in group_of_a.items()
                  if h != g and h >= locked and (k, j) not in forbidden
                  and scores.cover_b[k][j] >= REHOME_COVER]
    return apply_rehoming(moves, groups, group_of_a, group_of_b)


def apply_rehoming(moves, groups, group_of_a, group_of_b) -> bool:
    """Carry out re-homing ``moves`` (cover, side, i, j, from group, to group), best first:
    a weak one-to-one group is undone and its task joins the group that contains it. Shared
    with `diffkit.coverage`, which finds the moves for many plans at once."""
    done = False
    for _, side, i, j, g, h in sorted(moves, key=lambda m: (-m[0], m[1], m[2], m[3])):
        if len(groups[g][0]) != 1 or len(groups[g][1]) != 1:
            continue  # already undone
        if side == "a" and len(groups[h][1]) == 1:
            del group_of_b[groups[g][1][0]]
            groups[g] = ([], [])
            groups[h][0].append(i)
            group_of_a[i] = h
            done = True
        elif side == "b" and len(groups[h][0]) == 1:
            del group_of_a[groups[g][0][0]]
            groups[g] = ([], [])
            groups[h][1].append(j)
            group_of_b[j] = h
            done = True
    return done


def _attach(scores: Scores, groups, group_of_a, group_of_b, cutoff: float, *,
            locked: int = 0, forbidden: Collection[tuple[int, int]] = ()) -> None:
    """Attach leftover tasks whose text lies mostly inside the single task of a pair on the
    other side. A leftover that stands next to a task of that pair (in its own document)
    needs ``ADJACENT_BONUS`` less: the pieces of a split follow each other. Rounds repeat
    while something is attached, so a split into three pieces is found piece by piece.
    The first ``locked`` groups (fixed by a reviewer) take nothing; no ``forbidden``
    (A, B) pairing is made."""
    while True:
        cands = []
        for j in (j for j in range(len(scores.b_folded)) if j not in group_of_b):
            for i, g in group_of_a.items():
                if g >= locked and len(groups[g][0]) == 1 and (i, j) not in forbidden:
                    near = ADJACENT_BONUS if {j - 1, j + 1} & set(groups[g][1]) else 0.0
                    cands.append((scores.cover_b[i][j] + near, "b", i, j, g))
        for i in (i for i in range(len(scores.a_folded)) if i not in group_of_a):
            for j, g in group_of_b.items():
                if g >= locked and len(groups[g][1]) == 1 and (i, j) not in forbidden:
                    near = ADJACENT_BONUS if {i - 1, i + 1} & set(groups[g][0]) else 0.0
                    cands.append((scores.cover_a[i][j] + near, "a", i, j, g))
        cands = [c for c in cands if c[0] >= cutoff]
        if not cands:
            return
        _, side, i, j, g = min(cands, key=lambda c: (-c[0], c[1], c[2], c[3]))
        if side == "b":
            groups[g][1].append(j)
            group_of_b[j] = g
        else:
            groups[g][0].append(i)
            group_of_a[i] = g


def _detach_borrowers(scores: Scores, groups, group_of_a, group_of_b, *,
                      locked: int = 0) -> None:
    """`detach_borrowers` with the clause hits of `Scores`."""
    def hits(single: int, split: bool):
        h, n = ((scores.a_clause_hits[single], scores.a_clause_len[single]) if split
                else (scores.b_clause_hits[single], scores.b_clause_len[single]))
        return list(zip(n, h, strict=True))

    def own(single: int, k: int, split: bool) -> float:
        return scores.cover_b[single][k] if split else scores.cover_a[k][single]

    detach_borrowers(groups, group_of_a, group_of_b, hits, own, locked=locked)


def detach_borrowers(groups, group_of_a, group_of_b, hits, own, *, locked: int = 0) -> None:
    """Undo the parts of a split or merge that only borrow a clause. The single task on the
    other side must stay covered without the part (at least ``BORROW_WHOLE``), the part must
    be mostly new text (less than ``BORROW_OWN`` of it found in the single task), and what
    it does take from the single task — the clauses it quotes (found at least
    ``BORROW_QUOTE``), at least one — must be found in the other parts too (they add at most
    ``BORROW_MARGIN`` of it): then it is a new (or dropped) task quoting a kept one. It leaves the group and stands alone (added or removed); weakest parts first.

    ``hits(single, split)``: the single task's clauses as (length, {part: found 0–1});
    ``own(single, part, split)``: the share (0–100) of the part's text found in the single
    task; ``split`` is True when the single task is on side A. Shared with the corpus."""
    for g, (a_idx, b_idx) in enumerate(groups):
        if g < locked or len(a_idx) + len(b_idx) < 3 or min(len(a_idx), len(b_idx)) != 1:
            continue
        split = len(b_idx) > 1
        single, parts = (a_idx[0], b_idx) if split else (b_idx[0], a_idx)
        clauses = hits(single, split)
        total = sum(n for n, _ in clauses) or 1
        shares = {k: own(single, k, split) for k in parts}
        for k in sorted(parts, key=lambda k: (shares[k], k)):
            if len(parts) < 2 or shares[k] >= BORROW_OWN:
                continue
            rest = [x for x in parts if x != k]
            best = [max(h.get(x, 0.0) for x in rest) for _, h in clauses]
            takes = sum(n * h.get(k, 0.0) for n, h in clauses if h.get(k, 0.0) >= BORROW_QUOTE)
            alone = sum(n * max(0.0, h.get(k, 0.0) - b)
                        for (n, h), b in zip(clauses, best, strict=True))
            kept = 100.0 * sum(n * b for (n, _), b in zip(clauses, best, strict=True)) / total
            if kept >= BORROW_WHOLE and 0 < takes and alone <= BORROW_MARGIN / 100 * takes:
                parts.remove(k)
                del (group_of_b if split else group_of_a)[k]


def borrowed(scores: Scores, k: int, *, side: str) -> list[int]:
    """The tasks of the other side one of whose clauses (at least ``BORROW_CLAUSE``
    characters) task ``k`` of ``side`` ("a" or "b") quotes all but word for word
    (``CLAUSE_FULL`` of its bigrams)."""
    hits, lens = ((scores.a_clause_hits[k], scores.a_clause_len[k]) if side == "a"
                  else (scores.b_clause_hits[k], scores.b_clause_len[k]))
    return sorted({o for h, n in zip(hits, lens, strict=True) if n >= BORROW_CLAUSE
                   for o, found in h.items() if found >= 1.0})


def section_map(ra: Sequence[TaskRef], rb: Sequence[TaskRef],
                groups) -> set[tuple[str, str]]:
    """The (A section, B section) pairs that correspond. Sections with a title at least
    ``SECTION_TITLE_MATCH`` similar to one on the other side correspond by title only; two
    sections without such a title correspond when each is the other's main partner (most
    of the tasks of one that are paired go to the other, and the reverse); and a section
    without such a title corresponds to the section that holds more than half of its paired
    tasks: sections regrouped (several into one, also into a titled one, or one into
    several) still correspond, so only a task that left its group is moved. The
    relation is symmetric, so comparing B with A flags the same pairs as moved."""
    a_titles = {r.section.id: fold(r.section.title) for r in ra}
    b_titles = {r.section.id: fold(r.section.title) for r in rb}
    out = {(s, t) for s, x in a_titles.items() for t, y in b_titles.items()
           if x and y and ratio(x, y) >= SECTION_TITLE_MATCH}
    titled_a, titled_b = {s for s, _ in out}, {t for _, t in out}
    links: Counter = Counter()
    for a_idx, b_idx in groups:
        for i in a_idx:
            for j in b_idx:
                links[ra[i].section.id, rb[j].section.id] += 1
    row: Counter = Counter()
    col: Counter = Counter()
    a_tot: Counter = Counter()
    b_tot: Counter = Counter()
    for (s, t), n in links.items():
        row[s], col[t] = max(row[s], n), max(col[t], n)
        a_tot[s] += n
        b_tot[t] += n
    for (s, t), n in links.items():
        if ((s not in titled_a and t not in titled_b and n == row[s] == col[t])
                or (s not in titled_a and 2 * n > a_tot[s])
                or (t not in titled_b and 2 * n > b_tot[t])):
            out.add((s, t))
    return out


def group_score(scores: Scores, a_idx, b_idx) -> tuple[float, float, float, float]:
    """A group's score as a split or merge (``max(similarity, mean coverage)``), its
    coverages both ways and the whole-text similarity of its joined texts (indices
    sorted)."""
    ca, cb = scores.group_cover(a_idx, b_idx)
    similarity = ratio("".join(scores.a_folded[i] for i in a_idx),
                       "".join(scores.b_folded[j] for j in b_idx))
    return max(similarity, (ca + cb) / 2), ca, cb, similarity


def dissolve_weak_groups(groups, scores: Scores, cutoff: float, *, locked: int = 0):
    """Split and merge groups whose score (rounded as reported) is under ``cutoff``, the
    score a one-to-one pair needs, broken up: their tasks stand alone (removed, added)."""
    out = []
    for g, (a_idx, b_idx) in enumerate(groups):
        if (g >= locked and a_idx and b_idx and len(a_idx) + len(b_idx) > 2
                and round(group_score(scores, sorted(a_idx), sorted(b_idx))[0], 1) < cutoff):
            out += [([i], []) for i in a_idx] + [([], [j]) for j in b_idx]
        else:
            out.append((a_idx, b_idx))
    return out


def _correspondence(group, ra, rb, scores: Scores, smap) -> Correspondence:
    a_idx, b_idx = sorted(group[0]), sorted(group[1])
    a_ids = tuple(ra[i].task.id for i in a_idx)
    b_ids = tuple(rb[j].task.id for j in b_idx)
    if not b_idx:
        quoted = tuple(rb[j].task.id for j in borrowed(scores, a_idx[0], side="a"))
        return Correspondence(a_ids, (), "removed", None, borrows=quoted,
                              why="no task of B is similar enough" + _quotes(quoted, "B"))
    if not a_idx:
        quoted = tuple(ra[i].task.id for i in borrowed(scores, b_idx[0], side="b"))
        return Correspondence((), b_ids, "added", None, borrows=quoted,
                              why="no task of A is similar enough" + _quotes(quoted, "A"))
    kind = "one" if len(a_idx) == len(b_idx) == 1 else ("split" if len(b_idx) > 1 else "merged")
    score, ca, cb, similarity = group_score(scores, a_idx, b_idx)
    if kind == "one":
        i, j = a_idx[0], b_idx[0]
        score = scores.combined(i, j)
        why = _why_one(scores, i, j)
    else:
        why = (f"{kind}: {ca:.0f}% of A's text is found in B and {cb:.0f}% of B's in A; "
               f"each attached task lies mostly inside the other side's task")
    sa = {ra[i].section.id for i in a_idx}
    sb = {rb[j].section.id for j in b_idx}
    moved = not any((s, t) in smap for s in sa for t in sb)
    if moved:
        why += "; the sections do not correspond"
    return Correspondence(a_ids, b_ids, kind, round(score, 1), moved, why, round(ca, 1),
                          round(cb, 1), round(similarity, 1))


def _quotes(ids: tuple[str, ...], side: str) -> str:
    if not ids:
        return ""
    return f"; it shares a clause with {side}'s {', '.join(ids)} (a borrowed clause)"


def _why_one(scores: Scores, i: int, j: int) -> str:
    if scores.a_folded[i] == scores.b_folded[j]:
        return "same text after normalisation"
    parts = [f"text ratio {scores.ratio[i][j]:.0f}"]
    if min(len(scores.a_folded[i]), len(scores.b_folded[j])) <= PARTIAL_MAX:
        parts.append(f"partial {scores.partial(i, j):.0f}")
    parts.append(f"clause coverage {scores.cover_a[i][j]:.0f}/{scores.cover_b[i][j]:.0f}")
    if scores.heading is not None and scores.heading[i][j]:
        parts.append(f"same item heading (+{HEADING_BONUS:.0f})")
    return "best one-to-one match: " + ", ".join(parts)


def _ordered(items: list[Correspondence], ra, rb) -> list[Correspondence]:
    """A's document order; an added group goes after the group holding the B task before it."""
    a_pos = {r.task.id: k for k, r in enumerate(ra)}
    b_pos = {r.task.id: k for k, r in enumerate(rb)}
    keyed = {}
    for c in items:
        if c.a:
            keyed[id(c)] = (a_pos[c.a[0]], 0, 0)
    by_b = sorted((c for c in items if c.b), key=lambda c: b_pos[c.b[0]])
    last = (-1, 0, 0)
    for c in by_b:
        if c.a:
            last = keyed[id(c)]
        else:
            last = (last[0], 1, b_pos[c.b[0]])
            keyed[id(c)] = last
    return sorted(items, key=lambda c: keyed[id(c)])


__all__ = ["Correspondence", "align", "apply_rehoming", "assign", "borrowed",
           "detach_borrowers", "section_map",
           "SCORE_CUTOFF", "ATTACH_CUTOFF"]


# == corpus scale ============================================================================
