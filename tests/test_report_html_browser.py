"""The HTML reports in a real browser: headless Chromium (Debian's ``chromium`` and
``chromium-driver``, driven by Selenium; nothing is downloaded) loads the page from disk, and
the tests check what it renders and what its filters do to the DOM when clicked.

CI installs Chromium (.ci/run). Elsewhere, without it, these tests skip and say why; under CI
(``CI`` set) a missing browser is a failure."""

from __future__ import annotations

import base64
import os
import shutil

import pytest

import diffkit
from tests.builders import revised
from tests.test_report_html import HOSTILE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = [p for p in (CHROMIUM, DRIVER) if not os.path.exists(p)]
    if missing:
        why = f"{', '.join(missing)} missing: apt-get install chromium chromium-driver"
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    # an explicit driver path: Selenium Manager (which would download one) is never run
    driver = webdriver.Chrome(options=options, service=Service(DRIVER))
    yield driver
    driver.quit()


def _css(driver, selector):
    from selenium.webdriver.common.by import By
    return driver.find_elements(By.CSS_SELECTOR, selector)


def _shown(driver) -> list[int]:
    return [int(r.get_attribute("id").removeprefix("pair-"))
            for r in _css(driver, "#pairs > tbody > tr") if r.is_displayed()]


def _choose(driver, control: str, value: str) -> None:
    from selenium.webdriver.support.ui import Select
    Select(_css(driver, f"#{control}")[0]).select_by_value(value)


@pytest.fixture(scope="module")
def report(seed_plan, tmp_path_factory):
    c = diffkit.compare(seed_plan, revised(seed_plan), seed_plan)
    path = c.to_html(tmp_path_factory.mktemp("html") / "report.html")
    return c, path.resolve().as_uri()


def test_the_browser_shows_every_pair_with_its_texts(browser, report):
    c, url = report
    browser.get(url)
    rows = _css(browser, "#pairs > tbody > tr")
    assert len(rows) == len(c.pairs)
    assert _shown(browser) == list(range(1, len(c.pairs) + 1))
    assert _css(browser, "[data-count-for=pairs]")[0].text == f"{len(c.pairs)} of " \
        f"{len(c.pairs)} shown"
    for row, p in zip(rows, c.pairs, strict=True):
        sides = row.find_elements("css selector", "td.side")
        for side, ids, text in zip(sides, (p.a, p.b), (p.a_text, p.b_text), strict=True):
            if not ids:
                assert side.text == "—"
                continue
            assert side.find_element("css selector", ".ids").text == ", ".join(ids)
            shown = side.find_element("css selector", ".text").get_attribute("textContent")
            assert shown == text  # as written; redline marks add no character
        if p.status.value == "reworded":
            assert row.find_elements("css selector", "del, ins")


def test_filters_work_through_the_dom(browser, report):
    c, url = report
    browser.get(url)
    everything = list(range(1, len(c.pairs) + 1))
    changed = [k for k, p in enumerate(c.pairs, 1) if p.changed]
    assert 0 < len(changed) < len(c.pairs)
    _css(browser, "#f-changed")[0].click()
    assert _shown(browser) == changed
    assert _css(browser, "[data-count-for=pairs]")[0].text == f"{len(changed)} of " \
        f"{len(c.pairs)} shown"
    _css(browser, "#f-changed")[0].click()
    assert _shown(browser) == everything

    for status in ("split", "removed", "added", "reworded"):
        _choose(browser, "f-status", status)
        assert _shown(browser) == [k for k, p in enumerate(c.pairs, 1) if p.status == status]
    _choose(browser, "f-status", "")

    title = c.a.sections[1].title
    _choose(browser, "f-section", title)
    assert _shown(browser) == [k for k, p in enumerate(c.pairs, 1)
                               if any(c.a.ref(t).section.title == title for t in p.a)
                               or any(c.b.ref(t).section.title == title for t in p.b)]
    _choose(browser, "f-section", "")

    agency = "商务厅"
    expect = [k for k, p in enumerate(c.pairs, 1)
              if any(agency in diffkit.canonical_names(plan.ref(t).task.agencies, plan=plan)
                     for plan, ids in ((c.a, p.a), (c.b, p.b)) for t in ids)]
    _choose(browser, "f-agency", agency)
    assert _shown(browser) == expect and 0 < len(expect) < len(c.pairs)
    _choose(browser, "f-agency", "")
    assert _shown(browser) == everything
    # a name in the agency summary sets the filter
    button = next(b for b in _css(browser, "#agencies button") if b.text == agency)
    button.click()
    assert _css(browser, "#f-agency")[0].get_attribute("value") == agency
    assert _shown(browser) == expect


def test_provenance_filters_work_through_the_dom(browser, chain_comparison, tmp_path):
    c = chain_comparison
    browser.get(c.to_html(tmp_path / "chain.html").resolve().as_uri())
    everything = list(range(1, len(c.pairs) + 1))
    borrowing = [k for k, p in enumerate(c.pairs, 1) if p.borrows]
    assert len(borrowing) == 2
    _css(browser, "#f-borrows")[0].click()
    assert _shown(browser) == borrowing
    assert _css(browser, "[data-count-for=pairs]")[0].text == f"2 of {len(c.pairs)} shown"
    for k in borrowing:
        assert "borrows a clause of A's" in _css(browser, f"#pair-{k} .prov.borrows")[0].text
    _css(browser, "#f-borrows")[0].click()
    assert _shown(browser) == everything
    for follows in ("guideline", "a", "local"):
        _choose(browser, "f-follows", follows)
        expect = [k for k, p in enumerate(c.pairs, 1) if p.follows == follows]
        assert _shown(browser) == expect and 0 < len(expect) < len(c.pairs)
    _css(browser, "#f-borrows")[0].click()  # borrowing and local together
    assert _shown(browser) == borrowing
    _choose(browser, "f-follows", "a")
    assert _shown(browser) == []
    _choose(browser, "f-follows", "")
    _css(browser, "#f-borrows")[0].click()
    assert _shown(browser) == everything
    # a borrowed id links to the row of the A task it quotes
    link = _css(browser, f"#pair-{borrowing[0]} .prov.borrows a")[0]
    target = link.get_attribute("href").rsplit("#", 1)[1]
    assert c.pairs[int(target.removeprefix("pair-")) - 1].a == (link.text,)


def test_hostile_text_shows_as_text_and_nothing_loads(browser, seed_plan, tmp_path):
    data = revised(seed_plan).to_dict()
    data["meta"]["title"] = HOSTILE
    task = data["sections"][0]["items"][0]["tasks"][0]
    task["text"] += HOSTILE
    c = diffkit.compare(seed_plan, diffkit.Plan.from_dict(data))
    browser.get(c.to_html(tmp_path / "hostile.html").resolve().as_uri())
    assert browser.title == f"{seed_plan.title} → {HOSTILE}"  # as text; no script set it
    assert HOSTILE in _css(browser, "#pair-1 td.side")[1].text
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert not _css(browser, "#pairs img")


def test_the_page_prints_without_its_controls(browser, report):
    c, url = report
    browser.get(url)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not _css(browser, "nav.filters")[0].is_displayed()
        assert _shown(browser) == list(range(1, len(c.pairs) + 1))
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = base64.b64decode(browser.print_page())
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page") \
        + pdf.count(b"/Type /Page ") >= 2


# -- the corpus page -----------------------------------------------------------------------------
def test_corpus_page_in_the_browser(browser, seed_plan, tmp_path, runner):
    from diffkit.cli import cli
    from tests.builders import SEED_JSON
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "revised.json").write_text(revised(seed_plan).to_json(), "utf-8")
    (plans / "seed.json").write_bytes(SEED_JSON.read_bytes())
    g = tmp_path / "g.json"
    assert runner.invoke(cli, ["guideline", str(SEED_JSON), "-o", str(g)]).exit_code == 0
    out = tmp_path / "out" / "corpus.html"
    result = runner.invoke(cli, ["corpus", str(plans), "-g", str(g), "--html", str(out)])
    assert result.exit_code == 0, result.stderr
    c = diffkit.corpus([plans / "revised.json", plans / "seed.json"], g)
    browser.get(out.resolve().as_uri())

    def shown(table):
        return [r.find_elements("css selector", "td")[0].text
                for r in _css(browser, f"#{table} > tbody > tr") if r.is_displayed()]

    tasks = [r.task.id for r in c.guideline.refs]
    assert shown("tasks") == tasks
    assert shown("plans") == [p.id for p in c.plans]
    dropped = [r.guideline for r in c.coverage if r.status == "removed"]
    assert dropped
    _choose(browser, "t-status", "removed")
    assert shown("tasks") == [t for t in tasks if t in dropped]
    _choose(browser, "t-status", "")
    _css(browser, "#t-changed")[0].click()
    assert shown("tasks") == [t for t in tasks
                              if any(r.status != "unchanged" for r in c.coverage
                                     if r.guideline == t)]
    _css(browser, "#t-changed")[0].click()
    section = c.guideline.sections[2]
    _choose(browser, "t-section", section.title)
    assert shown("tasks") == [t.id for i in section.items for t in i.tasks]
    _css(browser, "#p-changed")[0].click()
    assert shown("plans") == [revised(seed_plan).id]
    _css(browser, "#p-changed")[0].click()
    button = next(b for b in _css(browser, "#agencies button") if b.text == "商务厅")
    button.click()
    assert shown("plans") == [a.plan for a in c.agencies if a.agency == "商务厅"]
