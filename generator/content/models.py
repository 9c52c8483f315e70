"""Typed models of every kind of item the portal publishes.

One YAML file per item under ``content/data/<type>/<slug>.yml``; text that readers see is
:data:`~generator.content.fields.Localized` (all six languages side by side), everything else
(dates, numbers, codes, references to other items) is written once. A reference to another
item is typed by the kind it names (:data:`~generator.content.fields.AgencyRef`,
:data:`~generator.content.fields.PlanRef`), a file by
:data:`~generator.content.fields.ContentPath`: ``load_portal`` finds every one from these types and
checks it (items in :mod:`generator.content.portal`, files in :mod:`generator.content.media`), so
no model lists its references by hand.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from generator.content.fields import (
    AgencyRef,
    ContentPath,
    Coordinates,
    Deadline,
    Email,
    Figure,
    Image,
    LangCode,
    LegalRef,
    Localized,
    MailtoOrWebUrl,
    Phone,
    Slug,
    SourceRef,
    Strict,
    TranslationRecord,
    WebUrl,
    declared_untranslated,
)
from generator.i18n.languages import DEFAULT
from generator.i18n.tool import tr


class Item(Strict):
    """Fields every item has."""

    TYPE: ClassVar[str] = ""

    slug: Slug | None = None
    title: Localized
    summary: Localized | None = None
    body: Localized | None = None
    sources: list[SourceRef] = []
    sample: bool = False
    updated: dt.date | None = None
    images: list[Image] = []
    translation: dict[LangCode, TranslationRecord] = {}
    untranslated: list[LangCode] = []
    """Languages this item is not yet translated into (``[en, zh, ja, ko, lo]`` in a draft of
    ``portal import plan``): their texts may be missing, their readers see the whole item in
    Vietnamese with a notice, ``portal i18n status`` counts them missing and ``portal i18n
    export`` offers them to translators. Any other language must have every text."""

    @model_validator(mode="wrap")
    @classmethod
    def _texts_of_declared_languages_may_be_missing(cls, data: Any, handler: Any) -> Item:
        declared = data.get("untranslated") if isinstance(data, dict) else None
        codes = [c for c in declared if isinstance(c, str)] if isinstance(declared, list) else []
        with declared_untranslated(codes):
            return handler(data)

    @field_validator("untranslated")
    @classmethod
    def _source_is_never_untranslated(cls, value: list[str]) -> list[str]:
        if DEFAULT in value:
            raise ValueError(
                tr(
                    "'{lang}' is the source language, always written — "
                    "remove it from 'untranslated'",
                    lang=DEFAULT,
                )
            )
        if len(set(value)) != len(value):
            raise ValueError(tr("a language is listed twice — list each language once"))
        return value

    def translated_into(self, code: str) -> bool:
        """Whether readers of ``code`` read this item in their own language."""
        return code not in self.untranslated

    def shown_in(self, code: str) -> str:
        """The language readers of ``code`` read this item in: theirs, or Vietnamese while it
        is declared untranslated."""
        return code if self.translated_into(code) else DEFAULT

    @model_validator(mode="after")
    def _facts_need_sources(self) -> Item:
        if not self.sample and not self.sources:
            raise ValueError(
                tr(
                    "'sources' is missing: a fact needs its source "
                    "(or mark an illustrative item with 'sample: true')"
                )
            )
        return self


# --- Plans and documents -------------------------------------------------------------------


class Signer(Strict):
    name: str
    position: Localized


class Addressee(Strict):
    """Who a task is addressed to, exactly as the document addresses it.

    ``as_written`` keeps the document's own words (Vietnamese, as found in ``original_text``);
    beside them, ``agency`` is the registry's match when the words name one agency, or ``name``
    gives the words in every language when they address a collective ("Các sở, ban, ngành
    tỉnh; UBND các huyện, thị xã, thành phố", "các cơ quan báo chí tỉnh") that is no single
    agency. The loader checks that the words occur in the document and that a named agency is
    the one they name (:mod:`generator.content.provenance`), so a lead or partner the document
    does not name cannot be entered.
    """

    as_written: str
    agency: AgencyRef | None = None
    name: Localized | None = None

    @model_validator(mode="after")
    def _agency_or_collective(self) -> Addressee:
        if (self.agency is None) == (self.name is None):
            raise ValueError(
                tr(
                    "an addressee names either one agency of the registry ('agency: <slug>') or "
                    "a collective addressee in every language ('name: {vi: …, en: …}'), not "
                    "both and not neither"
                )
            )
        return self

    @property
    def collective(self) -> bool:
        """Whether the words address a group of bodies rather than one registry agency."""
        return self.agency is None


class Stated(Strict):
    """Where a fact about a task comes from and when it was true: a status, a deadline or
    progress is shown only with both."""

    source: SourceRef
    as_of: dt.date


class TaskDeadline(Stated):
    due: Deadline


class TaskStatus(Stated):
    value: Literal["planned", "in-progress", "done", "regular"]


class TaskProgress(Stated):
    text: Localized


class Task(Strict):
    """One task of a plan: what, who the document addresses it to, and — only when a source
    states them — by when, its status and progress."""

    id: Annotated[str, Field(pattern=r"^[A-Za-z0-9.\-]+$")]
    group: Localized | None = None
    what: Localized
    lead: Addressee
    partners: list[Addressee] = []
    deadline: TaskDeadline | None = None
    reporting: Localized | None = None
    status: TaskStatus | None = None
    progress: TaskProgress | None = None
    needs_diacritics: bool = False
    """Set by ``portal import plan`` when the task's text came from OCR without diacritics."""


class Plan(Item):
    """A plan or official document (kế hoạch, công văn, quyết định …)."""

    TYPE: ClassVar[str] = "plans"

    number: str
    doc_type: Literal["plan", "decision", "official-letter", "resolution", "directive", "guidance"]
    issuer: AgencyRef
    signer: Signer | None = None
    issued: dt.date
    issued_precision: Literal["day", "year"] = "day"
    """``year`` when only the year of issue can be read (the date then only orders the plan)."""
    legal_bases: list[LegalRef] = []
    purposes: list[Localized] = []
    requirements: list[Localized] = []
    tasks: list[Task] = []
    original_text: str

    def tasks_by_addressee(self) -> list[tuple[Addressee, list[Task]]]:
        """The tasks grouped by their lead as the document words it, in the document's order."""
        groups: dict[str, tuple[Addressee, list[Task]]] = {}
        for task in self.tasks:
            groups.setdefault(task.lead.as_written, (task.lead, []))[1].append(task)
        return list(groups.values())


class AgencyEvent(Strict):
    date: dt.date
    event: Localized


class Agency(Item):
    """A state agency; plans refer to agencies by slug."""

    TYPE: ClassVar[str] = "agencies"

    abbreviation: str | None = None
    aliases: list[str] = []
    """Other Vietnamese names documents use for the agency (``Sở Thông tin và Truyền thông``
    beside the title's ``… tỉnh Hưng Yên``); a task's addressee must use one of its names."""
    level: Literal["party", "provincial", "central", "commune"] = "provincial"
    status: Literal["active", "merged", "renamed", "dissolved"] = "active"
    successor: AgencyRef | None = None
    history: list[AgencyEvent] = []
    address: Localized | None = None
    phone: Phone | None = None
    email: Email | None = None
    website: WebUrl | None = None


# --- Investment ----------------------------------------------------------------------------


class Attachment(Strict):
    title: Localized
    file: ContentPath


class Project(Item):
    """A project calling for investment."""

    TYPE: ClassVar[str] = "projects"

    code: str
    sector: Literal[
        "industry",
        "logistics",
        "urban",
        "tourism",
        "agriculture",
        "energy",
        "health",
        "education",
        "infrastructure",
        "services",
    ]
    location: Localized
    area_ha: Decimal | None = None
    capital_vnd: Annotated[int, Field(gt=0)] | None = None
    capital_usd: Annotated[int, Field(gt=0)] | None = None
    forms: list[Literal["FDI", "DDI", "PPP"]]
    schedule: Localized | None = None
    planning_basis: Localized | None = None
    status: Literal["calling", "in-preparation", "awarded"] = "calling"
    contact: AgencyRef
    attachments: list[Attachment] = []


class Distances(Strict):
    hanoi_km: Decimal | None = None
    airport_km: Decimal | None = None
    seaport_km: Decimal | None = None


class IndustrialPark(Item):
    TYPE: ClassVar[str] = "industrial-parks"

    kind: Literal["park", "cluster"] = "park"
    developer: str | None = None
    location: Localized
    total_area_ha: Decimal | None = None
    available_area_ha: Decimal | None = None
    occupancy_percent: Annotated[Decimal, Field(ge=0, le=100)] | None = None
    land_rent: Localized | None = None
    fees: Localized | None = None
    utilities: list[Localized] = []
    target_industries: list[Localized] = []
    distances: Distances | None = None
    website: WebUrl | None = None
    coordinates: Coordinates | None = None
    as_of: dt.date | None = None


class Incentive(Item):
    TYPE: ClassVar[str] = "incentives"

    level: Literal["national", "provincial"]
    legal_bases: list[LegalRef] = []
    beneficiaries: Localized
    benefit: Localized
    validity: Localized | None = None
    authority: AgencyRef


class Procedure(Item):
    TYPE: ClassVar[str] = "procedures"

    legal_bases: list[LegalRef] = []
    authority: AgencyRef
    steps: list[Localized]
    documents: list[Localized] = []
    processing_time: Localized
    fees: Localized | None = None
    online_service: WebUrl | None = None


# --- Culture and tourism -------------------------------------------------------------------


class Attraction(Item):
    TYPE: ClassVar[str] = "attractions"

    kind: Literal[
        "temple",
        "pagoda",
        "communal-house",
        "relic-complex",
        "museum",
        "craft-village",
        "nature",
        "memorial",
        "church",
        "beach",
    ]
    ranking: Literal["special-national", "national", "provincial", "unesco", "none"] = "none"
    address: Localized
    coordinates: Coordinates | None = None
    opening_hours: Localized | None = None
    fees: Localized | None = None
    access: Localized | None = None


class LunarDate(Strict):
    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=30)]


class Event(Item):
    """A festival or event, on a lunar and/or solar date."""

    TYPE: ClassVar[str] = "events"

    lunar: LunarDate | None = None
    lunar_end: LunarDate | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    recurrence: Literal["annual", "once"] = "annual"
    venue: Localized
    organiser: Localized | None = None
    heritage: Localized | None = None

    @model_validator(mode="after")
    def _needs_a_date(self) -> Event:
        if self.lunar is None and self.start is None:
            raise ValueError(tr("an event needs 'lunar' (month, day) or 'start' (a date)"))
        return self


class Product(Item):
    TYPE: ClassVar[str] = "products"

    kind: Literal["specialty", "dish", "craft"]
    region: Localized
    ocop_stars: Annotated[int, Field(ge=3, le=5)] | None = None
    season: Localized | None = None


# --- News and relations --------------------------------------------------------------------


class PartnerRef(Strict):
    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    locality: Localized | None = None


class News(Item):
    TYPE: ClassVar[str] = "news"

    date: dt.date
    category: Literal["foreign-affairs", "investment", "culture", "tourism", "overseas-vietnamese"]
    partners: list[PartnerRef] = []


class Partner(Item):
    """A partner locality or international relation."""

    TYPE: ClassVar[str] = "partners"

    country: Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
    relation: Literal["friendship", "cooperation-agreement", "memorandum", "sister-city"]
    signed: dt.date | None = None
    areas: list[Localized] = []


class Clarification(Item):
    """Information that counters a false report: the claim, the facts, the source."""

    TYPE: ClassVar[str] = "clarifications"

    date: dt.date
    claim: Localized
    facts: Localized


class Subtitle(Strict):
    lang: LangCode
    file: ContentPath


PrintShows = Literal[
    "figures",
    "page",
    "industrial-parks",
    "incentives",
    "procedures",
    "projects",
    "contacts",
    "attractions",
    "events",
    "products",
]
"""What a printed section can show: the site's key figures, a page's text, or a kind of item."""


class PrintSection(Strict):
    """One section of a printed publication, in the order the edition lists it."""

    show: PrintShows
    page: str | None = None
    """The page (key, e.g. ``about/geography``) whose text a ``page`` section prints; for any
    section, the page its QR code and web link lead to (default: the list of its items)."""
    title: Localized | None = None
    """The section's heading (default: the title of the page it leads to)."""
    audience: list[Literal["investors", "visitors", "press", "overseas-vietnamese"]] = []
    """For ``contacts``: only the contacts for these readers (default: all)."""
    samples: Literal["label", "exclude"] = "label"
    """Illustrative items (``sample: true``) printed with the label "Sample", or left out."""
    limit: Annotated[int, Field(ge=1)] | None = None
    """At most this many items (a leaflet's panel has room for a few)."""

    @model_validator(mode="after")
    def _page_section_names_its_page(self) -> PrintSection:
        if self.show == "page" and not self.page:
            raise ValueError(tr("a section that shows 'page' needs 'page' (e.g. about/geography)"))
        return self


class PrintEdition(Strict):
    """The PDF edition of a publication, made from the portal's own data in every language.

    The edition date is the publication's ``date``; the PDFs are named ``<file>-<lang>.pdf``
    and published beside the publication's page in each language.
    """

    file: Slug
    layout: Literal["booklet", "leaflet"] = "booklet"
    """``booklet``: A4 portrait with cover and table of contents; ``leaflet``: a tri-fold,
    A4 landscape, six panels on two sides."""
    order: int = 0
    """Where the edition comes in lists of PDFs (smallest first)."""
    cover: Image | None = None
    sections: Annotated[list[PrintSection], Field(min_length=1)]


class Publication(Item):
    TYPE: ClassVar[str] = "publications"

    kind: Literal["brochure", "bulletin", "album", "video"]
    date: dt.date
    file: ContentPath | None = None
    poster: Image | None = None
    subtitles: list[Subtitle] = []
    printed: PrintEdition | None = None
    """Made by the portal as PDFs in six languages (:mod:`generator.publications`)."""


class Contact(Item):
    TYPE: ClassVar[str] = "contacts"

    audience: list[Literal["investors", "visitors", "press", "overseas-vietnamese"]]
    agency: AgencyRef | None = None
    address: Localized
    phone: Phone | None = None
    email: Email | None = None
    hours: Localized | None = None


class Faq(Item):
    """A question an investor or visitor asks; ``title`` is the question, ``body`` the answer."""

    TYPE: ClassVar[str] = "faq"

    audience: Literal["investors", "visitors"]
    topic: Literal["visa", "work-permit", "investment", "travel", "residence", "business"]


ITEM_TYPES: dict[str, type[Item]] = {
    model.TYPE: model
    for model in (
        Plan,
        Agency,
        Project,
        IndustrialPark,
        Incentive,
        Procedure,
        Attraction,
        Event,
        Product,
        News,
        Partner,
        Clarification,
        Publication,
        Contact,
        Faq,
    )
}


# --- The site itself -----------------------------------------------------------------------


class MenuEntry(Strict):
    title: Localized
    path: str


class Door(Strict):
    title: Localized
    text: Localized
    path: str
    icon: str


class PartnerLink(Strict):
    title: Localized
    url: WebUrl


class Masthead(Strict):
    """What Vietnamese state sites must show: agency in charge, who answers for it, licence."""

    agency: Localized
    responsible: Localized
    licence: Localized
    address: Localized
    phone: Phone | None = None
    email: Email
    sample: bool = False


HexColour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")]


class Colours(Strict):
    """The theme's colours (``#rrggbb``): each portal sets its own here, not in the theme."""

    primary: HexColour = "#a4161a"
    """The header, buttons and headings' accents."""
    primary_dark: HexColour = "#7a0f12"
    accent: HexColour = "#f2c14e"
    """The tagline and highlights on the primary colour."""


class Site(Strict):
    """``content/site.yml``: the province, its menu, masthead and home page blocks."""

    province: Localized
    tagline: Localized
    emblem: ContentPath
    colours: Colours = Colours()
    hero: Image
    share_image: Image | None = None
    """The picture social networks show for pages that have none of their own (JPEG or PNG)."""
    menu: list[MenuEntry]
    doors: list[Door]
    figures: list[Figure] = []
    partner_links: list[PartnerLink] = []
    masthead: Masthead
    report_problem: MailtoOrWebUrl
    legal_pages: list[str] = []
    sources: list[SourceRef] = []
