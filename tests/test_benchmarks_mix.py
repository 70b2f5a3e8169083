"""The mixed corpora of the corpus benchmarks (benchmarks/simmix.py): their shape, and
`diffkit corpus` routing them as the generator meant."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest

from benchmarks import simmix
from benchmarks.simmix import GIVEN, MEDIAN_TASKS, NUMBERS, agreement, mixed_corpus
from diffkit.cli import cli
from diffkit.validate import validate_plan


def _number(text: str) -> str:
    """A doc number with its brackets folded (written here, not diffkit's doc_key)."""
    return re.sub(r"[〔\[(]", "[", re.sub(r"[〕\])]", "]", text))


@pytest.fixture(scope="module")
def big():
    return mixed_corpus(600, seed=11)


def test_guidelines_are_simulated_with_their_own_numbers_and_texts():
    guides = simmix.mix_guidelines()
    assert sorted(guides) == ["g1", "g2", "g3", "g9"] and len(GIVEN) == 3
    assert len({g.meta["doc_number"] for g in guides.values()}) == 4
    texts = [{t.text for t in g.tasks} for g in guides.values()]
    assert all(g.meta["simulated"] is True and g.meta["level"] == "national"
               for g in guides.values())
    assert all(len(t) >= 8 for t in texts)
    assert all(not (a & b) for k, a in enumerate(texts) for b in texts[k + 1:])


def test_shape(big):
    n, intents = len(big.plans), big.intents
    assert [p.id for p in big.plans] == [i.plan for i in intents]
    assert len({p.id for p in big.plans}) == n
    assert [g.id for g in big.guidelines] == list(GIVEN)
    sizes = np.array([len(p.tasks) for p in big.plans])
    assert (sizes == [i.tasks for i in intents]).all()
    assert sizes.min() == 5 and 150 <= sizes.max() <= 300
    assert (sizes <= 8).mean() > 0.15 and (sizes >= 50).mean() > 0.05
    medians = {v: np.median([i.tasks for i in intents if i.level == v]) for v in MEDIAN_TASKS}
    assert medians["county"] < medians["municipal"] < medians["provincial"]
    share = {r: sum(i.routed_by == r for i in intents) / n
             for r in ("citation", "similarity", "unrouted")}
    assert abs(share["citation"] - 0.75) < 0.05 and abs(share["similarity"] - 0.17) < 0.05
    assert abs(share["unrouted"] - 0.08) < 0.04
    levels = {v: sum(i.level == v for i in intents) / n for v in MEDIAN_TASKS}
    assert abs(levels["county"] - 0.55) < 0.06 and abs(levels["provincial"] - 0.10) < 0.04
    assert big.shape()["plans"] == n and 0.3 < big.shape()["distinct"] < 0.95
    assert all(validate_plan(p.to_dict()) == [] for p in big.plans)


def test_citations_and_needs(big):
    given = {_number(NUMBERS[g]): g for g in GIVEN}
    forms = set()
    for plan, intent in zip(big.plans, big.intents, strict=True):
        cited = plan.meta.get("implements", [])
        forms.update(c[2] for c in cited)
        hits = {given[_number(c)] for c in cited if _number(c) in given}
        if intent.routed_by == "citation":
            assert hits == {intent.guideline} and intent.needs == (intent.guideline,)
        else:
            assert hits == set() and intent.needs == GIVEN
        if intent.routed_by == "unrouted":
            assert intent.guideline == "g9"
            assert all(_number(c) == _number(NUMBERS["g9"]) for c in cited)
    assert forms == {"〔", "[", "("}
    needed = big.needed_texts()
    loose = sum(i.tasks for i in big.intents if i.routed_by != "citation")
    assert sum(map(len, needed.values())) == sum(
        i.tasks for i in big.intents if i.routed_by == "citation") + 3 * loose


def test_mirrors_are_exact_copies_elsewhere(big):
    at = {p.id: k for k, p in enumerate(big.plans)}
    mirrors = [(p, i) for p, i in zip(big.plans, big.intents, strict=True) if i.mirror_of]
    assert len(mirrors) == 30
    gaps = []
    for plan, intent in mirrors:
        source = big.plans[at[intent.mirror_of]]
        assert plan.id != source.id and plan.id.startswith("m")
        assert dataclasses.replace(plan, id=source.id) == source
        assert [t.text for t in plan.tasks] == [t.text for t in source.tasks]
        src_intent = big.intents[at[intent.mirror_of]]
        assert dataclasses.replace(intent, plan=src_intent.plan, mirror_of=None) == src_intent
        gaps.append(abs(at[plan.id] - at[source.id]))
    assert np.median(gaps) > 20


def test_seeded():
    a, b = mixed_corpus(40, seed=5), mixed_corpus(40, seed=5)
    assert a == b and mixed_corpus(40, seed=6).plans != a.plans


def test_diffkit_corpus_routes_a_mixed_corpus_as_meant(runner, tmp_path):
    made = mixed_corpus(60, seed=2)
    routes = [i.routed_by for i in made.intents]
    assert {r: routes.count(r) > 1 for r in set(routes)} == {
        "citation": True, "similarity": True, "unrouted": True}
    assert any(i.mirror_of for i in made.intents)
    lines = tmp_path / "plans.jsonl"
    lines.write_text("".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n"
                             for p in made.plans), "utf-8")
    (tmp_path / "g").mkdir()
    for g in made.guidelines:
        g.save(tmp_path / "g" / f"{g.id}.json")
    result = runner.invoke(cli, ["corpus", str(lines), "-g", str(tmp_path / "g"),
                                 "--format", "json", "--workers", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    routed = {p["id"]: (p["guideline_id"], p["routed_by"]) for p in data["plans"]}
    routed.update((u["id"], (None, "unrouted")) for u in data["unrouted"])
    assert len(routed) == 60 and len(data["plans"]) + len(data["unrouted"]) == 60
    small = 0
    for intent in made.intents:
        got = routed[intent.plan]
        if intent.routed_by == "unrouted":
            assert got == (None, "unrouted")
        else:  # small plans too: a guideline that carries most of a plan's tasks takes it
            assert got == (intent.guideline, intent.routed_by), intent
            small += intent.routed_by == "similarity" and intent.kept / intent.base < 0.3
        if intent.mirror_of:
            assert got == routed[intent.mirror_of]
    assert small >= 2  # plans keeping under 30% of their guideline: under the route cutoff
    found = agreement(made.intents, routed)
    assert found["agree"] == 1.0 and not found["wrong"]
    text = simmix.describe({"shape": made.shape(), "routing": found, "scored": 1})
    assert "60 plans" in text and f"(all plans: {found['agree']:.1%})" in text


def test_related_guidelines_route_plans_to_the_one_they_follow():
    """With g4 (another region's cooperation, two of g1's tasks word for word) and g5 (a
    revision of g1) given too, plans citing nothing go to the guideline they implement, not
    to its neighbour: a plan may be left unrouted (a small one), never sent elsewhere."""
    from diffkit.corpus.run import corpus

    guides = simmix.mix_guidelines(related=True)
    g1, g4, g5 = ({t.text for t in guides[g].tasks} for g in ("g1", "g4", "g5"))
    assert len(g1 & g4) == 2 and not g1 & g5 and not g4 & g5
    made = mixed_corpus(400, seed=3, related=True)
    assert [g.id for g in made.guidelines] == ["g1", "g2", "g3", "g4", "g5"]
    loose = [i for i in made.intents if i.routed_by == "similarity"]
    assert {"g1", "g4", "g5"} <= {i.guideline for i in loose}
    found = agreement(made.intents, simmix.routing_of(
        corpus(list(made.plans), list(made.guidelines), workers=1)))
    assert all(k.endswith("-> None/unrouted") for k in found["wrong"]), found["wrong"]
    assert found["agree_by_route"]["similarity"] >= 0.95
    assert found["agree_by_route"]["citation"] == found["agree_by_route"]["unrouted"] == 1.0
