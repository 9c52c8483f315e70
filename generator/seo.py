"""Search-engine output written once all languages are built: one sitemap with the alternates of
every page and its images, and robots.txt pointing at it. Only real translations are listed:
a page that falls back to Vietnamese is neither an alternate nor a sitemap entry."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from generator.content.fields import Image, typed_values
from generator.content.portal import Portal
from generator.i18n.languages import BY_CODE, DEFAULT
from generator.routes import Route, absolute


@dataclass(frozen=True)
class SitemapImage:
    loc: str
    caption: str


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None
    alternates: list[tuple[str, str]]  # (hreflang, absolute URL), x-default included
    images: list[SitemapImage]


def _images_of(route: Route, portal: Portal) -> list[Image]:
    if route.item is not None:  # every field typed Image: images, a publication's poster …
        return [image for _, image in typed_values(route.item.model, Image)]
    if route.key == "index":
        return [portal.site.hero]
    return []


def sitemap_entries(portal: Portal, routes: dict[str, Route], site_url: str) -> list[SitemapEntry]:
    entries = []
    for route in routes.values():
        if route.kind == "not-found":
            continue
        alternates = [(BY_CODE[c].tag, absolute(site_url, route.path(c))) for c in route.translated]
        if DEFAULT in route.translated:
            alternates.append(("x-default", absolute(site_url, route.path(DEFAULT))))
        updated = _updated(route, portal)
        for code in route.translated:
            images = [
                SitemapImage(absolute(site_url, image.src), (image.caption or image.alt)[code])
                for image in _images_of(route, portal)
            ]
            entries.append(
                SitemapEntry(absolute(site_url, route.path(code)), updated, alternates, images)
            )
    return entries


def _updated(route: Route, portal: Portal) -> str | None:
    if route.item is not None:
        when = route.item.model.updated or portal.last_changed(route.item.path)
    else:
        source = portal.pages[route.listing or route.key][DEFAULT]
        when = source.meta.updated or portal.last_changed(source.path)
    return when.isoformat() if when else None


def write_search_engine_files(
    env: Environment,
    portal: Portal,
    routes: dict[str, Route],
    site_url: str,
    site_dir: Path,
    extra: Iterable[SitemapEntry] = (),
) -> None:
    """Write ``sitemap.xml`` and ``robots.txt`` at the root of ``site_dir`` (``extra``: files
    that are not pages, such as the publications' PDFs)."""
    entries = sitemap_entries(portal, routes, site_url) + list(extra)
    sitemap = env.get_template("seo/sitemap.xml").render(entries=entries)
    (site_dir / "sitemap.xml").write_text(sitemap, encoding="utf-8")
    robots = env.get_template("seo/robots.txt").render(sitemap=absolute(site_url, "sitemap.xml"))
    (site_dir / "robots.txt").write_text(robots, encoding="utf-8")
