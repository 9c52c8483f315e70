"""Field types shared by the content models: text in six languages, sources, figures, images."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
)

from generator.i18n.languages import CODES

LangCode = Literal["vi", "en", "zh", "ja", "ko", "lo"]


class Strict(BaseModel):
    """Base of every content model: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _check_languages(value: object) -> object:
    if isinstance(value, str):
        raise ValueError(
            "this text must be given in every language, as a mapping "
            f"({', '.join(f'{c}: …' for c in CODES)})"
        )
    if isinstance(value, dict):
        unknown = [k for k in value if k not in CODES]
        if unknown:
            raise ValueError(
                f"language code '{unknown[0]}' is not one of the portal's languages "
                f"({', '.join(CODES)})"
            )
        missing = [c for c in CODES if not str(value.get(c) or "").strip()]
        if missing:
            raise ValueError(f"missing translation: {', '.join(missing)}")
    return value


Localized = Annotated[dict[LangCode, str], BeforeValidator(_check_languages)]
"""Text in all six languages: ``{vi: …, en: …, zh: …, ja: …, ko: …, lo: …}``."""

Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
"""A lowercase ASCII identifier used in URLs and references (``so-ngoai-vu``)."""


class Source(Strict):
    """Where a fact comes from."""

    title: str
    url: HttpUrl | None = None
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

    src: str
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
    plan: Slug | None = None


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
            f"'{value}' is not a deadline: write a date (2024-06-30), a quarter (Q3/2024), "
            "a month (6/2024), 'annual', 'ongoing' or 'regular'"
        ) from None
    return value


Deadline = Annotated[str, BeforeValidator(str), AfterValidator(_check_deadline)]


class TranslationRecord(Strict):
    """How a translation was made and which version of the Vietnamese source it translates."""

    source: Annotated[str, Field(pattern=r"^[0-9a-f]{8,64}$")] | None = None
    by: Literal["human", "machine", "reviewed"] = "human"
