"""The figures of the yearly report, counted by the functions the rest of the portal uses.

- Publications: every page file and every item in every language, dated by the content (an item's
  ``date`` or ``issued``), else by the commit that added its file (git history), else by its
  ``updated``; counted per month of the year, language and section. Sections are those of
  ``portal i18n status`` (a page's first folder, an item's kind).
- Translation coverage: :func:`generator.i18n.status.summarise` of
  :func:`~generator.i18n.freshness.portal_states`, now and (:mod:`generator.report.history`) at the
  end of each month.
- Plan tasks: :func:`generator.plan_tasks.task_rows`, per addressee, with the tasks due within
  :data:`DUE_SOON_DAYS` days and those overdue (a deadline that names a day, not done).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.content.portal import Portal
from generator.i18n.freshness import page_section, portal_states
from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.status import StatusReport, summarise
from generator.plan_tasks import TaskRow, task_rows

ITEM_DATE_FIELDS = ("date", "issued")
"""An item's own date of publication or issue, when its kind has one."""
DUE_SOON_DAYS = 90
DONE = "done"


@dataclass(frozen=True)
class Publication:
    """One page or item in one language, with the day it was published (None when unknown)."""

    subject: str
    key: str
    section: str
    lang: str
    day: dt.date | None


@dataclass(frozen=True)
class CoveragePoint:
    """Translation coverage at the end of one month, from the content as it was then.

    Args:
        month: the month's first day.
        commit: the last commit of the content before the month ended (None: none yet).
        coverage: percent per language, empty when that content could not be read.
        problem: why the content of that commit could not be read.
    """

    month: dt.date
    commit: str | None
    coverage: dict[str, float]
    problem: str | None = None


@dataclass
class AddresseeTasks:
    """The plan tasks addressed to one agency or one collective addressee."""

    key: str
    agency: str | None
    names: dict[str, str]
    tasks: list[TaskRow] = field(default_factory=list)
    due_soon: list[TaskRow] = field(default_factory=list)
    overdue: list[TaskRow] = field(default_factory=list)

    @property
    def dated(self) -> int:
        """How many of its tasks have a deadline that names a day."""
        return sum(row.due is not None for row in self.tasks)


@dataclass
class YearReport:
    year: int
    today: dt.date
    months: list[dt.date]
    publications: list[Publication]
    per_month: Counter[tuple[dt.date, str, str]]
    """(month, language, section) → how many were published that month."""
    status: StatusReport
    history: list[CoveragePoint]
    addressees: list[AddresseeTasks]

    def published(self, month: dt.date, lang: str | None = None) -> int:
        """How many pages and items were published in ``month`` (in ``lang``, or in all)."""
        return sum(
            n for (m, code, _), n in self.per_month.items() if m == month and lang in (None, code)
        )

    def in_section(self, section: str, lang: str) -> int:
        """How many of ``section`` were published in ``lang`` in the year."""
        return sum(n for (_, code, s), n in self.per_month.items() if s == section and code == lang)

    def sections(self) -> list[str]:
        """The sections with publications in the year."""
        return sorted({section for _, _, section in self.per_month})

    @property
    def undated(self) -> int:
        return sum(publication.day is None for publication in self.publications)


# --- publications ----------------------------------------------------------------------------


def publications(portal: Portal, added: dict[Path, dt.date]) -> list[Publication]:
    """Every page file and every item in every language it is published in.

    Args:
        portal: the loaded content.
        added: the day each file was first committed (:func:`generator.gitdates.added_dates`).
    """
    found = []
    for key in sorted(portal.pages):
        for lang in CODES:
            source = portal.pages[key].get(lang)
            if source is not None:
                day = added.get(source.path.resolve()) or source.meta.updated
                found.append(Publication("page", key, page_section(key), lang, day))
    for loaded in portal.all_items():
        day = _content_date(loaded.model) or added.get(loaded.path.resolve())
        day = day or loaded.model.updated
        key = f"{loaded.type}/{loaded.slug}"
        found += [Publication("item", key, loaded.type, lang, day) for lang in CODES]
    return found


def _content_date(model: Any) -> dt.date | None:
    for name in ITEM_DATE_FIELDS:
        value = getattr(model, name, None)
        if isinstance(value, dt.date):
            return value
    return None


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def months_of(year: int) -> list[dt.date]:
    return [dt.date(year, month, 1) for month in range(1, 13)]


def per_month(found: list[Publication], year: int) -> Counter[tuple[dt.date, str, str]]:
    """(month, language, section) → publications of ``year`` in that month."""
    return Counter(
        (month_of(p.day), p.lang, p.section) for p in found if p.day and p.day.year == year
    )


# --- tasks -----------------------------------------------------------------------------------


def tasks_by_addressee(portal: Portal, today: dt.date) -> list[AddresseeTasks]:
    """Every plan task grouped by addressee, with those due soon and overdue on ``today``.

    Returns:
        Addressees by number of tasks (most first), then by key.
    """
    groups: dict[str, AddresseeTasks] = {}
    agencies = portal.items.get("agencies", {})
    horizon = today + dt.timedelta(days=DUE_SOON_DAYS)
    for row in task_rows(portal):
        addressee = row.addressee
        group = groups.get(addressee.key)
        if group is None:
            if addressee.agency in agencies:
                names = dict(agencies[addressee.agency].model.title)
            else:
                written = addressee.as_written or addressee.key
                # A language the plan is not yet translated into shows the document's words.
                names = {code: written for code in CODES} | dict(addressee.name or {})
            group = groups[addressee.key] = AddresseeTasks(addressee.key, addressee.agency, names)
        group.tasks.append(row)
        if row.due is None or row.status == DONE:
            continue
        if row.due < today:
            group.overdue.append(row)
        elif row.due <= horizon:
            group.due_soon.append(row)
    return sorted(groups.values(), key=lambda g: (-len(g.tasks), g.key))


# --- the whole report ------------------------------------------------------------------------


def year_report(
    portal: Portal,
    year: int,
    today: dt.date,
    added: dict[Path, dt.date],
    history: list[CoveragePoint],
) -> YearReport:
    """The figures of ``year``, deadlines judged on ``today``.

    Args:
        portal: the content as it is now.
        year: the year reported.
        today: the day deadlines are judged on.
        added: the day each content file was first committed.
        history: coverage at the end of each month (:func:`generator.report.history`).
    """
    found = publications(portal, added)
    return YearReport(
        year=year,
        today=today,
        months=months_of(year),
        publications=found,
        per_month=per_month(found, year),
        status=summarise(portal_states(portal)),
        history=history,
        addressees=tasks_by_addressee(portal, today),
    )


def report_as_json(report: YearReport) -> dict[str, Any]:
    """The report as plain data: the same numbers the HTML shows."""
    return {
        "year": report.year,
        "today": report.today.isoformat(),
        "source_language": DEFAULT,
        "published": {
            "per_month": [
                {"month": month.strftime("%Y-%m"), "lang": lang, "section": section, "count": n}
                for (month, lang, section), n in sorted(report.per_month.items())
            ],
            "in_year": {
                lang: sum(n for (_, code, _), n in report.per_month.items() if code == lang)
                for lang in CODES
            },
            "all_time": dict(Counter(p.lang for p in report.publications)),
            "undated": report.undated,
        },
        "coverage": {
            "now": {status.lang: status.counts.as_dict() for status in report.status.languages},
            "month_ends": [
                {
                    "month": point.month.strftime("%Y-%m"),
                    "commit": point.commit,
                    "coverage": point.coverage,
                    "problem": point.problem,
                }
                for point in report.history
            ],
        },
        "tasks": {
            "due_soon_days": DUE_SOON_DAYS,
            "addressees": [
                {
                    "addressee": group.key,
                    "agency": group.agency,
                    "name": group.names,
                    "tasks": len(group.tasks),
                    "with_deadline": group.dated,
                    "due_soon": [_task_json(row) for row in group.due_soon],
                    "overdue": [_task_json(row) for row in group.overdue],
                }
                for group in report.addressees
            ],
        },
    }


def _task_json(row: TaskRow) -> dict[str, Any]:
    return {
        "plan": row.plan_slug,
        "task": row.task.id,
        "deadline": row.deadline,
        "due": row.due.isoformat() if row.due else None,
        "status": row.status,
    }
