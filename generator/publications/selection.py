"""What one printed publication shows in one language: its sections, their items, figures and
texts, the web page each section leads to, and the sources printed as endnotes.

A section takes only the items of its kind, so an edit to an industrial park changes the
investment profile's HTML and no other publication's (:mod:`.editions` hashes the HTML).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import typing
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.content.fields import Figure, Source
from generator.content.loader import LoadedItem
from generator.content.markdown_refs import is_external
from generator.content.models import Contact, Event, PrintSection, PrintShows, Publication
from generator.content.pages import PageSource
from generator.content.portal import Portal
from generator.i18n.languages import DEFAULT, Language
from generator.markdown import converter
from generator.markdown.links import LinkRewriter
from generator.markdown.sanitize import sanitize
from generator.publications.pictures import PageImages, PrintImages
from generator.routes import Route, absolute, content_link, source_of, sources_of
from generator.upcoming import next_occurrence

ITEM_SECTIONS = frozenset(typing.get_args(PrintShows)) - {"figures", "page"}
"""Sections that show items of the kind they name: every choice of ``shows`` but the key figures
and a page's text."""


@dataclass
class Endnotes:
    """The sources of one publication, numbered in the order the text first cites them."""

    sources: list[Source] = field(default_factory=list)

    def cite(self, sources: list[Source]) -> list[int]:
        """The numbers of ``sources`` (1-based), each source numbered once per publication."""
        numbers = []
        for source in sources:
            if source not in self.sources:
                self.sources.append(source)
            numbers.append(self.sources.index(source) + 1)
        return numbers


@dataclass(frozen=True)
class PrintedItem:
    """An item as a section prints it: the item, its notes and, for a festival, its next dates."""

    loaded: LoadedItem
    notes: list[int]
    next_dates: tuple[dt.date, dt.date | None] | None = None

    @property
    def model(self):
        return self.loaded.model


@dataclass(frozen=True)
class PrintedFigure:
    figure: Figure
    note: int


@dataclass
class PrintedSection:
    """One section in one language."""

    spec: PrintSection
    anchor: str
    title: str
    web_url: str
    """The section's page on the portal in the same language (its QR code and link)."""
    items: list[PrintedItem] = field(default_factory=list)
    figures: list[PrintedFigure] = field(default_factory=list)
    text: Markup | None = None
    text_lang: str | None = None
    """The language of ``text`` when it is the Vietnamese page shown for a missing one."""
    notes: list[int] = field(default_factory=list)


@dataclass
class PrintDocument:
    """Everything one PDF shows: a publication's edition in one language."""

    publication: LoadedItem
    lang: Language
    title: str
    file_name: str
    web_url: str
    """The publication's page on the portal in this language."""
    sections: list[PrintedSection]
    endnotes: list[Source]

    @property
    def edition(self) -> Publication:
        model = self.publication.model
        assert isinstance(model, Publication)
        return model


def printed_publications(portal: Portal) -> list[LoadedItem]:
    """The publications that have a PDF edition, in the order of their ``printed.order``."""
    found = [
        loaded
        for loaded in portal.items.get(Publication.TYPE, {}).values()
        if isinstance(loaded.model, Publication) and loaded.model.printed is not None
    ]
    return sorted(found, key=lambda loaded: (loaded.model.printed.order, loaded.slug))


def printed_pages(portal: Portal, routes: dict[str, Route]) -> list[PageSource]:
    """Every page whose text a publication prints (its ``page`` sections), in every language
    the portal has it in: the only pages whose body reaches a PDF."""
    found = []
    for publication in printed_publications(portal):
        for spec in publication.model.printed.sections:
            if spec.show != "page" or not spec.page or spec.page not in routes:
                continue
            versions = sources_of(routes[spec.page], portal)
            found += [versions[code] for code in sorted(versions)]
    return found


def pdf_name(publication: LoadedItem, code: str) -> str:
    """The file name of the PDF of ``publication`` in language ``code``."""
    return f"{publication.model.printed.file}-{code}.pdf"


def pdf_path(portal: Portal, publication: LoadedItem, code: str) -> str:
    """Where the PDF is published: beside the publication's page in that language."""
    return portal.item_path(publication.type, publication.slug, code) + pdf_name(publication, code)


def select(
    portal: Portal,
    routes: dict[str, Route],
    publication: LoadedItem,
    lang: Language,
    site_url: str,
    today: dt.date,
    pictures: PrintImages | None = None,
) -> PrintDocument:
    """The content of ``publication``'s PDF in ``lang``.

    Args:
        portal: the loaded content.
        routes: every page of the site (titles of the pages sections lead to).
        publication: a publication item with a ``printed`` edition.
        lang: the language of the PDF.
        site_url: the portal's address, for the links and QR codes.
        today: decides the festivals' next dates.
        pictures: where the images of page texts are (default: the content's own files).

    Raises:
        ContentError: an image of a printed page names no published file (at its line).
    """
    model = publication.model
    pictures = pictures or PrintImages(portal.root)
    assert isinstance(model, Publication) and model.printed is not None
    code = lang.code
    notes = Endnotes()
    sections = []
    for index, spec in enumerate(model.printed.sections, start=1):
        section = _section(portal, routes, spec, lang, site_url, today, notes, pictures)
        section.anchor = f"section-{index}"
        sections.append(section)
    return PrintDocument(
        publication=publication,
        lang=lang,
        title=model.title[code],
        file_name=pdf_name(publication, code),
        web_url=absolute(site_url, portal.item_path(publication.type, publication.slug, code)),
        sections=sections,
        endnotes=notes.sources,
    )


def section_page(portal: Portal, spec: PrintSection) -> str:
    """The page key a section leads to: its ``page``, else the list of its items, else home."""
    if spec.page:
        return spec.page
    if spec.show in ITEM_SECTIONS:
        return portal.listing_pages[spec.show]
    return "index"


def _section(
    portal: Portal,
    routes: dict[str, Route],
    spec: PrintSection,
    lang: Language,
    site_url: str,
    today: dt.date,
    notes: Endnotes,
    pictures: PrintImages,
) -> PrintedSection:
    code = lang.code
    key = section_page(portal, spec)
    route = routes[key]
    source = source_of(route, portal, code)
    title = spec.title[code] if spec.title else (source.meta.title if source else key)
    section = PrintedSection(spec, "", title, absolute(site_url, route.path(code)))
    if spec.show == "figures":
        section.figures = [
            PrintedFigure(figure, notes.cite([figure.source])[0]) for figure in portal.site.figures
        ]
    elif spec.show == "page" and source is not None:
        section.text = _page_text(portal, source, code, site_url, pictures)
        section.text_lang = source.lang if source.lang != code else None
        section.notes = notes.cite(source.meta.sources or portal.pages[key][DEFAULT].meta.sources)
    elif spec.show in ITEM_SECTIONS:
        for loaded in _items(portal, spec, today):
            next_dates = (
                next_occurrence(loaded.model, today) if isinstance(loaded.model, Event) else None
            )
            section.items.append(PrintedItem(loaded, notes.cite(loaded.model.sources), next_dates))
    return section


def _items(portal: Portal, spec: PrintSection, today: dt.date) -> list[LoadedItem]:
    """The items a section prints, in the order readers meet them on the portal."""
    items = list(portal.items.get(spec.show, {}).values())
    if spec.samples == "exclude":
        items = [loaded for loaded in items if not loaded.model.sample]
    if spec.audience:
        items = [
            loaded
            for loaded in items
            if isinstance(loaded.model, Contact) and set(loaded.model.audience) & set(spec.audience)
        ]
    if spec.show == "events":
        far = dt.date.max

        def when(loaded: LoadedItem) -> dt.date:
            dates = next_occurrence(loaded.model, today)
            return dates[0] if dates else far

        items.sort(key=lambda loaded: (when(loaded), loaded.slug))
    else:
        # Official records first, samples after them; then by name, as the lists show them.
        items.sort(key=lambda loaded: (loaded.model.sample, loaded.slug))
    return items[: spec.limit] if spec.limit else items


def _page_text(
    portal: Portal, source: PageSource, code: str, site_url: str, pictures: PrintImages
) -> Markup:
    """A page's Markdown as HTML for print: headings from h3, links absolute (a PDF has no
    relative address), images the files the PDF embeds with the editor's alt text
    (:mod:`.pictures`), sanitized like every editor's text."""
    folder = posixpath.dirname(source.src_uri)

    def resolve(target: str) -> str:
        if not target or target.startswith("#") or is_external(target):
            return target
        if target.startswith("/"):
            return absolute(site_url, target)
        path, hash_sign, fragment = target.partition("#")
        return absolute(site_url, content_link(portal, folder, path, code)) + hash_sign + fragment

    images = PageImages(pictures, source, {})
    md = converter(nested=True, extra=(LinkRewriter(resolve, images.resolve),))
    return Markup(images.embed(sanitize(md.convert(source.body))))
