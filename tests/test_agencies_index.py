"""diffkit.agencies.index: the shipped agency data kept on disk between processes. What a
process reads from the cache equals what it derives from the CSVs; a CSV changed after the
cache was written is read anew; a cache directory that cannot be written, or a broken cache
file, changes nothing but the time."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from diffkit import cache
from diffkit.agencies import index
from diffkit.agencies.registry import default_registry
from diffkit.agencies.standard import standard
from tests.builders import ROOT

registry_module = sys.modules["diffkit.agencies.registry"]


def _forget() -> None:
    """Drop every in-process cache of the shipped agency data (the next use reads the disk
    cache or derives it again)."""
    standard.cache_clear()
    default_registry.cache_clear()
    index._kept.cache_clear()
    index._FUNCTIONS.clear()
    registry_module._region_prefix.cache_clear()


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A process state with no agency data loaded and an empty cache directory."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _forget()
    yield tmp_path / "cache" / "diffkit"
    _forget()


def _snapshot() -> dict:
    """Everything the index holds, as plain values, from the shipped objects."""
    std, reg = standard(), default_registry()
    functions = index.registry_functions(reg)
    return {"organs": std.organs, "vertical": std.vertical, "collectives": std.collectives,
            "abbreviations": std.abbreviations, "regions": std.regions, "steps": std.steps,
            "index": std._index, "agencies": dict(reg.agencies),
            "successions": reg.successions, "files": reg.files, "exact": reg._exact,
            "stripped": reg._stripped, "choices": reg._choices,
            "functions": {c: functions[c] for c in reg.agencies}}


def test_read_from_the_cache_equals_derived_from_the_csvs(fresh, monkeypatch):
    derived = _snapshot()
    (written,) = fresh.glob("agencies-index-*.txt")
    assert written.read_text("utf-8").endswith(cache.END)
    assert sum(v is not None for v in derived["functions"].values()) > 40
    _forget()

    def no_parsing(*args, **kwargs):
        raise AssertionError("derived again although the cache was there")

    monkeypatch.setattr(index, "parse_standard", no_parsing)
    monkeypatch.setattr(index, "load_registry", no_parsing)
    kept = _snapshot()
    assert kept == derived
    assert type(kept["organs"]) is tuple and type(kept["organs"][0].aliases) is tuple
    assert all(type(a.aliases) is tuple for a in kept["agencies"].values())
    left = [p for p in fresh.iterdir() if p.name.startswith((".", "agencies"))]
    assert left == [written]   # no temporary file left behind


def test_comparison_is_the_same_with_and_without_the_cache(fresh):
    import diffkit

    seed = ROOT / "datasets" / "sichuan_2016" / "plan.json"
    revision = ROOT / "datasets" / "examples" / "sichuan_2016_simulated_revision" / "plan.json"
    derived = diffkit.compare(seed, revision).to_json()
    assert list(fresh.glob("agencies-index-*.txt"))
    _forget()
    assert diffkit.compare(seed, revision).to_json() == derived


def test_unwritable_cache_directory_derives_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _forget()
    try:
        derived = _snapshot()
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "below-a-file"))
        _forget()
        assert _snapshot() == derived
        assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "file"]
        assert [p.name for p in blocker.parent.iterdir() if p.is_dir()] == ["cache"]
    finally:
        _forget()


@pytest.mark.parametrize("damage", ["truncated", "not json", "other layout", "wrong rows"])
def test_broken_cache_file_is_derived_again(fresh, damage):
    derived = _snapshot()
    (written,) = fresh.glob("agencies-index-*.txt")
    text = written.read_text("utf-8")
    head, _, body = text.partition("\n")
    body = body[:-len(cache.END)]
    data = json.loads(body)
    changed = {"other layout": {**data, "version": -1},
               "wrong rows": {**data, "standard": {"organs": [[1]]}, "registry": {"agencies": 3}}}
    broken = {"truncated": text[:len(text) // 2],
              "not json": f"{head}\n{{{body[:100]}{cache.END}"}.get(damage) or (
        f"{head}\n{json.dumps(changed[damage], ensure_ascii=False)}{cache.END}")
    written.write_text(broken, "utf-8")
    _forget()
    assert _snapshot() == derived
    assert written.read_text("utf-8") == text   # written again, for the next process


# -- a changed CSV, in a real process -----------------------------------------------------------
RESOLVE = ("import json, sys\nfrom diffkit.agencies.resolution import resolve\n"
           "out = [(r.resolved, r.refs[0].function, r.refs[0].source) for r in (\n"
           "    resolve('广东省宏观测试委', region='广东省', level='provincial'),\n"
           "    resolve('省宏观测试办', region='四川省', level='provincial'))]\n"
           "print(json.dumps(out))")


def _run(package_root: Path, cache_home: Path) -> list:
    env = {**os.environ, "PYTHONPATH": str(package_root), "XDG_CACHE_HOME": str(cache_home)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    proc = subprocess.run([sys.executable, "-c", RESOLVE], capture_output=True, text=True,
                          env=env, cwd=package_root, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    return json.loads(proc.stdout)


def test_alias_rows_added_to_the_csvs_are_read_although_a_cache_was_written(tmp_path):
    """As when another engineer adds alias rows: the cache written before is not used."""
    root = tmp_path / "checkout"
    shutil.copytree(ROOT / "diffkit", root / "diffkit",
                    ignore=shutil.ignore_patterns("__pycache__"))
    cache_home = tmp_path / "cache"
    unknown = [False, None, "unknown"]
    assert _run(root, cache_home) == [unknown, unknown]
    first = sorted((cache_home / "diffkit").glob("agencies-index-*.txt"))
    assert len(first) == 1
    assert _run(root, cache_home) == [unknown, unknown]   # from the cache: the same
    data = root / "diffkit" / "agencies" / "data"
    organs = (data / "organs.csv").read_text("utf-8")
    row = "development_reform,provincial,发展和改革委员会,发展改革委,发改委,"
    assert row in organs
    (data / "organs.csv").write_text(organs.replace(row, row[:-1] + "|宏观测试委,"), "utf-8")
    assert _run(root, cache_home) == [[True, "development_reform", "standard"], unknown]
    agencies = (data / "agencies.csv").read_text("utf-8")
    aliases = "省发改委|发展改革委|省发展和改革委员会"
    assert aliases in agencies
    (data / "agencies.csv").write_text(agencies.replace(aliases, aliases + "|省宏观测试办"),
                                       "utf-8")
    assert _run(root, cache_home) == [[True, "development_reform", "standard"],
                                      [True, "development_reform", "registry"]]
    assert len(list((cache_home / "diffkit").glob("agencies-index-*.txt"))) == 3
