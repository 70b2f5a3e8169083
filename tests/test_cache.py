"""diffkit.cache: derived data kept in the user cache directory, shared by the OpenCC key
list and the agency index."""

from __future__ import annotations

import pytest

from diffkit import cache


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "diffkit"


def test_kept_for_its_identity_only(home):
    assert cache.load("x", "a test", "sources 1") is None
    assert cache.store("x", "a test", "sources 1", "line one\nline two")
    assert cache.load("x", "a test", "sources 1") == "line one\nline two"
    assert cache.load("x", "a test", "sources 2") is None      # other sources: another file
    assert cache.load("x", "another title", "sources 1") is None
    (kept,) = home.iterdir()
    assert kept.read_text("utf-8") == "# diffkit: a test; sources 1\nline one\nline two\n# end"


def test_cut_short_is_not_used(home):
    cache.store("x", "a test", "sources 1", "line one\nline two")
    (kept,) = home.iterdir()
    kept.write_text(kept.read_text("utf-8")[:-3], "utf-8")
    assert cache.load("x", "a test", "sources 1") is None


def test_a_failed_write_leaves_nothing_behind(home):
    cache.store("x", "a test", "sources 1", "text")
    (kept,) = home.iterdir()
    kept.unlink()
    kept.mkdir()                     # the file's place is taken: the rename fails
    assert not cache.store("x", "a test", "sources 1", "text")
    assert list(home.iterdir()) == [kept] and not list(kept.iterdir())


def test_no_cache_directory(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "below"))
    assert not cache.writable()
    assert not cache.store("x", "a test", "sources 1", "text")
    assert cache.load("x", "a test", "sources 1") is None
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(cache.Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(
        RuntimeError("Could not determine home directory."))))
    assert not cache.writable() and cache.load("x", "t", "i") is None
    assert not cache.store("x", "t", "i", "text")


def test_file_identity_follows_the_bytes(tmp_path):
    f = tmp_path / "a.csv"
    f.write_text("name\n发改委\n", "utf-8")
    first = cache.file_identity([f])
    assert cache.file_identity([f]) == first
    f.write_text("name\n发改局\n", "utf-8")  # same size, other bytes
    assert cache.file_identity([f]) != first
