"""The tasks of every plan as one table: one row per task, for the open data and the yearly report.

A plan's tasks are nested inside its item; harvesters and spreadsheets want them flat, and the
report wants them per agency with their deadlines. Both read :func:`task_rows`, so a task is
counted in one place. What a row needs of a task (its addressee, deadline, status) is read
through the small accessors below, the only code here that knows the shape of the ``Task``
model.

Deadlines are written as a day (``2024-06-30``), a month (``6/2024``), a quarter (``Q3/2024``) or
a word (``annual``, ``regular``, ``ongoing``): :func:`deadline_end` gives the last day a deadline
allows, or None when the text names no day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from generator.content.loader import LoadedItem
from generator.content.models import Task
from generator.content.portal import Portal

_QUARTER = re.compile(r"^Q([1-4])/(\d{4})$")
_MONTH = re.compile(r"^(0?[1-9]|1[0-2])/(\d{4})$")


@dataclass(frozen=True)
class Addressee:
    """Who a task is addressed to: an agency of the registry or a collective addressee.

    Args:
        agency: the slug of an agency of the registry, or None (a collective addressee).
        as_written: the addressee in the document's own words, when recorded.
        name: a collective addressee's name in every language, when recorded.
    """

    agency: str | None
    as_written: str | None = None
    name: dict[str, str] | None = None

    @property
    def key(self) -> str:
        """What groups tasks by addressee: the agency's slug, else the words as written."""
        return self.agency or self.as_written or ""


@dataclass(frozen=True)
class TaskRow:
    """One task of one plan, flattened."""

    plan: LoadedItem
    task: Task
    addressee: Addressee
    partners: tuple[Addressee, ...]
    deadline: str | None
    due: dt.date | None
    status: str | None

    @property
    def plan_slug(self) -> str:
        return self.plan.slug

    @property
    def sample(self) -> bool:
        return bool(self.plan.model.sample)


# --- accessors of the Task model -------------------------------------------------------------


def task_addressee(task: Task) -> Addressee:
    """The task's addressee (its lead): a registry agency or a collective addressee."""
    return _addressee(task.lead)


def task_partners(task: Task) -> tuple[Addressee, ...]:
    """The addressees that help with the task."""
    return tuple(_addressee(partner) for partner in getattr(task, "partners", None) or ())


def task_deadline(task: Task) -> str | None:
    """The task's deadline as written (``2024-06-30``, ``Q3/2024``, ``annual`` …), or None
    when no source states one."""
    deadline = getattr(task, "deadline", None)
    return _plain(getattr(deadline, "due", deadline))


def task_status(task: Task) -> str | None:
    """The task's status (``planned``, ``done`` …), or None when no source states one."""
    status = getattr(task, "status", None)
    return _plain(getattr(status, "value", status))


def _addressee(value: Any) -> Addressee:
    """An addressee from the model: an agency's slug, or a record of the document's words."""
    if value is None or isinstance(value, str):
        return Addressee(agency=value or None)
    name = getattr(value, "name", None)
    return Addressee(
        agency=getattr(value, "agency", None),
        as_written=getattr(value, "as_written", None),
        name=dict(name) if name else None,
    )


def _plain(value: Any) -> str | None:
    return str(value) if value else None


# --- deadlines -------------------------------------------------------------------------------


def deadline_end(deadline: str | None) -> dt.date | None:
    """The last day a deadline allows: the day itself, the month's or the quarter's last day.

    Returns:
        None for ``annual``, ``regular``, ``ongoing`` and a missing deadline.
    """
    if not deadline:
        return None
    quarter = _QUARTER.match(deadline)
    if quarter:
        month, year = int(quarter.group(1)) * 3, int(quarter.group(2))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    month_match = _MONTH.match(deadline)
    if month_match:
        month, year = int(month_match.group(1)), int(month_match.group(2))
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    try:
        return dt.date.fromisoformat(deadline)
    except ValueError:
        return None


# --- the table -------------------------------------------------------------------------------


def task_rows(portal: Portal) -> list[TaskRow]:
    """Every task of every plan, plans by slug, tasks in the order of their plan."""
    rows = []
    for slug in sorted(portal.items.get("plans", {})):
        loaded = portal.items["plans"][slug]
        for task in loaded.model.tasks:
            deadline = task_deadline(task)
            rows.append(
                TaskRow(
                    plan=loaded,
                    task=task,
                    addressee=task_addressee(task),
                    partners=task_partners(task),
                    deadline=deadline,
                    due=deadline_end(deadline),
                    status=task_status(task),
                )
            )
    return rows
