"""The shipped demonstration portal: clean content, every section in six languages, the counts
the province needs, and translations that are translations."""

from __future__ import annotations

from pathlib import Path

from lxml import html as lxml_html

from generator.content.portal import load_portal

from conftest import CODES, ROOT, TAGS, Project, prefix
from scratch import invoke

SECTIONS = [
    "",
    "about/",
    "about/geography/",
    "about/history/",
    "culture/",
    "tourism/",
    "investment/",
    "plans/",
    "news/",
    "contact/",
]
MINIMUM = {
    "plans": 2,
    "agencies": 15,
    "projects": 8,
    "industrial-parks": 5,
    "incentives": 4,
    "procedures": 3,
    "attractions": 12,
    "events": 6,
    "products": 6,
    "news": 12,
    "partners": 3,
    "clarifications": 2,
    "publications": 2,
    "faq": 10,
    "contacts": 1,
}


def test_portal_check_is_clean_on_the_shipped_content():
    result = invoke(Project(ROOT), "check")
    assert result.exit_code == 0, result.stderr
    assert "content OK" in result.stdout


def test_every_section_exists_in_six_languages(shipped_site: Path):
    for code in CODES:
        for section in SECTIONS:
            page = shipped_site / prefix(code) / section / "index.html"
            doc = lxml_html.fromstring(page.read_bytes())
            assert doc.get("lang") == TAGS[code], page
            assert not doc.cssselect(".portal-notice[data-fallback]"), f"{page} falls back"


def test_the_province_publishes_what_it_must_in_six_languages(shipped_site: Path):
    portal = load_portal(ROOT / "content")
    for kind, minimum in MINIMUM.items():
        items = portal.items[kind]
        assert len(items) >= minimum, kind
        for slug in items:
            for code in CODES:
                path = shipped_site / portal.item_path(kind, slug, code) / "index.html"
                assert path.is_file(), path


def test_translations_are_not_copies_of_the_vietnamese():
    portal = load_portal(ROOT / "content")
    copies = []
    for loaded in portal.all_items():
        for field in ("summary", "body"):
            text = getattr(loaded.model, field)
            if not text or len(text["vi"]) < 40:
                continue
            copies += [
                f"{loaded.path.name} {field} {c}" for c in CODES[1:] if text[c] == text["vi"]
            ]
    for key, versions in portal.pages.items():
        vi = versions["vi"].body.strip()
        copies += [
            f"{key} {c}"
            for c, page in versions.items()
            if c != "vi" and len(vi) > 40 and page.body.strip() == vi
        ]
    assert copies == []


def test_news_is_paginated_in_every_language(shipped_site: Path):
    portal = load_portal(ROOT / "content")
    total = len(portal.items["news"])
    size = portal.pages["news/index"]["vi"].meta.per_page
    assert size and total > size
    for code in CODES:
        first = lxml_html.fromstring((shipped_site / prefix(code) / "news/index.html").read_bytes())
        second = lxml_html.fromstring(
            (shipped_site / prefix(code) / "news/page/2/index.html").read_bytes()
        )
        assert second.get("lang") == TAGS[code]
        shown = [
            len(doc.cssselect("[data-listing='news'] .portal-card")) for doc in (first, second)
        ]
        assert shown == [size, total - size]
        assert first.cssselect(".portal-pagination a[rel='next']")
        assert second.cssselect(".portal-pagination a[rel='prev']")


def test_search_ships_only_what_the_site_uses(shipped_site: Path):
    """Pagefind's own interfaces (~400 KB) are not published; its engine and the index are."""
    bundle = shipped_site / "pagefind"
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-worker.js").is_file()
    assert list(bundle.glob("pagefind-*ui*")) == []
    assert not (bundle / "pagefind-highlight.js").exists()
