"""Field types shared by the content models: text in six languages, addresses, paths, sources.

Every value an editor writes that ends up in an ``href`` or ``src`` is typed here, once:
:data:`WebUrl`, :data:`MailtoOrWebUrl`, :data:`Email`, :data:`Phone` and :data:`ContentPath`.
A value of the wrong form is refused with what is wrong and how to write it (the text after
`` — `` in a validator's message is the fix the editor reads).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal
from functools import partial
from typing import Annotated, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    TypeAdapter,
    ValidationError,
)

from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.tool import tr

T = TypeVar("T")

LangCode = Literal[CODES]  # type: ignore[valid-type]
"""A code of one of the portal's languages (:data:`generator.i18n.languages.CODES`)."""


class Strict(BaseModel):
    """Base of every content model: unknown fields are errors, values are immutable, and no
    text is empty (an empty ``title: ""`` left by ``portal new`` is never a value)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=True, str_min_length=1
    )


_UNTRANSLATED: ContextVar[frozenset[str] | None] = ContextVar("untranslated", default=None)
"""While an item is validated: the languages it declares not yet translated (``untranslated:``);
None outside an item (``site.yml``), where every text needs every language."""


@contextmanager
def declared_untranslated(codes: Iterable[str]) -> Iterator[None]:
    """Validate the texts of one item knowing which languages it declares not yet translated:
    their texts may be missing. Nothing else may be; Vietnamese, the source, never is."""
    token = _UNTRANSLATED.set(frozenset(code for code in codes if code != DEFAULT))
    try:
        yield
    finally:
        _UNTRANSLATED.reset(token)


def _missing_translation(missing: list[str]) -> str:
    names = ", ".join(missing)
    declared = _UNTRANSLATED.get()
    if declared is None or DEFAULT in missing:
        return tr(
            "missing translation: {languages} — give the text in every language under this field",
            languages=names,
        )
    return tr(
        "missing translation: {languages} — give the text, or, while the item is not yet "
        "translated, list the language under the item's 'untranslated:' (its readers then "
        "see the Vietnamese with a notice)",
        languages=names,
    )


def _check_languages(value: object) -> object:
    if isinstance(value, str):
        raise ValueError(
            tr(
                "this text must be given in every language, as a mapping ({languages})",
                languages=", ".join(f"{c}: …" for c in CODES),
            )
        )
    if isinstance(value, dict):
        unknown = [k for k in value if k not in CODES]
        if unknown:
            raise ValueError(
                tr(
                    "language code '{lang}' is not one of the portal's languages ({codes})",
                    lang=unknown[0],
                    codes=", ".join(CODES),
                )
            )
        declared = _UNTRANSLATED.get() or frozenset()
        missing = [c for c in CODES if not str(value.get(c) or "").strip() and c not in declared]
        if missing:
            raise ValueError(_missing_translation(missing))
    return value


Localized = Annotated[dict[LangCode, str], BeforeValidator(_check_languages)]
"""Text in every language of the portal: ``{vi: …, en: …, zh: …, ja: …, ko: …, lo: …}``. In an
item that lists languages under ``untranslated:``, the text of those languages may be missing
(:func:`declared_untranslated`); readers of those languages see the whole item in Vietnamese."""

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
"""What an item's file name and every reference to an item look like: lowercase ASCII words
joined by single hyphens."""

Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
"""A lowercase ASCII identifier used in URLs and references (``so-ngoai-vu``)."""


class ItemRef(str):
    """A slug naming another item, as validated by a field typed :data:`AgencyRef` or
    :data:`PlanRef`: it knows the kind of item it names. :func:`typed_values` finds every one
    in a model; the loader checks that each names an existing item."""

    kind: str

    @classmethod
    def to(cls, kind: str, slug: str) -> ItemRef:
        ref = cls(slug)
        ref.kind = kind
        return ref


def _ref_to(kind: str):
    return Annotated[str, Field(pattern=SLUG_PATTERN), AfterValidator(partial(ItemRef.to, kind))]


AgencyRef = _ref_to("agencies")
"""The slug of an agency (``content/data/agencies/<slug>.yml``)."""

PlanRef = _ref_to("plans")
"""The slug of a plan or document (``content/data/plans/<slug>.yml``)."""


def typed_values(value: object, kind: type[T], loc: tuple = ()) -> Iterator[tuple[tuple, T]]:
    """Every value of type ``kind`` inside ``value`` (a model, list or mapping), with its field
    path (``("tasks", 0, "lead")``). References and media are declared once, by the type of
    their field; this is how the checks, the image pipeline and the sitemap find them."""
    if isinstance(value, kind):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from typed_values(getattr(value, name), kind, (*loc, name))
    elif isinstance(value, (list, tuple)):
        for i, element in enumerate(value):
            yield from typed_values(element, kind, (*loc, i))
    elif isinstance(value, dict):
        for key, element in value.items():
            yield from typed_values(element, kind, (*loc, key))


# --- dates -----------------------------------------------------------------------------------

PROVINCE_TIME = dt.timezone(dt.timedelta(hours=7))
"""The province's clock: Vietnamese time, UTC+7, no daylight saving. A date written in content
is a day on this clock (news are published, plans issued, festivals held on Vietnamese time)."""


def province_midnight(day: dt.date) -> dt.datetime:
    """The moment ``day`` begins in the province (``2026-01-15T00:00:00+07:00``)."""
    return dt.datetime.combine(day, dt.time(), PROVINCE_TIME)


# --- addresses and paths ---------------------------------------------------------------------

# Browsers drop tabs and line breaks inside a URL and read a backslash as a slash, so
# "java\tscript:" or "https:\\evil" mean something else to them than to a reader of the YAML.
_UNSAFE_CHARACTER = re.compile(r"[\x00-\x20\x7f-\x9f\\]")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_EMAIL = re.compile(
    r"^[A-Za-z0-9._%+\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)+$"
)
_MAILTO_QUERY = re.compile(r"^[A-Za-z0-9%._~=&+\-]*$")
_PHONE = re.compile(r"^\+?[0-9 ().\-]+$")
_HTTP_URL = TypeAdapter(HttpUrl)


def _web_example() -> str:
    return tr("write the full address, e.g. https://hungyen.gov.vn/")


def _check_characters(value: str, fix: str) -> None:
    bad = _UNSAFE_CHARACTER.search(value)
    if bad is None:
        return
    if bad.group() == "\\":
        raise ValueError(tr("{value!r} contains a backslash — {fix}", value=value, fix=fix))
    raise ValueError(
        tr(
            "{value!r} contains a space, line break or control character — {fix}",
            value=value,
            fix=fix,
        )
    )


def _web_url(value: str) -> str:
    """An absolute http(s) address with a host, normalised as browsers read it."""
    _check_characters(value, tr("write the address without spaces (a space is %20)"))
    if value.startswith("//"):
        raise ValueError(
            tr(
                "{value!r} has no scheme (protocol-relative) — {fix}",
                value=value,
                fix=_web_example(),
            )
        )
    scheme = _SCHEME.match(value)
    if scheme is None:
        raise ValueError(
            tr("{value!r} is not a full web address — {fix}", value=value, fix=_web_example())
        )
    if scheme.group(1).lower() not in ("http", "https"):
        raise ValueError(
            tr(
                "'{scheme}:' addresses are not allowed here, only http:// and https:// — {fix}",
                scheme=scheme.group(1),
                fix=_web_example(),
            )
        )
    parts = urlsplit(value)
    if not value[len(scheme.group(0)) :].startswith("//") or not parts.hostname:
        raise ValueError(tr("{value!r} names no host — {fix}", value=value, fix=_web_example()))
    if "@" in parts.netloc:
        raise ValueError(
            tr(
                "{value!r} hides its real host behind a user name and '@' — "
                "write the address without the part before '@'",
                value=value,
            )
        )
    try:
        return str(_HTTP_URL.validate_python(value))
    except ValidationError:
        raise ValueError(
            tr("{value!r} is not a valid web address — {fix}", value=value, fix=_web_example())
        ) from None


def _email(value: str) -> str:
    if value.lower().startswith("mailto:"):
        raise ValueError(
            tr(
                "{value!r} starts with 'mailto:' — write the address alone; the site makes the "
                "link",
                value=value,
            )
        )
    _check_characters(value, tr("write the address alone, e.g. contact@hungyen.gov.vn"))
    if not _EMAIL.match(value):
        raise ValueError(
            tr(
                "{value!r} is not an e-mail address — write it as name@domain, "
                "e.g. contact@hungyen.gov.vn",
                value=value,
            )
        )
    return value


def _mailto_or_web_url(value: str) -> str:
    """``mailto:address[?subject=…]`` or an http(s) address."""
    if not value.lower().startswith("mailto:"):
        scheme = _SCHEME.match(value)
        if scheme and scheme.group(1).lower() not in ("http", "https"):
            raise ValueError(
                tr(
                    "'{scheme}:' addresses are not allowed here — "
                    "write mailto:name@domain or an https:// address",
                    scheme=scheme.group(1),
                )
            )
        return _web_url(value)
    _check_characters(value, tr("write a space in the subject as %20"))
    address, _, query = value[len("mailto:") :].partition("?")
    if not _EMAIL.match(address):
        raise ValueError(
            tr(
                "{value!r}: '{address}' is not an e-mail address — write mailto:name@domain",
                value=value,
                address=address,
            )
        )
    if not _MAILTO_QUERY.match(query):
        raise ValueError(
            tr(
                "{value!r}: the part after '?' holds characters a link may not carry — "
                "percent-encode it, e.g. ?subject=Report%20a%20problem",
                value=value,
            )
        )
    return "mailto:" + value[len("mailto:") :]


def _phone(value: str) -> str:
    digits = sum(c.isdigit() for c in value)
    if not _PHONE.match(value) or digits < 3 or len(value) > 32:
        raise ValueError(
            tr(
                "{value!r} is not a telephone number — write digits, spaces, +, -, dots and "
                "parentheses only, e.g. +84 221 3862 000",
                value=value,
            )
        )
    return value


_URL_SCHEMA = {"format": "uri", "minLength": 1, "maxLength": 2083}  # as pydantic's HttpUrl

WebUrl = Annotated[str, AfterValidator(_web_url), Field(json_schema_extra=_URL_SCHEMA)]
"""An ``http://`` or ``https://`` address with a host (never ``javascript:``, ``//host`` …)."""

MailtoOrWebUrl = Annotated[
    str, AfterValidator(_mailto_or_web_url), Field(json_schema_extra=_URL_SCHEMA)
]
"""Where a contact is meant: ``mailto:name@domain`` (with an optional ``?subject=…``) or a
:data:`WebUrl`."""

Email = Annotated[str, AfterValidator(_email), Field(json_schema_extra={"format": "email"})]
"""A plain e-mail address (``name@domain``); templates make the ``mailto:`` link."""

Phone = Annotated[str, AfterValidator(_phone)]
"""A telephone number: digits, spaces, ``+``, ``-``, dots and parentheses."""


class ContentFile(str):
    """A path of a file in ``content/`` as an editor wrote it, already checked by
    :data:`ContentPath`; :func:`generator.content.media.file_refs` finds every one in a model."""

    __slots__ = ()


def _path_example() -> str:
    return tr("write the path relative to content/, e.g. media/pho-hien.jpg")


def _content_path(value: str) -> ContentFile:
    """A relative path that cannot leave ``content/`` whatever folder it is read from."""
    if not value:
        raise ValueError(tr("the path is empty — {fix}", fix=_path_example()))
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ValueError(
            tr("{value!r} contains a control character — {fix}", value=value, fix=_path_example())
        )
    if "\\" in value:
        raise ValueError(
            tr("{value!r} contains a backslash — write / between folders", value=value)
        )
    if ":" in value:
        raise ValueError(
            tr(
                "{value!r} is an address or a drive, not a path — {fix}",
                value=value,
                fix=_path_example(),
            )
        )
    if value.startswith("/"):
        raise ValueError(
            tr("{value!r} is an absolute path — {fix}", value=value, fix=_path_example())
        )
    if "?" in value or "#" in value:
        raise ValueError(
            tr(
                "{value!r} has '?' or '#', which a file path has not — {fix}",
                value=value,
                fix=_path_example(),
            )
        )
    for segment in value.split("/"):
        if segment in ("", ".", ".."):
            raise ValueError(
                tr(
                    "{value!r} has an empty, '.' or '..' part — {fix} (no '..')",
                    value=value,
                    fix=_path_example(),
                )
            )
        if segment.startswith("."):
            raise ValueError(
                tr(
                    "{value!r} names a hidden file or folder, which is never published — "
                    "rename it without the leading dot",
                    value=value,
                )
            )
    return ContentFile(value)


ContentPath = Annotated[str, AfterValidator(_content_path)]
"""A file of ``content/`` named relative to it (``media/hero.jpg``): no absolute path, no
``..``, no backslash, no scheme, no hidden or control character. Where it leads (a published
file, no symbolic link on the way) is checked by :func:`generator.content.media.resolve_file`."""


class Source(Strict):
    """Where a fact comes from."""

    title: str
    url: WebUrl | None = None
    publisher: str | None = None
    date: dt.date | None = None


def _source_from_text(value: object) -> object:
    return {"title": value} if isinstance(value, str) else value


SourceRef = Annotated[Source, BeforeValidator(_source_from_text)]


class Figure(Strict):
    """A key figure of the province, true as of a date, with its source."""

    label: Localized
    value: Decimal
    unit: Literal["km2", "ha", "people", "percent", "usd", "vnd", "count", "km"]
    as_of: dt.date
    source: SourceRef


class Image(Strict):
    """An image in ``content/media``; alt text is required in every language."""

    src: ContentPath
    alt: Localized
    caption: Localized | None = None
    credit: str | None = None
    illustration: bool = False


class Coordinates(Strict):
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]


class LegalRef(Strict):
    """A legal basis: another document, linked when it is on the site (``plan``)."""

    number: str
    title: Localized
    date: dt.date | None = None
    plan: PlanRef | None = None


_QUARTER = re.compile(r"^Q[1-4]/\d{4}$")
_MONTH = re.compile(r"^(0?[1-9]|1[0-2])/\d{4}$")


def _check_deadline(value: str) -> str:
    if value in ("regular", "annual", "ongoing"):
        return value
    if _QUARTER.match(value) or _MONTH.match(value):
        return value
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            tr(
                "'{value}' is not a deadline: write a date (2024-06-30), a quarter (Q3/2024), "
                "a month (6/2024), 'annual', 'ongoing' or 'regular'",
                value=value,
            )
        ) from None
    return value


Deadline = Annotated[str, BeforeValidator(str), AfterValidator(_check_deadline)]


class TranslationRecord(Strict):
    """How a translation was made and which version of the Vietnamese source it translates."""

    source: Annotated[str, Field(pattern=r"^[0-9a-f]{8,64}$")] | None = None
    by: Literal["human", "machine", "reviewed"] = "human"
