"""Search in real Chromium: each language finds its own pages, including words inside runs of
text without spaces (Chinese, Japanese, Lao) and multi-word terms (Vietnamese, English, Korean)."""

from __future__ import annotations

import re

import pytest

from generator.content.portal import load_portal
from generator.i18n.catalogs import load_translator
from generator.i18n.languages import BY_CODE

from browser import browser_page, serve
from conftest import CODES, ROOT, prefix

pytestmark = pytest.mark.browser

SAMPLE_PROJECT = "trung-tam-logistics-yen-my"
QUERIES = {
    "vi": "khu công nghiệp",
    "en": "industrial park",
    "zh": "工业园区",
    "ja": "工業団地",
    "ko": "투자 유치",
    "lo": "ການລົງທຶນ",
}


@pytest.mark.parametrize("code", sorted(QUERIES))
def test_search_finds_pages_in_the_readers_language_only(shipped_site, code):
    with serve(shipped_site) as base, browser_page() as page:
        page.goto(f"{base}{prefix(code)}")
        page.fill("#portal-search-input", QUERIES[code])
        results = page.locator(".portal-search__results li a")
        results.first.wait_for(timeout=15000)
        hrefs = [results.nth(i).evaluate("a => a.href") for i in range(results.count())]
        assert len(hrefs) >= 1
        for href in hrefs:
            path = href.removeprefix(base)
            first = path.split("/", 1)[0]
            if code == "vi":
                assert first not in CODES, href
            else:
                assert path.startswith(prefix(code)), href
        # the text found is really on the page the result leads to
        page.goto(hrefs[0])
        body = page.locator("main").inner_text().replace("\u200b", "")
        assert all(word in body for word in QUERIES[code].split()), hrefs[0]
        assert page.external_requests == []


def test_a_lao_word_inside_a_sentence_is_found(shipped_site):
    """ການລົງທຶນ (investment) sits inside longer runs of Lao text without spaces."""
    with serve(shipped_site) as base, browser_page() as page:
        page.goto(f"{base}lo/")
        page.fill("#portal-search-input", "ລົງທຶນ")
        result = page.locator(".portal-search__results li a").first
        result.wait_for(timeout=15000)
        href = result.evaluate("a => a.href")
        assert href.removeprefix(base).startswith("lo/"), href
        # the page found has the word inside a longer run of Lao letters, not standing alone
        page.goto(href)
        body = page.locator("main").inner_text().replace("\u200b", "")
        assert re.search("[\u0e80-\u0eff]ລົງທຶນ|ລົງທຶນ[\u0e80-\u0eff]", body), href


def test_a_shared_search_address_shows_the_same_results_and_back_returns_to_them(shipped_site):
    """?q= in the address: typed, opened from a link, and after a result and the back button."""
    results = '.portal-search__results[data-query="longan"] > ul > li'
    with serve(shipped_site) as base, browser_page() as page:
        page.goto(f"{base}en/")
        page.fill("#portal-search-input", "longan")
        page.locator(results).first.wait_for()
        typed = [a.get_attribute("href") for a in page.locator(f"{results} > a").all()]
        assert page.url == f"{base}en/?q=longan"
        # each result: its section, and the match marked in its excerpt
        first = page.locator(results).first
        assert first.locator(".portal-search__section").inner_text().strip()
        assert first.locator("mark").count() >= 1

        shared = page.context.new_page()
        shared.goto(f"{base}en/?q=longan")
        shared.locator(results).first.wait_for()
        assert [a.get_attribute("href") for a in shared.locator(f"{results} > a").all()] == typed
        assert shared.input_value("#portal-search-input") == "longan"

        page.locator(f"{results} > a").first.click()
        page.wait_for_url(lambda url: "?q=" not in url)
        page.go_back()
        page.locator(results).first.wait_for()
        assert [a.get_attribute("href") for a in page.locator(f"{results} > a").all()] == typed
        assert page.external_requests == []


def test_no_results_is_said_in_the_readers_language_with_the_sections(shipped_site):
    """ຊ້າງ (elephant) is on no Lao page: no result, the sentence in Lao, links to the sections."""
    with serve(shipped_site) as base, browser_page() as page:
        page.goto(f"{base}lo/?q=ຊ້າງ")
        out = page.locator('.portal-search__results[data-query="ຊ້າງ"]')
        out.wait_for()
        assert out.locator(".portal-search__list li").count() == 0
        assert out.locator(".portal-search__count").inner_text() != ""
        sections = out.locator(".portal-search__sections a")
        assert sections.count() >= 5
        assert all(
            href.startswith("lo/")
            for href in (a.evaluate("a => a.href").removeprefix(base) for a in sections.all())
        )
        assert "ລອງໃຊ້ຄຳອື່ນ" in out.inner_text()


def test_a_sample_result_shows_its_label_and_a_real_one_none(shipped_site):
    """The word "logistics" is on a sample project and on its (real) listing: only the sample's
    result carries the label, in the reader's language, from the catalog (as on cards)."""
    label = load_translator(ROOT / "translations", BY_CODE["en"]).gettext("Sample")
    sample = "/" + load_portal(ROOT / "content").item_path("projects", SAMPLE_PROJECT, "en")
    with serve(shipped_site) as base, browser_page() as page:
        page.goto(f"{base}en/?q=logistics")
        results = page.locator('.portal-search__results[data-query="logistics"] > ul > li')
        results.first.wait_for(timeout=15000)
        labelled = {}
        for i in range(results.count()):
            result = results.nth(i)
            href = result.locator("> a").evaluate("a => new URL(a.href).pathname")
            labelled[href] = result.locator(".portal-sample-badge").all_text_contents()
        assert labelled.get(sample) == [label], labelled
        assert [href for href, found in labelled.items() if not found], labelled
        assert page.external_requests == []
