"""Markdown pages: ``<path>/<name>.<lang>.md`` with YAML front matter, one file per language."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from generator.content.fields import SourceRef, Strict, TranslationRecord
from generator.content.yamlsource import Located


class PageMeta(Strict):
    """The front matter of a Markdown page."""

    title: Annotated[str, Field(min_length=1)]
    description: str | None = None
    template: Literal["home.html", "main.html"] = "main.html"
    listing: str | None = None
    per_page: Annotated[int, Field(ge=1)] | None = None
    blocks: list[str] = []
    sources: list[SourceRef] = []
    updated: dt.date | None = None
    translation: TranslationRecord | None = None
    hide: list[Literal["toc", "breadcrumb"]] = []


@dataclass(frozen=True)
class PageSource:
    """One language version of a Markdown page, as read from its file."""

    key: str
    lang: str
    path: Path
    src_uri: str
    meta: PageMeta
    located: Located
    body: str
    body_line: int


def page_key_and_lang(src_uri: str) -> tuple[str, str | None]:
    """Split ``about/geography.en.md`` into (``about/geography``, ``en``).

    Returns (key, None) when the file name carries no language suffix.
    """
    stem = src_uri[: -len(".md")]
    head, dot, suffix = stem.rpartition(".")
    if not dot or "/" in suffix:
        return stem, None
    return head, suffix


def page_url(key: str) -> str:
    """The language-neutral URL path of a page key: ``about/index`` → ``about/``."""
    if key == "index":
        return ""
    if key.endswith("/index"):
        return key[: -len("index")]
    return f"{key}/"
