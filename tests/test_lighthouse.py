"""Lighthouse on the six home pages of the shipped portal, on a phone: accessibility, best
practices and SEO at 100.

Scores only, never times: performance depends on the machine's load and is measured by
``benchmarks/lighthouse.sh`` instead (``benchmarks/LIGHTHOUSE.md``). One run per page, with
npm's ``lighthouse`` (``package.json``) driving Debian's Chromium.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator.i18n.languages import LANGUAGES

from browser import serve

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from lighthouse import LIGHTHOUSE, lighthouse  # noqa: E402

CATEGORIES = ("accessibility", "best-practices", "seo")


@pytest.fixture(scope="module")
def base(shipped_site):
    assert LIGHTHOUSE.exists(), "run: npm ci (lighthouse is a devDependency in package.json)"
    with serve(shipped_site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_home_page_scores_100(base, lang):
    report = lighthouse(base + lang.prefix, categories=CATEGORIES)
    assert set(report.scores) == set(CATEGORIES)
    for category in CATEGORIES:
        assert report.scores[category] == 100, (category, report.failed[category])
