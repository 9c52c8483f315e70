"""Every page of the portal in every language: what it is, where it lives, which versions exist.

The same table drives the pages generated from data, the language switcher, hreflang and the
sitemap, so they cannot disagree.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from generator.content.loader import LoadedItem
from generator.content.pages import PageSource, page_key_and_lang, page_url
from generator.content.portal import Portal
from generator.i18n.languages import BY_CODE, CODES, DEFAULT

NOT_FOUND = "404"


@dataclass(frozen=True)
class Route:
    """One page of the site, in all six languages."""

    key: str
    item: LoadedItem | None
    translated: tuple[str, ...]
    kind: str = "page"  # "page", "item", "listing-page" (page 2, 3 … of a list) or "not-found"
    listing: str | None = None  # for "listing-page": the key of the list's first page
    page_number: int = 1

    def path(self, lang: str) -> str:
        """Site-relative URL path in ``lang`` ('' is the Vietnamese home)."""
        if self.kind == "not-found":
            return f"{BY_CODE[lang].prefix}404.html"
        return BY_CODE[lang].prefix + page_url(self.key)

    def is_translated(self, lang: str) -> bool:
        return lang in self.translated

    def src_uri(self, lang: str) -> str:
        """The (possibly virtual) Markdown source of this page in ``lang``."""
        return f"{self.key}.{lang}.md"


def build_routes(portal: Portal) -> dict[str, Route]:
    """All routes, keyed by page key (``about/geography``, ``tourism/attractions/pho-hien``)."""
    routes: dict[str, Route] = {}
    for key in sorted(portal.pages):
        routes[key] = Route(key, None, tuple(portal.translated_languages(key)))
    for loaded in portal.all_items():
        if loaded.type in portal.listing_pages:
            key = portal.item_key(loaded.type, loaded.slug)
            shown = tuple(c for c in CODES if loaded.model.translated_into(c))
            routes[key] = Route(key, loaded, shown, "item")
    for type_name, listing_key in portal.listing_pages.items():
        for number in range(2, page_count(portal, type_name) + 1):
            key = listing_page_key(listing_key, number)
            routes[key] = Route(
                key, None, routes[listing_key].translated, "listing-page", listing_key, number
            )
    routes[NOT_FOUND] = Route(NOT_FOUND, None, CODES, "not-found")
    return routes


def per_page(portal: Portal, type_name: str) -> int | None:
    """How many items one page of the list of ``type_name`` shows (None: all on one page)."""
    return portal.pages[portal.listing_pages[type_name]][DEFAULT].meta.per_page


def page_count(portal: Portal, type_name: str) -> int:
    size = per_page(portal, type_name)
    total = len(portal.items.get(type_name, {}))
    return max(1, -(-total // size)) if size else 1


def listing_page_key(listing_key: str, number: int) -> str:
    """``news/index`` page 2 → ``news/page/2`` (page 1 is the listing page itself)."""
    if number == 1:
        return listing_key
    return posixpath.join(posixpath.dirname(listing_key), "page", str(number))


def absolute(site_url: str, path: str) -> str:
    """The full address of the site-relative ``path`` on the site published at ``site_url``."""
    return site_url.rstrip("/") + "/" + path.lstrip("/")


def relative_link(from_path: str, to_path: str) -> str:
    """A relative URL from page ``from_path`` to ``to_path`` (site-relative; pages end in '/')."""
    # Both from the root ("/"): relpath would otherwise ask the system for the working folder.
    start = "/" + from_path.strip("/")
    target = posixpath.relpath("/" + to_path.strip("/"), start)
    if to_path == "" or to_path.endswith("/"):
        target = "./" if target == "." else f"{target}/"
    return target


def content_link(portal: Portal, folder: str, path: str, lang: str) -> str:
    """The site path of ``path``, a relative link written in content from ``folder`` (no
    ``#fragment``): a page's Markdown source (``../about/index.md``) becomes that page in
    ``lang``; any other file (``../media/map.pdf``) stays that file."""
    resolved = posixpath.normpath(posixpath.join(folder, path))
    if not resolved.endswith(".md"):
        return resolved
    key, _ = page_key_and_lang(resolved)
    if key not in portal.pages:
        key = f"{key}/index"
    return portal.page_path(key, lang)


def breadcrumb_keys(key: str, routes: dict[str, Route]) -> list[str]:
    """Keys of the pages above ``key`` that exist, from the home page down (not ``key`` itself)."""
    trail = ["index"] if key != "index" else []
    parts = key.split("/")
    if parts[-1] == "index":
        parts = parts[:-1]
    for depth in range(1, len(parts)):
        candidate = "/".join(parts[:depth]) + "/index"
        if candidate in routes:
            trail.append(candidate)
    return trail


def section_pages(key: str, routes: dict[str, Route]) -> list[Route]:
    """The pages of the section whose index is ``key`` (``tourism/index``): its other pages
    and the indexes of its sub-sections, in the order of their keys; none for the home page or
    a page that is not an index. Items are listed by their listing, not here."""
    if key == "index" or not key.endswith("/index"):
        return []
    folder = key[: -len("index")]
    found = []
    for other in sorted(routes):
        route = routes[other]
        if route.kind != "page" or other == key or not other.startswith(folder):
            continue
        rest = other[len(folder) :]
        if "/" not in rest or (rest.count("/") == 1 and rest.endswith("/index")):
            found.append(route)
    return found


def source_of(route: Route, portal: Portal, lang: str) -> PageSource | None:
    """The Markdown source shown for ``route`` in ``lang`` (the Vietnamese one as a fallback)."""
    versions = sources_of(route, portal)
    return versions.get(lang) or versions.get(DEFAULT)


def sources_of(route: Route, portal: Portal) -> dict[str, PageSource]:
    """The Markdown sources of ``route``, by language (none for a page made from data alone)."""
    return portal.pages.get(route.listing or route.key, {})
