"""What an import found, for other tools (JSON) and for the editor (text)."""

from __future__ import annotations

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
        f"{source}: {len(plan.groups)} group(s), {len(tasks)} task(s), "
        f"{len(plan.legal_bases)} legal basis(es)"
    ]
    if plan.needs_diacritics:
        out.append(
            f"{source}: the text has no diacritics (OCR): headings and agencies were restored; "
            "the tasks are marked needs_diacritics: true — restore their text"
        )
    if not plan.same_province:
        out.append(
            f"{source}: the document is not of this portal's province: no agency was linked "
            "to the registry"
        )
    for name in plan.unmatched_agencies():
        out.append(
            f"{source}: agency not in the registry: {name} — add it to content/data/agencies/"
        )
    if plan.generally_addressed and plan.general:
        out.append(
            f"{source}: task(s) {', '.join(plan.generally_addressed)} name no unit of their own:"
            f" their lead is '{plan.general.name}', whom the document asks to carry out the"
            " whole plan — check it against the document"
        )
    without = [t.id for g in plan.groups for t in g.tasks if not (t.lead or g.addressee)]
    if without:
        out.append(
            f"{source}: task(s) {', '.join(without)} name no unit and the document names no"
            " one to carry out the whole plan — write each one's 'lead:' from the document"
        )
    for n, text in plan.unplaced_lines():
        out.append(f"{source}:{n}: not placed in a field: {text}")
    return out
