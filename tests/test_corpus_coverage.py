"""diffkit/coverage.py must decide exactly as `align.align(guideline, plan)` and `compare`'s
fidelity do: same groups, same scores, same figures, on simulated plans."""

from __future__ import annotations

import dataclasses
import functools
import importlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.simcorpus import fast_plans, simulated_guideline, simulated_plans
from diffkit.align import assign as align
from diffkit.align import similarity
from diffkit.corpus.coverage import GuidelineIndex, fold_all, grams
from diffkit.corpus.pairing import cover_chunk
from diffkit.normalize import fold, to_traditional

compare_module = importlib.import_module("diffkit.compare")


@pytest.fixture(scope="module")
def variants():
    return simulated_plans(16, seed=3)


def test_fold_all_equals_fold_and_clauses(seed_plan, variants):
    texts = [t.text for t in seed_plan.tasks] + [t.text for p in variants for t in p.tasks]
    texts += [to_traditional(t) for t in texts[:10]]
    texts += ["", "。。", "一", "Ａ，ｂ；C!", "测试\x1e文本\x1f，\x1d标记", "短,短,短,短,短,短" * 8]
    folded, clauses = fold_all(texts)
    assert folded == [fold(t) for t in texts]
    assert clauses == [list(similarity.clauses(t)) or [fold(t)] for t in texts]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("甲乙丙丁戊己庚辛壬癸與東，,。；;！？!?\n a1_㈠"),
                        max_size=80), min_size=1, max_size=6))
def test_fold_all_property(texts):
    folded, clauses = fold_all(texts)
    assert folded == [fold(t) for t in texts]
    assert clauses == [list(similarity.clauses(t)) or [fold(t)] for t in texts]


def test_grams_are_align_bigrams():
    units = ["", "甲", "甲乙", "甲乙甲乙", "abcab"]
    owners, codes, n = grams(units)
    got = [set() for _ in units]
    for o, c in zip(owners.tolist(), codes.tolist(), strict=True):
        got[o].add(c)
    assert [len(g) for g in got] == [len(similarity.bigrams(u)) for u in units] == n.tolist()


def _expected(guideline, plan):
    groups = align.align(guideline, plan)
    by_g = {a: c for c in groups for a in c.a}
    rows = []
    for r in guideline.refs:
        c = by_g[r.task.id]
        rows.append((tuple(c.b), c.score if c.b else None))
    return rows, compare_module._fidelity(guideline, groups)


def _agree(guideline, plans, covers) -> set[str]:
    """Each plan's cover has `align`'s groups and scores and `compare`'s fidelity figures;
    the statuses seen."""
    kinds: set[str] = set()
    for plan, cover in zip(plans, covers, strict=True):
        rows, fid = _expected(guideline, plan)
        assert [(tasks, score) for tasks, score, _ in cover.rows] == rows, plan.id
        assert (cover.covered, cover.retained, cover.local) == (
            fid["covered"], fid["retained"], fid["local"]), plan.id
        kinds.update(status for _, _, status in cover.rows)
    return kinds


def test_agrees_with_align_and_compare(guideline, variants):
    kinds = _agree(guideline, variants, cover_chunk(variants, GuidelineIndex.of(guideline)))
    # the simulated plans exercise every status, so the agreement covers them all
    assert kinds == {"unchanged", "reworded", "split", "merged", "removed"}


def test_status_matches_compare(guideline, variants):
    cmp = compare_module.compare(guideline, variants[0])
    index = GuidelineIndex.of(guideline)
    (cover,) = cover_chunk(variants[:1], index)
    by_a = {a: p.status.value for p in cmp.pairs for a in p.a}
    assert [status for _, _, status in cover.rows] == [by_a[r.task.id] for r in guideline.refs]


def test_chunking_does_not_change_results(guideline):
    plans = fast_plans(12, seed=5)
    index = GuidelineIndex.of(guideline)
    whole = cover_chunk(plans, index)
    parts = cover_chunk(plans[:5], index) + cover_chunk(plans[5:], index, workers=1)
    assert whole == parts


@functools.cache
def _index():
    return GuidelineIndex.of(simulated_guideline())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from("推进合作建设区域发展机制甲乙一二𠀀ab"),
                        max_size=30), max_size=8))
def test_vocabulary_lookup_equals_search(units):
    """`_Lookup.ids` gives the in-vocabulary grams that `grams` and a search give."""
    index = _index()
    vocab = index.vocab
    owners, codes, _ = grams(units)
    pos = np.minimum(np.searchsorted(vocab, codes), len(vocab) - 1)
    hit = vocab[pos] == codes
    got_owners, got_ids = index.lookup.ids(units)
    assert set(zip(got_owners.tolist(), got_ids.tolist(), strict=True)) == set(
        zip(owners[hit].tolist(), pos[hit].tolist(), strict=True))


def test_clause_counts_equal_set_intersections(monkeypatch):
    """Each guideline clause's grams found in each text, counted from the marks table: the
    same with the lookup tables, without them, and in blocks of a few texts."""
    coverage = importlib.import_module("diffkit.corpus.coverage")
    index = _index()
    texts, _ = fold_all([t.text for p in fast_plans(4, seed=2) for t in p.tasks])
    texts += ["", "一", texts[0] * 3]
    _, clauses = fold_all([t.text for t in simulated_guideline().tasks])
    flat = [c for cl in clauses for c in cl]
    want = np.array([[len(similarity.bigrams(c) & similarity.bigrams(t)) for t in texts]
                     for c in flat])
    assert np.array_equal(coverage._clause_counts(texts, index), want)
    monkeypatch.setattr(coverage, "_MARK_MAX", 3 * len(index.vocab))   # blocks of 3 texts
    assert np.array_equal(coverage._clause_counts(texts, index), want)
    without = dataclasses.replace(index, lookup=None)
    assert np.array_equal(coverage._clause_counts(texts, without), want)


def test_clause_counts_of_a_clause_with_more_than_255_grams():
    """Counts above 255 (a guideline clause of some 400 bigrams) are not cut."""
    from tests.builders import plan

    coverage = importlib.import_module("diffkit.corpus.coverage")
    long = "".join(map(chr, range(0x4E00, 0x4E00 + 401)))
    index = GuidelineIndex.of(plan("g", [[[long, "推进区域合作,建设开放平台。"]]]))
    texts = [long, long[:150] + "合作", "推进区域合作", ""]
    _, clauses = fold_all([long, "推进区域合作,建设开放平台。"])
    want = np.array([[len(similarity.bigrams(c) & similarity.bigrams(t)) for t in texts]
                     for cl in clauses for c in cl])
    got = coverage._clause_counts(texts, index)
    assert got.dtype == np.uint16 and want.max() > 255
    assert np.array_equal(got, want)


def _ratios_both_ways(queries, choices):
    coverage = importlib.import_module("diffkit.corpus.coverage")
    coding = coverage._Coding.of(queries)
    got = coverage._ratios(queries, coding, choices, 1)
    want = (similarity.ratio_matrix(queries, choices, workers=1) if choices
            else np.zeros((len(queries), 0)))
    return [rows for rows, _, _ in coding.groups], got, want


def test_byte_coded_ratios_equal_fuzz_ratio(guideline, variants):
    """The guideline in byte-code groups gives exactly `fuzz.ratio`, also for characters the
    guideline lacks, characters beyond the Basic Multilingual Plane and empty texts."""
    queries = list(GuidelineIndex.of(guideline).folded)
    choices, _ = fold_all([t.text for p in variants for t in p.tasks])
    choices += ["", "𠀀𠀁推进", "zzz", queries[0], queries[0][::-1]]
    groups, got, want = _ratios_both_ways(queries, choices)
    assert len(groups) > 1 and sum(map(len, groups)) == len(queries)
    assert np.array_equal(got, want)


def test_byte_coded_ratios_fall_back():
    """A query with more than 254 distinct characters is scored as it is; so are all
    queries when a choice holds the separator the coding joins choices with."""
    wide = "".join(map(chr, range(0x4E00, 0x4E00 + 300)))
    queries = ["推进合作", wide, "建设区域发展"]
    groups, got, want = _ratios_both_ways(queries, ["推进区域合作", wide[::3], ""])
    assert groups == [(0, 2)]
    assert np.array_equal(got, want)
    _, got, want = _ratios_both_ways(queries, ["推进\x1e合作", "建设"])
    assert np.array_equal(got, want)
    assert _ratios_both_ways(queries, [])[1].shape == (3, 0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4E00 + 400),
                        min_size=1, max_size=120), min_size=1, max_size=6),
       st.lists(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x4E00 + 500),
                        max_size=150), min_size=1, max_size=8))
def test_byte_coded_ratios_property(queries, choices):
    _, got, want = _ratios_both_ways(queries, choices)
    assert np.array_equal(got, want)


def test_fold_all_of_traditional_and_simplified_texts(seed_plan):
    """Texts in Traditional and Simplified characters, folded together, as `normalize.fold`
    folds each (OpenCC's longer keys included)."""
    simple = [t.text for t in seed_plan.tasks[:30]]
    texts = [x for t in simple for x in (t, to_traditional(t))] + ["乾燥覆盖", "", "覆盖有序"]
    texts += ["反覆研究论证", "答覆意见", "覆盖"]  # longer keys whose characters all stay alone
    assert any(to_traditional(t) != t for t in simple)
    folded, clauses = fold_all(texts)
    assert folded == [fold(t) for t in texts]
    assert clauses == [list(similarity.clauses(t)) or [fold(t)] for t in texts]


def test_memo_of_split_and_merge_groups_changes_no_answer(guideline, variants):
    """Group scores and borrowed-clause decisions are kept on the index for later plans
    (`chunk.Memo`): a second pass with every answer kept gives the same covers, which
    still agree with `align.align`; a pickled index travels without its entries."""
    import pickle

    index = GuidelineIndex.of(guideline)
    first = cover_chunk(variants, index)
    kept = dict(index.memo)
    assert any(k[0] == "group" for k in kept) and any(k[0] in ("split", "merge") for k in kept)
    # each plan alone, in reverse order: every group is answered from the memo
    again = [cover_chunk([p], index)[0] for p in reversed(variants)][::-1]
    assert again == first and index.memo == kept
    for plan, cover in zip(variants, again, strict=True):
        rows, _ = _expected(guideline, plan)
        assert [(tasks, score) for tasks, score, _ in cover.rows] == rows, plan.id
    assert len(pickle.loads(pickle.dumps(index)).memo) == 0


def test_packed_plans_score_as_the_plans(guideline, variants):
    """`records.pack`/`unpack` (how the local and Dask engines send `Plan` objects) keep
    what the scorer and agency counts read."""
    from diffkit.corpus.records import pack, unpack

    records = [unpack(p) for p in pack(variants)]
    for plan, record in zip(variants, records, strict=True):
        assert (record.id, record.title, dict(record.meta)) == (plan.id, plan.title,
                                                                dict(plan.meta))
        assert [(t.id, t.text, t.lead, t.participants, t.responsible) for s in record.sections
                for i in s.items for t in i.tasks] == [
            (r.task.id, r.task.text, r.task.lead, r.task.participants, r.task.responsible)
            for r in plan.refs]
    index = GuidelineIndex.of(guideline)
    assert cover_chunk(records, index) == cover_chunk(variants, GuidelineIndex.of(guideline))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                          st.integers(0, 100_000).map(lambda k: k / 200),   # ties: x.x5
                          st.sampled_from([0.0, -0.0, 0.05, 0.15, 0.25, 2.675, 99.95])),
                max_size=40))
def test_remembered_rounding_is_round(values):
    """`pairing.round1` answers as ``round(x, 1)``, to the sign of a zero, whatever it
    remembers (each value asked twice, and after the memory starts again)."""
    import math

    from diffkit.corpus import pairing

    for x in values + values:
        got, want = pairing.round1(x), round(x, 1)
        assert (math.isnan(got) and math.isnan(want)) or (
            got == want and math.copysign(1, got) == math.copysign(1, want)), x
    assert len(pairing._ROUNDED) <= pairing._ROUNDED_MAX


def test_a_pair_left_one_to_one_by_detaching_takes_aligns_score(guideline):
    """A plan whose tasks are the guideline's first sentences with a target added (written
    here), one of them twice: the second copy takes a merge of leftovers that detaching
    then leaves one-to-one with a task it was not paired with greedily. Its score is
    align's combined score for that pair (the corpus path once had none: a KeyError)."""
    from diffkit.model import Plan

    targets = ["到2030年，相关机制全面建立。", "力争五年内取得显著成效。"]
    refs = [r for r in guideline.refs if r.item.id in {"4", "6", "7"}]
    texts = [r.task.text.split("。")[0] + "。" + targets[k % 2] for k, r in enumerate(refs)]
    plan = Plan.from_dict({"format": "diffkit.plan/1", "id": "twice", "sections": [
        {"id": "1", "title": "重点任务", "items": [
            {"id": str(k), "title": "任务", "tasks": [
                {"id": f"{k}.1", "text": text, "lead": [], "participants": []}]}
            for k, text in enumerate([texts[1], texts[1], *texts[2:]], 1)]}]})
    _agree(guideline, [plan], cover_chunk([plan], GuidelineIndex.of(guideline), workers=1))


def test_agrees_with_align_on_plans_cut_and_pasted_from_the_guideline(guideline):
    """Plans made at random from the guideline's tasks, their halves, two tasks joined,
    repeated tasks and clauses of both (with a few written here): the corpus path makes
    the same groups, scores and figures as `align.align` and `compare`."""
    import random

    from diffkit.model import Plan

    clauses = [c for t in guideline.tasks for c in t.text.replace("。", "，").split("，") if c]
    clauses += ["到2030年相关机制全面建立", "力争五年内取得显著成效", "确保按期完成"] * 3
    tasks = [t.text for t in guideline.tasks]
    plans = []
    for seed in range(40):
        r = random.Random(seed)
        texts: list[str] = []
        for _ in range(r.randint(1, 25)):
            mode = r.random()
            if mode < 0.2:
                texts.append(r.choice(tasks))
            elif mode < 0.3:
                t = r.choice(tasks)
                cut = r.randint(1, len(t) - 1)
                texts += [t[:cut] + "。", t[cut:]]
            elif mode < 0.38:
                texts.append(r.choice(tasks) + r.choice(tasks))
            elif mode < 0.5 and texts:
                texts.append(r.choice(texts))
            else:
                texts.append("，".join(r.choice(clauses) for _ in range(r.randint(1, 4))) + "。")
        titles = [r.choice(["任务", guideline.refs[k % len(guideline.refs)].item.title])
                  for k in range(len(texts))]
        plans.append(Plan.from_dict({"format": "diffkit.plan/1", "id": f"p{seed}", "sections": [
            {"id": "1", "title": "重点任务", "items": [
                {"id": str(k), "title": title, "tasks": [
                    {"id": f"{k}.1", "text": text, "lead": [], "participants": []}]}
                for k, (text, title) in enumerate(zip(texts, titles, strict=True), 1)]}]}))
    kinds = _agree(guideline, plans, cover_chunk(plans, GuidelineIndex.of(guideline), workers=1))
    assert {"unchanged", "reworded", "split", "merged", "removed"} <= kinds


def test_fold_all_sends_only_texts_with_a_changing_key_to_opencc(seed_plan, monkeypatch):
    """A chunk of Simplified texts with a few Traditional ones and a few that hold only a
    changing phrase (反覆 → 反复: neither character changes alone): the answer is `fold` of
    each, and OpenCC sees only the texts that change."""
    from diffkit import normalize
    from diffkit.corpus import coverage

    singles, phrases = normalize.changing_keys()
    assert "反覆" in phrases["反"] and not {"反", "覆"} & singles
    simplified = [t.text for t in seed_plan.tasks]
    traditional = [normalize.to_traditional(t) for t in simplified[:3]]
    phrase = [simplified[4] + "反覆论证", "反" + simplified[5] + "覆"]   # the second: no phrase
    texts = simplified[6:] + traditional + simplified[:3] + phrase
    seen: list[str] = []
    real = coverage.t2s
    monkeypatch.setattr(coverage, "t2s", lambda text: seen.append(text) or real(text))
    folded, clauses = fold_all(texts)
    assert folded == [fold(t) for t in texts] and "反复论证" in folded[-2]
    assert clauses == [list(similarity.clauses(t)) or [fold(t)] for t in texts]
    assert len(seen) == 1 and len(seen[0].split("\x1e")) == len(traditional) + 1
    assert fold_all(simplified)[0] == [fold(t) for t in simplified] and len(seen) == 1
