"""Samples labelled wherever they appear: an item with ``sample: true`` (and a sample masthead) is
marked, in the reader's language, on every surface of the built portal: every card or link that
leads to it on every page, its own page, the Atom feeds, the search index, the open data, and it
has no JSON-LD; a date known only to its year never shows a day or month."""

from __future__ import annotations

import csv
import gzip
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from lxml import etree
from lxml import html as lxml_html

from generator.content.portal import load_portal
from generator.i18n.catalogs import load_translator
from generator.i18n.languages import BY_CODE

from conftest import CODES, ROOT

ATOM = "{http://www.w3.org/2005/Atom}"
LABEL = "Sample"
TITLE_PREFIX = "Sample: %(title)s"
MASTHEAD_NOTE = (
    "These details are an illustrative example: the agency in charge, the person responsible "
    "and the licence are not official."
)
ZWSP = "\u200b"
LETTER = "cv-ubnd-nv-2024-nq47"  # a plan whose copy shows only the year of issue
# What holds one card, row or entry: a sample's label must be in the one around its link.
HOLDERS = ("li", "tr", "td", "dd", "summary", "p")


@cache
def portal():
    return load_portal(ROOT / "content")


@cache
def say(code: str, message: str) -> str:
    """``message`` in language ``code``, from the catalog the build used."""
    return load_translator(ROOT / "translations", BY_CODE[code]).gettext(message)


def samples() -> list:
    found = [loaded for loaded in portal().all_items() if loaded.model.sample]
    assert len(found) >= 10 and {loaded.type for loaded in found} >= {"news", "projects"}
    return found


def sample_paths() -> dict[str, tuple[str, str]]:
    """Every sample item's page path in every language -> (kind, slug)."""
    return {
        "/" + portal().item_path(loaded.type, loaded.slug, code): (loaded.type, loaded.slug)
        for loaded in samples()
        for code in CODES
    }


def text(element) -> str:
    return " ".join(element.text_content().replace(ZWSP, "").split())


def html_pages(site: Path) -> Iterator[tuple[str, object]]:
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative.startswith("pagefind/"):
            continue
        url = "/" + relative.removesuffix("index.html")
        yield url, lxml_html.fromstring(path.read_bytes())


def page_code(doc) -> str:
    tag = doc.get("lang", "")
    return next(code for code in CODES if BY_CODE[code].tag == tag)


def labels(element, code: str) -> list:
    return [
        badge
        for badge in element.xpath(".//*[contains(@class, 'portal-sample-badge')]")
        if text(badge) == say(code, LABEL)
    ]


def test_every_link_to_a_sample_is_labelled_on_every_page(shipped_site: Path):
    targets = sample_paths()
    labelled: dict[tuple[str, str], set[str]] = {}
    pages_with_cards = set()
    for url, doc in html_pages(shipped_site):
        code = page_code(doc)
        own = targets.get(url)
        for link in doc.xpath("//main//a[@href]"):
            target = urlsplit(urljoin(url, link.get("href"))).path
            if target not in targets or targets[target] == own:
                continue  # not a sample, or the page's own switcher, breadcrumb or anchor
            holder = next((a for a in link.iterancestors() if a.tag in HOLDERS), None)
            assert holder is not None and labels(holder, code), (
                f"{url}: the link to sample {targets[target]} has no '{say(code, LABEL)}' label"
            )
            labelled.setdefault(targets[target], set()).add(url)
            pages_with_cards.add(url)
    # Every sample was found somewhere besides its own page (its listing at least) …
    assert set(labelled) == set(targets.values())
    # … and on the home pages, whose latest-news and featured-projects blocks show samples.
    assert {"/", *(f"/{code}/" for code in CODES if code != "vi")} <= pages_with_cards


def test_a_sample_page_says_so_and_its_title_carries_the_label(shipped_site: Path):
    for loaded in samples():
        for code in CODES:
            path = portal().item_path(loaded.type, loaded.slug, code)
            doc = lxml_html.fromstring((shipped_site / path / "index.html").read_bytes())
            note = doc.xpath("//*[contains(@class, 'portal-sample')][@role='note']")
            assert note and say(code, LABEL) in text(note[0]), path
            # The search index takes this label out of the h1 into a meta (generator/search.py).
            h1 = doc.xpath("//h1")[0]
            assert labels(h1, code), path
            assert text(h1).startswith(say(code, LABEL) + " · "), path
            assert not doc.xpath("//script[@type='application/ld+json']"), (
                f"{path}: a sample has no JSON-LD (it would be read as the province's fact)"
            )


def test_a_sample_masthead_is_labelled_on_every_page(shipped_site: Path):
    assert portal().site.masthead.sample
    checked = 0
    for url, doc in html_pages(shipped_site):
        for masthead in doc.xpath("//section[@class='portal-masthead']"):
            code = page_code(doc)
            note = masthead.xpath(".//*[contains(@class, 'portal-masthead__sample')]")
            assert note and labels(note[0], code), url
            assert say(code, MASTHEAD_NOTE) in text(note[0]), url
            checked += 1
    assert checked >= 6 * 100


def test_news_json_ld_names_no_publisher_while_the_masthead_is_a_sample(shipped_site: Path):
    news = [loaded for loaded in portal().items["news"].values() if not loaded.model.sample]
    assert news
    for loaded in news:
        for code in CODES:
            path = shipped_site / portal().item_path("news", loaded.slug, code) / "index.html"
            doc = lxml_html.fromstring(path.read_bytes())
            data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
            assert data["@type"] == "NewsArticle" and "publisher" not in data, path


def test_feeds_label_sample_entries_with_a_category_and_a_title_prefix(shipped_site: Path):
    news_samples = {loaded.slug: loaded.model for loaded in samples() if loaded.type == "news"}
    assert news_samples
    for code in CODES:
        feed = etree.parse(str(shipped_site / BY_CODE[code].prefix / "feed.xml"))
        seen = set()
        for entry in feed.iter(f"{ATOM}entry"):
            link = urlsplit(entry.find(f"{ATOM}link").get("href")).path.rstrip("/")
            slug = link.rsplit("/", 1)[-1]
            categories = {c.get("term"): c.get("label") for c in entry.iter(f"{ATOM}category")}
            title = entry.find(f"{ATOM}title").text
            if slug in news_samples:
                assert categories.get("sample") == say(code, LABEL), (code, slug)
                expected = say(code, TITLE_PREFIX) % {"title": news_samples[slug].title[code]}
                assert title == expected, (code, slug)
                seen.add(slug)
            else:
                assert "sample" not in categories, (code, slug)
                assert not title.startswith(say(code, LABEL)), (code, slug)
        assert seen == set(news_samples), code


def pagefind_fragments(site: Path) -> Iterator[dict]:
    for path in (site / "pagefind").rglob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        yield json.loads(data.removeprefix(b"pagefind_dcd"))


def test_search_results_carry_the_label_of_samples_only(shipped_site: Path):
    """Every sample's record has the meta ``sample``, its label in the page's language (shown
    beside the result's title, tests/test_browser_search.py), and a title without it; no other
    record has one."""
    targets = sample_paths()
    found = set()
    others = 0
    for fragment in pagefind_fragments(shipped_site):
        path = urlsplit(fragment["url"]).path
        meta = fragment["meta"]
        if path not in targets:
            assert "sample" not in meta, (path, meta)
            others += 1
            continue
        code = page_code_from_path(path)
        assert meta.get("sample") == say(code, LABEL), (path, meta)
        title = meta["title"].replace(ZWSP, "")
        assert title and not title.startswith(say(code, LABEL)), (path, title)
        found.add(path)
    assert found == set(targets) and others > len(found)


def page_code_from_path(path: str) -> str:
    first = path.strip("/").split("/", 1)[0]
    return first if first in CODES and first != "vi" else "vi"


@pytest.mark.parametrize("kind", ["news", "projects", "agencies", "plans"])
def test_open_data_states_sample_for_every_record(shipped_site: Path, kind: str):
    expected = {slug: loaded.model.sample for slug, loaded in portal().items[kind].items()}
    data = shipped_site / "data"
    records = json.loads((data / f"{kind}.json").read_text(encoding="utf-8"))["items"]
    assert {record["slug"]: record["sample"] for record in records} == expected
    schema = json.loads((data / "schema" / f"{kind}.v1.json").read_text(encoding="utf-8"))
    record_schema = next(
        iter(d for d in schema["$defs"].values() if "slug" in d.get("properties", {}))
    )
    assert "sample" in record_schema["required"]
    with (data / f"{kind}.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["slug"]: row["sample"] == "true" for row in rows} == expected


def test_a_date_known_only_to_its_year_shows_no_day_anywhere(shipped_site: Path):
    letter = portal().items["plans"][LETTER].model
    assert letter.issued_precision == "year"
    year = str(letter.issued.year)
    data = shipped_site / "data"
    record = next(
        r
        for r in json.loads((data / "plans.json").read_text(encoding="utf-8"))["items"]
        if r["slug"] == LETTER
    )
    assert record["issued"] == year
    with (data / "plans.csv").open(encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["slug"] == LETTER)
    assert row["issued"] == year
    for code in CODES:
        page = shipped_site / portal().item_path("plans", LETTER, code) / "index.html"
        doc = lxml_html.fromstring(page.read_bytes())
        issued = doc.xpath(
            "//dt[normalize-space()=$label]/following-sibling::dd[1]//time",
            label=say(code, "Date issued"),
        )
        assert [(time.get("datetime"), text(time)) for time in issued] == [(year, year)], page
        data = json.loads(doc.xpath("//script[@type='application/ld+json']")[0].text)
        assert data["legislationDate"] == year, page
        listing = shipped_site / portal().page_path(portal().listing_pages["plans"], code)
        doc = lxml_html.fromstring((listing / "index.html").read_bytes())
        row = doc.xpath("//tr[.//a[contains(@href, $slug)]]//time", slug=LETTER)
        assert [(time.get("datetime"), text(time)) for time in row] == [(year, year)], listing
