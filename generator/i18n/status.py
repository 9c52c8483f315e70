"""Translation status: which version of its Vietnamese source each translation translates.

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

Coverage is the share of ``translated``. Nothing here knows MkDocs.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.content.fields import TranslationRecord
from generator.content.loader import LoadedItem
from generator.content.pages import PageSource
from generator.content.portal import Portal
from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.tool import tr

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


def is_localized(value: object) -> bool:
    """Whether ``value`` is a text given per language (``{vi: …, en: …}``) in data or YAML."""
    return (
        isinstance(value, dict)
        and DEFAULT in value
        and set(value) <= set(CODES)
        and all(isinstance(text, str) for text in value.values())
    )


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


# --- counts --------------------------------------------------------------------------------


@dataclass
class Counts:
    """How many translations are in each state."""

    total: int = 0
    translated: int = 0
    missing: int = 0
    stale: int = 0
    unverified: int = 0
    machine: int = 0

    def add(self, state: str) -> None:
        self.total += 1
        setattr(self, state, getattr(self, state) + 1)

    @property
    def coverage(self) -> float:
        """Percentage of translations that are up to date and made or reviewed by a person."""
        return 100.0 * self.translated / self.total if self.total else 100.0

    def as_dict(self) -> dict[str, int | float]:
        counts: dict[str, int | float] = {"total": self.total}
        counts.update({state: getattr(self, state) for state in STATES})
        counts["coverage"] = round(self.coverage, 1)
        return counts


@dataclass
class SectionStatus:
    subject: str
    section: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class LanguageStatus:
    lang: str
    counts: Counts = field(default_factory=Counts)
    sections: list[SectionStatus] = field(default_factory=list)


@dataclass
class StatusReport:
    """Counts per language and, within each, per section (pages) and kind (items)."""

    languages: list[LanguageStatus]
    states: list[TranslationState]

    def below(self, percent: float) -> list[LanguageStatus]:
        """The languages whose coverage is below ``percent``."""
        return [status for status in self.languages if status.counts.coverage < percent]


def summarise(states: list[TranslationState], languages: Iterable[str] = TARGETS) -> StatusReport:
    """Count ``states`` per language and section.

    Args:
        states: from :func:`portal_states`.
        languages: the languages to report, in order.

    Returns:
        The report; in each language, pages' sections (the root ``/`` first), then kinds of item.
    """
    report = StatusReport([LanguageStatus(code) for code in languages], states)
    by_lang = {status.lang: status for status in report.languages}
    for state in states:
        status = by_lang.get(state.lang)
        if status is None:
            continue
        status.counts.add(state.state)
        section = _section_of(status, state.subject, state.section)
        section.counts.add(state.state)
    for status in report.languages:
        status.sections.sort(key=lambda s: (s.subject != "page", s.section))
    return report


def _section_of(status: LanguageStatus, subject: str, name: str) -> SectionStatus:
    for section in status.sections:
        if section.subject == subject and section.section == name:
            return section
    section = SectionStatus(subject, name)
    status.sections.append(section)
    return section


def report_as_json(report: StatusReport, root: Path) -> dict[str, Any]:
    """The report as plain data for dashboards (paths relative to ``root``)."""

    def relative(path: Path | None) -> str | None:
        if path is None:
            return None
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    return {
        "source_language": DEFAULT,
        "languages": [
            {
                "lang": status.lang,
                **status.counts.as_dict(),
                "sections": [
                    {"subject": s.subject, "section": s.section, **s.counts.as_dict()}
                    for s in status.sections
                ],
            }
            for status in report.languages
        ],
        "translations": [
            {
                "subject": s.subject,
                "key": s.key,
                "section": s.section,
                "lang": s.lang,
                "state": s.state,
                "by": s.by,
                "recorded": s.recorded,
                "current": s.current,
                "path": relative(s.path),
                "source": relative(s.source_path),
            }
            for s in report.states
        ],
    }


def report_as_text(report: StatusReport) -> str:
    """The report as a plain-text table: each language's sections, then its total."""
    header = (
        tr("lang"),
        tr("what"),
        tr("section"),
        tr("total"),
        *(_state_label(state) for state in STATES),
        tr("coverage"),
    )
    rows: list[tuple[str, ...]] = [header]
    everything = tr("all")
    for status in report.languages:
        for section in status.sections:
            subject = tr("page") if section.subject == "page" else tr("item")
            rows.append((status.lang, subject, section.section, *_cells(section.counts)))
        rows.append((status.lang, everything, "", *_cells(status.counts)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        left = [cell.ljust(widths[i]) for i, cell in enumerate(row[:3])]
        right = [cell.rjust(widths[i + 3]) for i, cell in enumerate(row[3:])]
        lines.append("  ".join(left + right).rstrip())
        if index == 0 or (row[1] == everything and index < len(rows) - 1):
            lines.append("")
    return "\n".join(lines)


def _state_label(state: str) -> str:
    """The column title of a state in the editor's language."""
    return {
        "translated": tr("translated"),
        "missing": tr("missing"),
        "stale": tr("stale"),
        "unverified": tr("unverified"),
        "machine": tr("machine"),
    }.get(state, state)


def _cells(counts: Counts) -> tuple[str, ...]:
    return (
        str(counts.total),
        *(str(getattr(counts, state)) for state in STATES),
        f"{counts.coverage:.1f}%",
    )
