"""``data/plan-tasks.json|csv``: every task of every plan as one row of the open data.

A plan's tasks are long (plan 84 has 81 tasks in six languages); in one cell of ``plans.csv`` they
outgrew what a spreadsheet holds. Here each task is a record: its plan, group, addressee (the
agency of the registry, its name in six languages, and the document's own words), partners,
text in six languages, deadline as written and the last day it allows, status. The records come
from :func:`generator.plan_tasks.task_rows`, the same rows the yearly report counts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from generator.content.fields import LangCode, Localized, Strict, declared_untranslated
from generator.content.portal import Portal
from generator.i18n.languages import CODES
from generator.plan_tasks import TaskRow, task_rows
from generator.routes import Route, absolute

DATASET_NAME = "plan-tasks"


class PlanTaskRecord(Strict):
    """One row of ``plan-tasks``: the schema of the JSON file and the columns of the CSV file."""

    TYPE: ClassVar[str] = DATASET_NAME

    plan: str
    """The plan's slug (``plans.json``)."""
    plan_number: str
    task: str
    """The task's id within its plan (its anchor on the plan's page is ``#task-<id>``)."""
    group: Localized | None = None
    addressee: str | None = None
    """The slug of the agency the task is addressed to (``agencies.json``), when it is one."""
    addressee_name: Localized | None = None
    """The agency's name, or a collective addressee's ("the provincial departments …")."""
    addressee_as_written: str | None = None
    """The addressee in the document's own words."""
    partners: list[str] = []
    """The helping agencies' slugs (a collective helper: its words as written)."""
    what: Localized
    deadline: str | None = None
    """As written: a day, ``6/2024``, ``Q3/2024``, ``annual``, ``regular`` or ``ongoing``."""
    due: dt.date | None = None
    """The last day the deadline allows, when it names one."""
    status: str | None = None
    sample: bool = False
    untranslated: list[LangCode] = []
    """The languages its plan is not yet translated into: its texts have none in them."""


def task_records(portal: Portal, routes: dict[str, Route], site_url: str) -> list[dict[str, Any]]:
    """One JSON-ready record per task: ``slug``, ``url`` per language, then the row's fields."""
    return [_record(portal, row, routes, site_url) for row in task_rows(portal)]


def _record(portal: Portal, row: TaskRow, routes: dict[str, Route], site_url: str) -> dict:
    route = routes[portal.item_key("plans", row.plan_slug)]
    task_id = row.task.id
    agency = row.addressee.agency
    agencies = portal.items.get("agencies", {})
    name = agencies[agency].model.title if agency in agencies else row.addressee.name
    untranslated = list(row.plan.model.untranslated)
    with declared_untranslated(untranslated):
        record = _task_record(row, agency, name, untranslated)
    urls = {code: absolute(site_url, route.path(code)) + f"#task-{task_id}" for code in CODES}
    slug = f"{row.plan_slug}-task-{task_id.lower().replace('.', '-')}"
    return {"slug": slug, "url": urls, **record.model_dump(mode="json")}


def _task_record(row: TaskRow, agency: str | None, name: Any, untranslated: list) -> PlanTaskRecord:
    task_id = row.task.id
    return PlanTaskRecord(
        plan=row.plan_slug,
        plan_number=row.plan.model.number,
        task=task_id,
        group=row.task.group,
        addressee=agency,
        addressee_name=name,
        addressee_as_written=row.addressee.as_written,
        partners=[partner.key for partner in row.partners],
        what=row.task.what,
        deadline=row.deadline,
        due=row.due,
        status=row.status,
        sample=row.sample,
        untranslated=untranslated,
    )
