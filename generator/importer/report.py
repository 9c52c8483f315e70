"""What an import found, for other tools (JSON) and for the editor (text)."""

from __future__ import annotations

from generator.i18n.tool import tr
from generator.importer.structure import ParsedPlan


def as_json(plan: ParsedPlan) -> dict:
    """The parsed plan: ``number``, ``date``, ``issuer``, ``signer``, ``recipients``, ``title``,
    ``legal_bases``, ``purposes``, ``requirements``, ``groups`` (each with ``addressee`` and
    ``tasks``), ``unplaced_lines``, ``unmatched_agencies``, ``general_addressee`` (whom the
    document asks to carry out the whole plan) and ``generally_addressed`` (the tasks naming no
    unit of their own, addressed to it), ``needs_diacritics``."""
    return {
        "doc_type": plan.doc_type,
        "number": plan.number,
        "date": plan.date,
        "issuer": plan.issuer,
        "signer": plan.signer,
        "recipients": plan.recipients,
        "title": plan.title,
        "legal_bases": plan.legal_bases,
        "purposes": plan.purposes,
        "requirements": plan.requirements,
        "groups": [group.as_json() for group in plan.groups],
        "unplaced_lines": [{"line": n, "text": text} for n, text in plan.unplaced_lines()],
        "unmatched_agencies": plan.unmatched_agencies(),
        "general_addressee": plan.general.as_json() if plan.general else None,
        "generally_addressed": plan.generally_addressed,
        "needs_diacritics": plan.needs_diacritics,
        "same_province": plan.same_province,
    }


def as_text(plan: ParsedPlan, source: str) -> list[str]:
    """Lines for the editor: counts, then every line to look at as ``source:line: …``."""
    tasks = plan.tasks
    out = [
        tr(
            "{source}: {groups} group(s), {tasks} task(s), {bases} legal basis(es)",
            source=source,
            groups=len(plan.groups),
            tasks=len(tasks),
            bases=len(plan.legal_bases),
        )
    ]
    if plan.needs_diacritics:
        out.append(
            tr(
                "{source}: the text has no diacritics (OCR): headings and agencies were "
                "restored; the tasks are marked needs_diacritics: true — restore their text",
                source=source,
            )
        )
    if not plan.same_province:
        out.append(
            tr(
                "{source}: the document is not of this portal's province: no agency was linked "
                "to the registry",
                source=source,
            )
        )
    for name in plan.unmatched_agencies():
        out.append(
            tr(
                "{source}: agency not in the registry: {name} — add it to content/data/agencies/",
                source=source,
                name=name,
            )
        )
    if plan.generally_addressed and plan.general:
        out.append(
            tr(
                "{source}: task(s) {tasks} name no unit of their own: their lead is '{lead}', "
                "whom the document asks to carry out the whole plan — check it against the "
                "document",
                source=source,
                tasks=", ".join(plan.generally_addressed),
                lead=plan.general.name,
            )
        )
    without = [t.id for g in plan.groups for t in g.tasks if not (t.lead or g.addressee)]
    if without:
        out.append(
            tr(
                "{source}: task(s) {tasks} name no unit and the document names no one to carry "
                "out the whole plan — write each one's 'lead:' from the document",
                source=source,
                tasks=", ".join(without),
            )
        )
    for n, text in plan.unplaced_lines():
        out.append(
            tr("{source}:{line}: not placed in a field: {text}", source=source, line=n, text=text)
        )
    return out
