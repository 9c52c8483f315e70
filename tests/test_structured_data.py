"""schema.org JSON-LD on item pages: valid JSON, the right type, in the page's language."""

from __future__ import annotations

import json
from pathlib import Path

from lxml import html as lxml_html

from generator.content.portal import load_portal

from conftest import ROOT, TAGS

TYPES = {
    "agencies": "GovernmentOrganization",
    "attractions": "TouristAttraction",
    "events": "Event",
    "industrial-parks": "Place",
    "news": "NewsArticle",
    "clarifications": "NewsArticle",
    "procedures": "GovernmentService",
    "incentives": "GovernmentService",
    "plans": "Legislation",
    "products": "Product",
    "faq": "FAQPage",
    "contacts": "GovernmentOffice",
    "partners": "Organization",
    "projects": "WebPage",
    "publications": "WebPage",
}


def test_every_item_page_has_json_ld_in_its_language(shipped_site: Path):
    portal = load_portal(ROOT / "content")
    checked = 0
    for loaded in portal.all_items():
        if loaded.model.sample:
            continue  # a sample has none (tests/test_samples.py)
        for code, tag in TAGS.items():
            page = shipped_site / portal.item_path(loaded.type, loaded.slug, code) / "index.html"
            doc = lxml_html.fromstring(page.read_bytes())
            scripts = doc.xpath("//script[@type='application/ld+json']")
            assert len(scripts) == 1, page
            data = json.loads(scripts[0].text)
            assert data["@context"] == "https://schema.org"
            assert data["@type"] == TYPES[loaded.type], page
            assert data["inLanguage"] == tag
            assert data["name"] == loaded.model.title[code]
            assert data["url"].endswith(portal.item_path(loaded.type, loaded.slug, code))
            if data["@type"] == "Event" and "startDate" in data:
                assert len(data["startDate"]) == 10
            checked += 1
    assert checked >= 6 * 90
