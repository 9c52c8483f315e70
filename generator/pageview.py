"""What the layout needs to know about one page in one language: where its other language
versions are, its breadcrumb, its dates and sources, whether it falls back to Vietnamese, and
whether its translation is out of date or machine-made."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from generator.content.fields import Source
from generator.content.portal import Portal
from generator.i18n.freshness import TranslationState, item_state, page_state
from generator.i18n.languages import BY_CODE, DEFAULT, LANGUAGES, Language
from generator.routes import Route, breadcrumb_keys, section_pages, source_of


@dataclass(frozen=True)
class Alternate:
    lang: Language
    path: str
    translated: bool
    current: bool


@dataclass(frozen=True)
class Crumb:
    title: str
    path: str


@dataclass(frozen=True)
class SectionPage:
    """A page of a section, as its index lists it; ``fallback_tag``: the language tag of its
    title when the page is not translated into the reader's language (None when it is)."""

    title: str
    path: str
    fallback_tag: str | None


@dataclass
class PageView:
    route: Route
    lang: Language
    title: str
    alternates: list[Alternate]
    breadcrumb: list[Crumb]
    updated: dt.date | None
    sources: list[Source] = field(default_factory=list)
    fallback_from: str | None = None
    sample: bool = False
    description: str | None = None
    translation: TranslationState | None = None
    """How this translation compares with its Vietnamese source (None in Vietnamese and when
    the page falls back to Vietnamese)."""
    section: list[SectionPage] = field(default_factory=list)
    """On a section's index: the section's pages, so a new page is linked without an edit."""

    @property
    def path(self) -> str:
        return self.route.path(self.lang.code)

    @property
    def translations(self) -> list[Alternate]:
        """The language versions that really exist (hreflang and the sitemap use only these)."""
        return [alt for alt in self.alternates if alt.translated]


def title_of(route: Route, portal: Portal, code: str) -> str:
    if route.item is not None:
        model = route.item.model
        return model.title[model.shown_in(code)]
    source = source_of(route, portal, code)
    return source.meta.title if source else route.key


def page_view(
    route: Route, portal: Portal, routes: dict[str, Route], lang: Language, title: str = ""
) -> PageView:
    """Describe ``route`` as shown in ``lang`` (``title`` names pages that have no source)."""
    code = lang.code
    alternates = [
        Alternate(other, route.path(other.code), route.is_translated(other.code), other == lang)
        for other in LANGUAGES
    ]
    crumbs = [
        Crumb(title_of(routes[key], portal, code), routes[key].path(code))
        for key in breadcrumb_keys(route.key, routes)
    ]
    if route.item is not None:
        model = route.item.model
        shown = model.shown_in(code)
        return PageView(
            route,
            lang,
            model.title[shown],
            alternates,
            crumbs,
            model.updated or portal.last_changed(route.item.path),
            list(model.sources),
            fallback_from=None if shown == code else shown,
            sample=model.sample,
            description=(model.summary or {}).get(shown),
            translation=None if DEFAULT in (code, shown) else item_state(route.item, code),
        )
    source = source_of(route, portal, code)
    if source is None:
        return PageView(route, lang, title, alternates, crumbs, None)
    fallback = None if route.is_translated(code) else source.lang
    translated = code != DEFAULT and fallback is None
    return PageView(
        route,
        lang,
        source.meta.title,
        alternates,
        crumbs,
        source.meta.updated or portal.last_changed(source.path),
        list(source.meta.sources),
        fallback_from=fallback,
        description=source.meta.description,
        translation=page_state(portal, route.listing or route.key, code) if translated else None,
        section=[
            SectionPage(
                title_of(page, portal, code),
                page.path(code),
                None if page.is_translated(code) else BY_CODE[DEFAULT].tag,
            )
            for page in section_pages(route.key, routes)
        ],
    )
