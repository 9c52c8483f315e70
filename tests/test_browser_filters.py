"""The investment index filters work in the browser, in every language, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from browser import browser_page, serve

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PREFIXES = {"vi": "", "en": "en/", "zh": "zh/", "ja": "ja/", "ko": "ko/", "lo": "lo/"}


def projects() -> list[dict]:
    return [
        yaml.safe_load(p.read_text("utf-8")) for p in (ROOT / "content/data/projects").glob("*.yml")
    ]


def expected(sector=None, form=None, low=None, high=None) -> int:
    def keep(p):
        capital = p.get("capital_usd") or 0
        return (
            (sector is None or p["sector"] == sector)
            and (form is None or form in p["forms"])
            and (low is None or capital >= low)
            and (high is None or capital <= high)
        )

    return sum(keep(p) for p in projects())


@pytest.mark.parametrize("code", sorted(PREFIXES))
def test_filters_narrow_the_projects(shipped_site, code):
    total = len(projects())
    sector = sorted(p["sector"] for p in projects())[0]
    with serve(shipped_site) as base, browser_page() as page:
        page.goto(f"{base}{PREFIXES[code]}investment/projects/")
        cards = page.locator("[data-listing='projects'] > li:visible")
        assert cards.count() == total
        count_text = page.locator(".portal-filters__count")
        assert str(total) in count_text.inner_text()
        # the options are labelled in the reader's language, the values are the same everywhere
        page.select_option("select[name='sector']", sector)
        assert cards.count() == expected(sector=sector) >= 1
        assert str(expected(sector=sector)) in count_text.inner_text()
        page.select_option("select[name='sector']", "")
        page.select_option("select[name='form']", "FDI")
        assert cards.count() == expected(form="FDI")
        page.select_option("select[name='capital']", "10000000-100000000")
        assert cards.count() == expected(form="FDI", low=10_000_000, high=100_000_000)
        page.select_option("select[name='form']", "")
        page.select_option("select[name='capital']", "")
        assert cards.count() == total
        assert page.external_requests == []
