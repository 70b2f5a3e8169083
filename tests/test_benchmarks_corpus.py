"""The simulated corpus of benchmarks/corpus.py: ``--traditional`` and ``--regions`` make
the corpus they say (the traits that hid a cost: docs/corpus.md, eleventh round)."""

from __future__ import annotations

import pytest

import diffkit
from benchmarks.corpus import _corpus_of, main, measure, region_name
from diffkit.normalize import to_simplified


def _traditional(plans) -> int:
    return sum(any(to_simplified(t.text) != t.text for t in p.tasks) for p in plans)


def test_traditional_share():
    plans, _, _, _ = _corpus_of(200, seed=3, unique=False, fresh=False, mix=False,
                                traditional=0.0)
    assert _traditional(plans) == 0
    plans, _, _, _ = _corpus_of(200, seed=3, unique=False, fresh=False, mix=False)
    assert 2 <= _traditional(plans) <= 25          # the simulator's 5%


def test_regions_spread_plans_over_simulated_cities_and_counties():
    plans, _, pairs, _ = _corpus_of(40, seed=3, unique=False, fresh=False, mix=False,
                                    regions=7)
    regions = [p.meta["region"] for p in plans]
    assert len(set(regions)) == 7 and regions[:7] == [region_name(k) for k in range(7)]
    assert all(r.startswith("模拟") and r[-1] in "市县" for r in regions)
    assert {p.meta["level"] for p in plans} == {"municipal", "county"}
    assert all((p.meta["level"] == "municipal") == (p.meta["region"][-1] == "市") for p in plans)
    same, _, _, _ = _corpus_of(40, seed=3, unique=False, fresh=False, mix=False)
    assert [t.text for p in plans for t in p.tasks] == [t.text for p in same for t in p.tasks]
    assert pairs[0][1] == [t.text for p in plans for t in p.tasks]   # the floor's texts


def test_unshared_plans_and_mappings_are_the_same_corpus():
    """``--unshared``: the plans hold their own copies of texts (as plans read from files
    do); ``--mappings``: plain dicts (as json.load gives them). Same texts, same floor."""
    base, _, pairs, _ = _corpus_of(30, seed=4, unique=False, fresh=False, mix=False)
    own, _, own_pairs, _ = _corpus_of(30, seed=4, unique=False, fresh=False, mix=False,
                                      unshared=True)
    assert own == base and own_pairs == pairs
    texts = [t.text for p in own for t in p.tasks]
    assert len(set(map(id, texts))) == len(texts)
    dicts, _, dict_pairs, _ = _corpus_of(30, seed=4, unique=False, fresh=False, mix=False,
                                         mappings=True)
    assert all(type(d) is dict for d in dicts) and dict_pairs == pairs
    assert [d["id"] for d in dicts] == [p.id for p in base]


def test_workers_reach_the_library_call(monkeypatch):
    """``--workers K`` is passed to every `diffkit.corpus` call the benchmark makes (the
    warm-up and the timed ones); ``--workers 1``'s ``CPU /dist`` is the work itself."""
    real, seen = diffkit.corpus, []

    def spy(*args, **kwargs):
        seen.append(kwargs.get("workers"))
        return real(*args, **kwargs)

    monkeypatch.setattr(diffkit, "corpus", spy)
    row = measure(20, seed=5, repeat=1, chunk_size=None, workers=1)
    assert seen and set(seen) == {1}
    assert row["n"] == 20 and row["corpus"] > 0 and row["corpus_cpu"] > 0


def test_workers_below_one_are_refused(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["corpus.py", "--workers", "0"])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2 and "--workers K (K >= 1)" in capsys.readouterr().err
