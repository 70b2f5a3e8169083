"""The accuracy benchmark's own agency names and normaliser (kept apart from diffkit's)."""

from __future__ import annotations

from benchmarks.names import ListNames, norm
from diffkit.model import load
from diffkit.simulate.variants import simulate


def test_forms_of_one_agency_share_a_key_and_others_do_not():
    names = ListNames("四川省")
    forms = ["省发展改革委", "四川省发展和改革委员会", "四川省發展和改革委員會"]
    assert len({names.key(n, None) for n in forms}) == 1
    assert names.key("农业厅", None) == names.key("省农业厅", None) != names.key("农业农村厅", None)
    assert names.key("人行成都分行等省社会信用体系建设联席会议成员单位", None)[0] == "人行成都分行"
    assert norm("各市（州）人民政府") == "各市(州)人民政府"


def test_full_names_and_successors_come_from_the_list():
    names = ListNames("四川省")
    assert names.full_name("省发展改革委") == "四川省发展和改革委员会"
    assert names.full_name("四川省发展和改革委员会") is None
    assert names.successors("林业厅") == ["省林业和草原局"]
    assert names.successors("省发展改革委") == [] and not names.atomic("甲等乙成员单位")


def test_a_simulation_with_the_list_draws_its_full_names_from_it(seed_path):
    plan = load(seed_path)
    variant, truth = simulate(plan, edits=1, seed=0, kinds=["full_names"],
                              names=ListNames("四川省"))
    written = {n for t in variant.tasks for n in t.agencies}
    full = {r["full"] for r in ListNames("四川省").rows}
    assert written & full and truth["summary"]["agency_changes"] == 0
