"""Nothing about a plan's tasks that its document does not say: who each task is addressed to.

A task's lead and partners are :class:`~generator.content.models.Addressee` values: the
document's own words (``as_written``) beside the registry agency they name, or the words of a
collective addressee in every language. Two checks make an invented lead impossible to enter:

- the words occur in the plan's ``original_text`` (diacritics, case and punctuation aside), so
  they are the document's and not the editor's;
- a named agency is one the words name: its title, abbreviation or one of its ``aliases``
  occurs in them (:func:`generator.vietnamese.mentions`, which also reads OCR text).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.content.models import Addressee, Agency, Plan
from generator.content.problems import Problems
from generator.i18n.languages import DEFAULT
from generator.i18n.tool import tr
from generator.vietnamese import fold, mentions


def agency_names(agency: Agency) -> list[str]:
    """Every Vietnamese name of ``agency`` a document may use: title, abbreviation, aliases."""
    names = [agency.title[DEFAULT], *agency.aliases]
    if agency.abbreviation:
        names.append(agency.abbreviation)
    return names


def addressees(plan: Plan) -> Iterator[tuple[tuple, Addressee]]:
    """Every lead and partner of ``plan``'s tasks, with its field path."""
    for i, task in enumerate(plan.tasks):
        yield ("tasks", i, "lead"), task.lead
        for j, partner in enumerate(task.partners):
            yield ("tasks", i, "partners", j), partner


def occurs_in(words: str, text: str) -> bool:
    """Whether ``words`` occur in ``text``, diacritics, case and punctuation aside."""
    return f" {fold(words)} " in f" {fold(text)} "


def addressee_problem(addressee: Addressee, plan: Plan, agencies: dict[str, Agency]) -> str:
    """What is wrong with ``addressee`` as a record of ``plan``'s document ('' when nothing).

    Args:
        addressee: a lead or partner of one of the plan's tasks.
        plan: the plan, whose ``original_text`` is the document.
        agencies: the registry, by slug (a missing slug is reported by the reference check).
    """
    if not occurs_in(addressee.as_written, plan.original_text):
        return tr(
            "the words '{words}' do not occur in the plan's original_text — copy the "
            "addressee's words from the document as they are written",
            words=addressee.as_written,
        )
    agency = agencies.get(addressee.agency) if addressee.agency else None
    if agency is not None and not any(
        mentions(addressee.as_written, name) for name in agency_names(agency)
    ):
        return tr(
            "the words '{words}' do not name the agency '{agency}' ({title}) — name only an "
            "agency the document names; for words that address several bodies write 'name:' in "
            "every language instead of 'agency:', or add the document's name of the agency to "
            "its 'aliases'",
            words=addressee.as_written,
            agency=addressee.agency,
            title=agency.title[DEFAULT],
        )
    return ""


def check_addressees(plans, agencies: dict[str, Agency], problems: Problems) -> None:
    """Report every lead or partner of a task that its document does not address.

    Args:
        plans: the loaded plans (:class:`~generator.content.loader.LoadedItem`).
        agencies: the registry, by slug.
        problems: where each fault is added as ``path:line``.
    """
    for loaded in plans:
        plan = loaded.model
        assert isinstance(plan, Plan)
        for loc, addressee in addressees(plan):
            problem = addressee_problem(addressee, plan, agencies)
            if problem:
                message, _, fix = problem.partition(" — ")
                problems.add(
                    loaded.path, loaded.located.line_of((*loc, "as_written")), message, fix
                )
