"""The HTML report as text: one self-contained page, everything escaped, every pair in it.
What a browser makes of it is tested in tests/test_report_html_browser.py."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

import diffkit
from diffkit.cli import cli
from diffkit.report import html as page
from tests.builders import SEED_JSON, revised

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='x'\">"


@pytest.fixture(scope="module")
def comparison(seed_plan):
    return diffkit.compare(seed_plan, revised(seed_plan), seed_plan)


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def _parse(text: str) -> _Tags:
    parser = _Tags()
    parser.feed(text)
    return parser


@pytest.mark.parametrize("which", ["comparison", "chain_comparison"])
def test_page_needs_no_network_and_runs_only_its_own_script(request, which):
    text = request.getfixturevalue(which).to_html()
    parsed = _parse(text)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert parsed.scripts == [page.SCRIPT]
    for tag, attrs in parsed.tags:
        assert tag not in ("link", "img", "iframe", "object", "embed"), tag
        assert "src" not in attrs, (tag, attrs)
        assert attrs.get("href", "#").startswith("#"), (tag, attrs)  # links within the page
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
    assert not re.search(r"https?://|@import|url\(", text)
    policy = next(a["content"] for t, a in parsed.tags
                  if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and page.SCRIPT_HASH in policy


def test_every_pair_is_a_row_with_its_ids_and_texts(comparison):
    text = comparison.to_html()
    rows = re.findall(r'<tr id="pair-(\d+)"(.*?)</tr>', text, flags=re.S)
    assert [int(k) for k, _ in rows] == list(range(1, len(comparison.pairs) + 1))
    for (_, row), p in zip(rows, comparison.pairs, strict=True):
        plain = html.unescape(re.sub(r"<details.*?</details>|<[^>]+>", "", row))
        for tid in (*p.a, *p.b):
            assert tid in plain
        assert f'data-changed="{int(p.changed)}"' in row
        for t in filter(None, (p.a_text, p.b_text)):  # texts as written, marks removed
            assert t.replace("\n", "") in plain.replace("\n", "")


def test_guideline_column_and_coverage_only_with_a_guideline(seed_plan, comparison):
    assert "<th>guideline</th>" in comparison.to_html()
    assert "Guideline coverage" in comparison.to_html()
    plain = diffkit.compare(seed_plan, revised(seed_plan)).to_html()
    assert "<th>guideline</th>" not in plain and "Guideline coverage" not in plain


def test_a_hostile_text_is_escaped_everywhere(seed_plan):
    b = revised(seed_plan)
    data = b.to_dict()
    data["meta"]["title"] = HOSTILE
    data["sections"][0]["title"] = HOSTILE
    data["sections"][0]["items"][0]["tasks"][0]["text"] += HOSTILE
    data["sections"][0]["items"][0]["tasks"][0]["lead"] = [HOSTILE]
    text = diffkit.compare(seed_plan, diffkit.Plan.from_dict(data)).to_html()
    parsed = _parse(text)
    assert [t for t, _ in parsed.tags].count("script") == 1
    assert not [t for t, _ in parsed.tags if t == "img"]
    assert html.escape(HOSTILE, quote=True)[:40] in text


def test_cli_writes_the_page_into_new_folders(runner, tmp_path):
    out = tmp_path / "new" / "folder" / "report.html"
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(SEED_JSON), "--html", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")
    assert f"wrote {out}" in result.stderr


@pytest.mark.parametrize("name, says", [("report.txt", ".html"), ("dir.html", "directory"),
                                        ("note.txt/report.html", "is a file")])
def test_cli_refuses_a_bad_html_path_before_any_work(runner, tmp_path, name, says):
    (tmp_path / "dir.html").mkdir()
    (tmp_path / "note.txt").write_text("a file", "utf-8")
    before = sorted(tmp_path.rglob("*"))
    result = runner.invoke(cli, ["compare", str(SEED_JSON), str(SEED_JSON), "--html",
                                 str(tmp_path / name)])
    assert result.exit_code == 2
    assert says in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()[-1:]) == 1
    assert sorted(tmp_path.rglob("*")) == before


# -- provenance: borrowed clauses and what B follows ------------------------------------------
def _rows(text: str) -> list[tuple[dict, str]]:
    """Each pair's <tr> attributes and its status cell's text."""
    out = []
    for attrs, row in re.findall(r'<tr id="pair-\d+"([^>]*)>(.*?)</tr>', text, flags=re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        status = html.unescape(re.sub(r"<[^>]+>", " ", cells[-2]))
        out.append((dict(re.findall(r'(data-[a-z]+)="([^"]*)"', attrs)), status))
    return out


def test_borrows_and_follows_show_in_the_rows_and_summary(chain_comparison):
    c = chain_comparison
    text = c.to_html()
    rows = _rows(text)
    words = {"guideline": "follows the guideline", "a": "follows A",
             "local": "follows neither (local)"}
    assert len(rows) == len(c.pairs)
    for k, ((attrs, status), p) in enumerate(zip(rows, c.pairs, strict=True), 1):
        assert attrs["data-borrows"] == ("1" if p.borrows else "0")
        assert attrs["data-follows"] == (p.follows or "")
        assert (words[p.follows] in status) == bool(p.follows)
        assert ("borrows a clause of A's" in status) == bool(p.borrows), k
        for t in p.borrows:  # each borrowed id links to the row of the pair that holds it
            owner = next(j for j, q in enumerate(c.pairs, 1) if t in q.a)
            assert f'<a href="#pair-{owner}">{t}</a>' in text
    assert sum(a["data-borrows"] == "1" for a, _ in rows) == 2
    f = c.summary["follows"]
    assert (f"B's tasks follow the guideline's text {f['guideline']}, A's rewording {f['a']}, "
            f"neither (local) {f['local']}.") in html.unescape(text)
    assert "2 added or removed tasks borrow a clause" in text
    controls = {a["id"]: a for t, a in _parse(text).tags if "data-filter" in a}
    assert controls["f-borrows"]["data-kind"] == "flag"
    assert controls["f-follows"]["data-filter"] == "follows"
    options = re.search(r'id="f-follows".*?</select>', text, flags=re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"', options) == ["", "guideline", "a", "local"]
    # the notebook rendering says the same in each pair's status cell
    notebook = c._repr_html_()
    assert notebook.count("borrows a clause of A&#x27;s") == 2
    assert notebook.count("follows ") == len(c.pairs)


def test_no_provenance_where_there_is_none(comparison):
    text = comparison.to_html()
    rows = _rows(text)
    assert all(a["data-borrows"] == "0" and a["data-follows"] == "" for a, _ in rows)
    assert not any("borrows a clause" in s or "follows" in s for _, s in rows)
    for absent in ('id="f-borrows"', 'id="f-follows"', 'class="prov', "tasks borrow a clause",
                   "B's tasks follow"):
        assert absent not in text
    assert "borrows" not in comparison._repr_html_() and "follows" not in comparison._repr_html_()
