"""`to_simplified` skips OpenCC only where OpenCC would change nothing."""

from __future__ import annotations

import random
import subprocess
import sys

import pytest

from diffkit import normalize
from diffkit.model import load
from tests.builders import ROOT, SEED_JSON


def _changing() -> list[str]:
    keys = normalize._changing_keys()
    assert keys is not None  # the OpenCC wheel ships opencc_dict: the key list can be made
    singles, phrases = keys
    return sorted([k for k in singles if not 0xD800 <= ord(k) < 0xE000]
                  + [k for ks in phrases.values() for k in ks])


def _seed_texts() -> list[str]:
    plan = load(SEED_JSON)
    return [s for t in plan.tasks for s in (t.text, *t.lead, *t.participants)] + [
        i.title for s in plan.sections for i in s.items]


def _texts() -> list[str]:
    """Seed texts, their Traditional versions, and seeded mixtures of changing keys, keys
    that convert to themselves and plain characters."""
    changing = _changing()
    seed = _seed_texts()
    rng = random.Random(5)
    mixed = []
    for _ in range(400):
        parts = [rng.choice(seed)[:rng.randrange(1, 30)] for _ in range(rng.randrange(1, 4))]
        parts += [rng.choice(changing) for _ in range(rng.randrange(0, 3))]
        parts += [chr(rng.randrange(0x4E00, 0x9FFF)) for _ in range(rng.randrange(0, 4))]
        rng.shuffle(parts)
        mixed.append("".join(parts))
    return seed + [normalize.to_traditional(t) for t in seed] + mixed + changing[::7]


def test_to_simplified_equals_opencc():
    t2s = normalize._t2s()
    texts = _texts()
    assert sum(normalize._unchanged_by_t2s(t) for t in texts) > 100  # the short cut is taken
    assert sum(not normalize._unchanged_by_t2s(t) for t in texts) > 100  # ...and not always
    for text in texts:
        assert normalize.to_simplified(text) == t2s.convert(text), text


def test_changing_keys_are_exactly_those_opencc_changes():
    t2s = normalize._t2s()
    keys = _changing()
    assert len(keys) > 5000 and sum(len(k) > 1 for k in keys) > 100
    assert all(t2s.convert(k) != k for k in keys)
    assert normalize.to_simplified("覆盖有序") == "覆盖有序"  # keys that convert to themselves
    assert normalize.to_simplified("乾燥") == "干燥"


def test_lone_surrogate_still_refused_as_by_opencc():
    with pytest.raises(UnicodeEncodeError):
        normalize.to_simplified("\ud800中")


def test_broken_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    normalize._changing_keys.cache_clear()
    try:
        first = normalize._changing_keys()
        (cache,) = (tmp_path / "diffkit").iterdir()
        cache.write_text(cache.read_text("utf-8")[:200], "utf-8")  # truncated: no end line
        normalize._changing_keys.cache_clear()
        assert normalize._changing_keys() == first
        assert cache.read_text("utf-8").endswith("\n# end")
    finally:
        normalize._changing_keys.cache_clear()


def test_without_a_cache_directory_every_text_goes_through_opencc(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "below-a-file"))
    normalize._changing_keys.cache_clear()
    try:
        assert normalize._changing_keys() is None
        assert not normalize._unchanged_by_t2s("覆盖有序")
        assert normalize.to_simplified("乾燥覆盖") == "干燥覆盖"
    finally:
        normalize._changing_keys.cache_clear()


def test_compare_of_simplified_plans_does_not_load_opencc():
    code = ("import sys; from diffkit.cli import main; sys.argv = ['diffkit', 'compare', "
            f"{str(SEED_JSON)!r}, {str(SEED_JSON)!r}, '--format', 'json']\n"
            "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
            "print('OPENCC', 'opencc' in sys.modules, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, check=True)
    assert "OPENCC False" in proc.stderr, proc.stderr


def test_letters_keeps_exactly_letters_and_digits():
    import unicodedata

    rng = random.Random(3)
    for _ in range(300):
        text = "".join(chr(rng.randrange(0, 0x32000)) for _ in range(40)) + "İ，Ⅻ²①〇 _-"
        expected = "".join(ch for ch in text.lower() if unicodedata.category(ch)[0] in "LN")
        assert normalize.letters(text) == expected
