"""The compact header of small screens, in real Chromium on the shipped portal (issue 16).

At 390 × 844 (a common phone) the header is one row and the page's title starts within the first
200 px in every language; at 320 px nothing scrolls sideways; the menu, the languages and search
open and close by keyboard and by touch; large screens keep the full header; without scripts
everything stays shown.
"""

from __future__ import annotations

import contextlib

import pytest
from test_browser_portal import ARTIFACTS, CODES, SECTIONS, TAGS, prefix, serious_violations

from browser import CHROMIUM, FLAGS, serve, settled

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MENU = ".portal-toggle--menu"
LANGS = ".portal-toggle--langs"
SEARCH = ".portal-toggle--search"
# The home page's h1 is for screen readers only; what a reader sees first is the hero's welcome.
TITLE = {"": ".portal-hero__welcome"}


@contextlib.contextmanager
def chromium():
    """One Chromium for a test; pages come from ``phone`` contexts on it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def open_page(browser, viewport: dict = PHONE, **options):
    """A page in a fresh context (``has_touch=True`` for a touch screen, scripts off, …)."""
    context = browser.new_context(viewport=viewport, locale="vi-VN", **options)
    return context.new_page()


def is_open(page, button: str) -> bool:
    return page.get_attribute(button, "aria-expanded") == "true"


def focused(page) -> str:
    """The focused element, as its class or id, to compare with a selector."""
    return page.evaluate("document.activeElement.id || document.activeElement.className")


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("code", CODES)
def test_title_in_the_first_200_px_accessible_with_the_menu_open_and_closed(shipped_site, code):
    with serve(shipped_site) as base, chromium() as browser:
        page = open_page(browser)
        for section in SECTIONS:
            url = f"{base}{prefix(code)}{section}"
            page.goto(url)
            page.wait_for_function("document.fonts.status === 'loaded'")
            title = page.locator(TITLE.get(section, "h1")).first
            assert title.is_visible() or section == "", url
            top = title.bounding_box()["y"]
            assert top <= 200, f"{url}: the title starts {top:.0f} px down at 390 × 844"
            assert page.locator(".portal-header").bounding_box()["height"] <= 70, url
            assert not page.locator(".portal-menu").is_visible(), url
            assert serious_violations(page) == [], f"{url} (menu closed)"
            page.click(MENU)
            assert page.locator(".portal-menu__link").first.is_visible(), url
            assert serious_violations(page) == [], f"{url} (menu open)"
            page.set_viewport_size({"width": 320, "height": 844})
            assert overflow(page) <= 0, f"{url} scrolls sideways at 320 px (menu open)"
            page.click(MENU)
            assert overflow(page) <= 0, f"{url} scrolls sideways at 320 px"
            page.set_viewport_size(PHONE)


def test_menu_languages_and_search_by_keyboard(shipped_site):
    with serve(shipped_site) as base, chromium() as browser:
        page = open_page(browser)
        page.goto(f"{base}lo/investment/")
        for key in ("Enter", " "):
            page.focus(MENU)
            page.keyboard.press(key)
            assert is_open(page, MENU)
            assert page.locator(".portal-menu__link").first.is_visible()
            page.keyboard.press("Tab")  # into the menu
            assert "portal-menu__link" in focused(page)
            page.keyboard.press("Escape")
            assert not is_open(page, MENU)
            assert not page.locator(".portal-menu").is_visible()
            assert "portal-toggle--menu" in focused(page)
        page.keyboard.press("Space")
        assert is_open(page, MENU)
        page.keyboard.press("Space")
        assert not is_open(page, MENU)

        page.focus(LANGS)
        page.keyboard.press("Space")
        assert page.locator(".portal-langs__list").is_visible()
        page.keyboard.press("Space")
        assert not page.locator(".portal-langs__list").is_visible()
        page.keyboard.press("Enter")
        assert is_open(page, LANGS)
        assert page.locator(".portal-langs__list").is_visible()
        assert serious_violations(page) == [], "languages open"
        page.keyboard.press("Tab")  # into the list
        assert page.evaluate("document.activeElement.hreflang") == "vi"
        page.keyboard.press("Escape")
        assert not page.locator(".portal-langs__list").is_visible()
        assert "portal-toggle--langs" in focused(page)

        page.keyboard.press("Shift+Tab")
        assert "portal-toggle--search" in focused(page)
        page.keyboard.press("Enter")
        assert page.locator(".portal-search__input").is_visible()
        assert focused(page) == "portal-search-input"
        page.keyboard.type("ລາວ")
        assert focused(page) == "portal-search-input"
        page.keyboard.press("Escape")
        assert not page.locator(".portal-search__input").is_visible()
        assert "portal-toggle--search" in focused(page)

        # Follow a language with the keyboard: the same page, in Japanese.
        page.focus(LANGS)
        page.keyboard.press("Enter")
        page.focus(".portal-langs a[hreflang='ja']")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{base}ja/investment/")
        assert page.get_attribute("html", "lang") == "ja"


def test_menu_and_languages_by_touch_keep_the_page(shipped_site):
    with serve(shipped_site) as base, chromium() as browser:
        page = open_page(browser, has_touch=True, is_mobile=True)
        page.goto(f"{base}en/tourism/")
        page.tap(MENU)
        assert is_open(page, MENU) and page.locator(".portal-menu").is_visible()
        page.tap(MENU)
        assert not is_open(page, MENU) and not page.locator(".portal-menu").is_visible()
        page.tap(LANGS)
        links = page.locator(".portal-langs__list a")
        assert links.count() == 5 and links.first.is_visible()
        page.tap(LANGS)
        assert not links.first.is_visible()
        page.tap(SEARCH)
        assert focused(page) == "portal-search-input"
        page.tap("h1")  # a tap elsewhere closes it
        assert not page.locator(".portal-search__input").is_visible()
        for code in ["lo", "vi", "zh"]:
            page.tap(LANGS)
            current = page.locator(".portal-langs__list [aria-current='true']")
            assert current.count() == 1
            page.tap(f".portal-langs__list a[hreflang='{TAGS[code]}']")
            page.wait_for_url(f"{base}{prefix(code)}tourism/")
            assert page.get_attribute("html", "lang") == TAGS[code]
            assert page.locator(".portal-toggle__code").inner_text() == code.upper()


def test_touch_targets_are_44_px_and_focus_is_visible(shipped_site):
    with serve(shipped_site) as base, chromium() as browser:
        page = open_page(browser)
        page.goto(f"{base}ko/plans/")
        controls = [".portal-brand", SEARCH, LANGS, MENU]
        for selector in controls:
            box = page.locator(selector).bounding_box()
            assert box["width"] >= 44 and box["height"] >= 44, (selector, box)
        for button, links in ((LANGS, ".portal-langs__link"), (MENU, ".portal-menu__link")):
            page.click(button)
            for i in range(page.locator(links).count()):
                box = page.locator(links).nth(i).bounding_box()
                assert box["width"] >= 44 and box["height"] >= 44, (links, i, box)
            page.click(button)
        page.click(SEARCH)
        assert page.locator(".portal-search__input").bounding_box()["height"] >= 44
        page.keyboard.press("Escape")

        page.goto(f"{base}ko/plans/")
        seen = set()
        for _ in range(8):
            page.keyboard.press("Tab")
            state = page.evaluate(
                "() => { const e = document.activeElement, s = getComputedStyle(e);"
                " return {cls: e.className, visible: e.matches(':focus-visible'),"
                " outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,"
                " shadow: s.boxShadow !== 'none'}; }"
            )
            assert state["visible"] and (state["outline"] or state["shadow"]), state
            seen.add(state["cls"].split()[-1] if state["cls"] else "")
        assert {"portal-brand", "portal-toggle--search", "portal-toggle--langs"} <= seen
        assert "portal-toggle--menu" in seen


def test_large_screens_keep_the_full_header(shipped_site):
    with serve(shipped_site) as base, chromium() as browser:
        page = open_page(browser, {"width": 1366, "height": 900})
        for code in ["vi", "lo"]:
            page.goto(f"{base}{prefix(code)}about/")
            for button in (MENU, LANGS, SEARCH):
                assert not page.locator(button).is_visible(), button
            menu = page.locator(".portal-menu__link")
            assert menu.count() == 7
            tops = {round(menu.nth(i).bounding_box()["y"]) for i in range(7)}
            assert len(tops) == 1, "the menu is one row"
            assert page.locator(".portal-langs__link").count() == 6
            assert all(link.is_visible() for link in page.locator(".portal-langs__link").all())
            assert page.locator(".portal-search__input").is_visible()


def test_without_scripts_the_menu_and_languages_are_shown(shipped_site):
    with serve(shipped_site) as base, chromium() as browser:
        page = open_page(browser, java_script_enabled=False)
        page.goto(f"{base}zh/culture/")
        for button in (MENU, LANGS, SEARCH):
            assert not page.locator(button).is_visible(), button
        assert all(link.is_visible() for link in page.locator(".portal-menu__link").all())
        assert all(link.is_visible() for link in page.locator(".portal-langs__link").all())
        page.set_viewport_size({"width": 320, "height": 844})
        assert overflow(page) <= 0


@pytest.mark.parametrize("code", ["vi", "lo"])
def test_phone_screenshots_of_the_header(shipped_site, code):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with serve(shipped_site) as base, chromium() as browser:
        page = open_page(browser)
        page.goto(f"{base}{prefix(code)}")
        assert settled(page) == "loaded"
        page.screenshot(path=str(ARTIFACTS / f"header-{code}-phone.png"))
        page.goto(f"{base}{prefix(code)}about/")
        page.click(MENU)
        page.screenshot(path=str(ARTIFACTS / f"header-{code}-phone-menu.png"))
        page.click(MENU)
        page.click(LANGS)
        page.screenshot(path=str(ARTIFACTS / f"header-{code}-phone-languages.png"))
