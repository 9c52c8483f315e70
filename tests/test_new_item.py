"""An editor adds one YAML file; after `portal build` the item is on its own page in six
languages, in its section's list, in the open data, in the sitemap and in search."""

from __future__ import annotations

import json

import pytest

from browser import browser_page, serve
from conftest import CODES, localized

WORD = "Quxbarzed"


@pytest.mark.browser
def test_a_new_item_appears_everywhere_with_nothing_else_edited(project):
    project.write(
        {
            "content/data/agencies/so-du-lich.yml": (
                f"title: {localized(WORD + ' Tourism Board')}\n"
                f"summary: {localized('Promotes travel to the province')}\n"
                "sources: [Decision on its establishment]\n"
            )
        }
    )
    result = project.build()
    assert result.returncode == 0, result.stderr

    for code in CODES:
        prefix = "" if code == "vi" else f"{code}/"
        page = project.html(f"{prefix}agencies/so-du-lich/index.html")
        assert f"{WORD} Tourism Board ({code})" in page.text_content()
        listing = project.html(f"{prefix}agencies/index.html")
        hrefs = [a.get("href") for a in listing.cssselect("[data-listing='agencies'] a")]
        assert "so-du-lich/" in hrefs

    export = json.loads((project.site / "data" / "agencies.json").read_text("utf-8"))
    assert "so-du-lich" in [item["slug"] for item in export["items"]]

    sitemap = (project.site / "sitemap.xml").read_text("utf-8")
    for code in CODES:
        prefix = "" if code == "vi" else f"{code}/"
        assert f"/{prefix}agencies/so-du-lich/</loc>" in sitemap

    with serve(project.site) as base, browser_page() as browser:
        browser.goto(f"{base}en/")
        browser.fill("#portal-search-input", WORD)
        link = browser.locator(".portal-search__results li a").first
        link.wait_for(timeout=15000)
        assert link.evaluate("a => a.href") == f"{base}en/agencies/so-du-lich/"
