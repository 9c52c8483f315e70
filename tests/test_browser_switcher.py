"""In a real Chromium: the language switcher keeps the reader's page, and nothing leaves 127.0.0.1."""

from __future__ import annotations

import pytest

from browser import browser_page, serve

pytestmark = pytest.mark.browser

TAGS = {"vi": "vi", "en": "en", "zh": "zh-Hans", "ja": "ja", "ko": "ko", "lo": "lo"}


def test_switcher_follows_the_page_through_all_languages(built_mini):
    with serve(built_mini.site) as base, browser_page() as page:
        page.goto(f"{base}plans/84-kh/")
        assert page.get_attribute("html", "lang") == "vi"
        for code in ["en", "zh", "ja", "ko", "lo", "vi"]:
            page.click(f".portal-langs a[hreflang='{TAGS[code]}']")
            page.wait_for_load_state()
            prefix = "" if code == "vi" else f"{code}/"
            assert page.url == f"{base}{prefix}plans/84-kh/"
            assert page.get_attribute("html", "lang") == TAGS[code]
            assert page.locator("table.portal-tasks tbody tr").count() == 2
        assert page.external_requests == []


def test_untranslated_page_shows_the_notice_in_the_browser(built_mini):
    with serve(built_mini.site) as base, browser_page() as page:
        page.goto(f"{base}en/about/")
        page.click(".portal-langs a[hreflang='ko']")
        page.wait_for_load_state()
        assert page.url == f"{base}ko/about/"
        assert page.locator(".portal-notice[data-fallback='vi']").is_visible()
        assert page.external_requests == []
