"""Freshness of translations: which version of its Vietnamese source each translation translates.

Every translation records the *source hash* of the Vietnamese text it was made from and how it was
made (``translation: {source: <hash>, by: human|machine|reviewed}`` in a page's front matter, the
same per language under an item's ``translation:``). Comparing that record with the hash of the
Vietnamese text as it is now tells whether the translation is up to date.

Source hashes (the first :data:`HASH_LENGTH` hex digits of a SHA-256):

- a page: the canonical JSON ``[title, body]`` of the Vietnamese file, newlines normalised to
  ``\\n`` and surrounding whitespace stripped (front matter other than the title is not hashed);
- an item: the canonical JSON list of every Vietnamese text of the item (the ``vi`` value of each
  six-language field, in the order the model declares its fields, lists in their order), without
  the ``translation`` block itself.

The state of one translation is exactly one of, checked in this order:

- ``missing``: the page has no file in that language, or the item lists the language under
  ``untranslated:`` (whatever texts of it the file already holds);
- ``stale``: the recorded hash differs from the current Vietnamese hash;
- ``machine``: made by machine (``by: machine``) and not reviewed since;
- ``unverified``: no hash recorded, so nobody knows which Vietnamese it translates;
- ``translated``: the recorded hash is the current one, made or reviewed by a person.

Pages read it while rendering (a stale or machine translation shows a notice), and the status
report (:mod:`generator.i18n.status`) counts it. Nothing here knows MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.content.fields import TranslationRecord
from generator.content.loader import LoadedItem
from generator.content.pages import PageSource
from generator.content.portal import Portal
from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.localized import is_localized

HASH_LENGTH = 12
STATES: tuple[str, ...] = ("translated", "missing", "stale", "unverified", "machine")
TARGETS: tuple[str, ...] = tuple(code for code in CODES if code != DEFAULT)
ROOT_SECTION = "/"


# --- source hashes -------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _digest(value: Any) -> str:
    canonical = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def page_hash(title: str, body: str) -> str:
    """The source hash of a Vietnamese page.

    Args:
        title: the ``title`` of its front matter.
        body: the Markdown after the front matter.

    Returns:
        12 lowercase hex digits.
    """
    return _digest([_normalise(title), _normalise(body)])


def vietnamese_texts(model: BaseModel) -> list[str]:
    """Every Vietnamese text of an item, in the order its model declares its fields."""
    return list(_vi_values(model.model_dump(mode="json", exclude={"translation"})))


def _vi_values(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        if is_localized(value):
            yield _normalise(value[DEFAULT])
            return
        for child in value.values():
            yield from _vi_values(child)
    elif isinstance(value, list):
        for child in value:
            yield from _vi_values(child)


def item_hash(model: BaseModel) -> str:
    """The source hash of an item: its Vietnamese texts as canonical JSON.

    Args:
        model: the validated item.

    Returns:
        12 lowercase hex digits.
    """
    return _digest(vietnamese_texts(model))


# --- the state of one translation ----------------------------------------------------------


@dataclass(frozen=True)
class TranslationState:
    """One page or item in one language, compared with its Vietnamese source.

    Args:
        subject: ``page`` or ``item``.
        key: the page key (``about/geography``) or ``<kind>/<slug>`` of an item.
        section: the first folder of a page (``/`` for pages at the root), an item's kind.
        lang: the language of the translation.
        path: the file holding the translation (None when it is missing).
        state: one of :data:`STATES`.
        by: how it was made, as recorded (None when nothing is recorded).
        recorded: the source hash recorded in the translation.
        current: the source hash of the Vietnamese text now.
        source_path: the file holding the Vietnamese source.
    """

    subject: str
    key: str
    section: str
    lang: str
    path: Path | None
    state: str
    by: str | None
    recorded: str | None
    current: str
    source_path: Path

    @property
    def stale(self) -> bool:
        return self.state == "stale"

    @property
    def machine(self) -> bool:
        """Made by machine and not reviewed (whatever its hash says)."""
        return self.by == "machine"

    @property
    def needs_notice(self) -> bool:
        """Whether readers are told to check the Vietnamese original."""
        return self.stale or self.machine


def classify(record: TranslationRecord | None, current: str) -> str:
    """The state of a translation that exists, from its record and the current source hash."""
    if record is not None and record.source is not None and record.source != current:
        return "stale"
    if record is not None and record.by == "machine":
        return "machine"
    if record is None or record.source is None:
        return "unverified"
    return "translated"


def page_section(key: str) -> str:
    return key.split("/", 1)[0] if "/" in key else ROOT_SECTION


def page_state(portal: Portal, key: str, lang: str) -> TranslationState:
    """The state of page ``key`` in ``lang`` (not the default language)."""
    source = portal.pages[key][DEFAULT]
    current = page_hash(source.meta.title, source.body)
    translation: PageSource | None = portal.pages[key].get(lang)
    if translation is None:
        return TranslationState(
            "page", key, page_section(key), lang, None, "missing", None, None, current, source.path
        )
    record = translation.meta.translation
    return _recorded_state(
        "page", key, page_section(key), lang, translation.path, record, current, source.path
    )


def item_state(loaded: LoadedItem, lang: str) -> TranslationState:
    """The state of an item's texts in ``lang`` (not the default language)."""
    current = item_hash(loaded.model)
    record = loaded.model.translation.get(lang)  # type: ignore[call-overload]
    key, path = f"{loaded.type}/{loaded.slug}", loaded.path
    if not loaded.model.translated_into(lang):
        # The translation goes into the item's own file, which exists: 'path' stays.
        return TranslationState(
            "item", key, loaded.type, lang, path, "missing", None, None, current, path
        )
    return _recorded_state("item", key, loaded.type, lang, path, record, current, path)


def _recorded_state(
    kind: str,
    key: str,
    section: str,
    lang: str,
    path: Path,
    record: TranslationRecord | None,
    current: str,
    source_path: Path,
) -> TranslationState:
    """The state of a translation that exists, from what its record says."""
    return TranslationState(
        kind,
        key,
        section,
        lang,
        path,
        classify(record, current),
        record.by if record else None,
        record.source if record else None,
        current,
        source_path,
    )


def portal_states(portal: Portal, languages: Iterable[str] = TARGETS) -> list[TranslationState]:
    """Every page and item of ``portal`` in every language but the default one.

    Args:
        portal: the loaded content.
        languages: the languages to compare (default: all five translations).

    Returns:
        Pages first (by key), then items (by kind and slug), language after language.
    """
    languages = list(languages)
    states = [
        page_state(portal, key, lang)
        for key in sorted(portal.pages)
        if DEFAULT in portal.pages[key]
        for lang in languages
    ]
    for type_name in sorted(portal.items):
        for slug in sorted(portal.items[type_name]):
            loaded = portal.items[type_name][slug]
            states += [item_state(loaded, lang) for lang in languages]
    return states
