"""Translation status report: how many translations of each language are in each state of
:mod:`generator.i18n.freshness`, per section of the pages and kind of the items, as JSON for
dashboards or a table for people (``portal i18n status``, ``portal report``).

Coverage is the share of ``translated``. Nothing here knows MkDocs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.i18n.freshness import STATES, TARGETS, TranslationState
from generator.i18n.languages import DEFAULT
from generator.i18n.tool import tr

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
