"""The parsed document as a draft plan item (``content/data/plans/<slug>.yml``).

The draft holds the Vietnamese only: every text a reader sees is written ``{vi: …}`` and the
item says so, ``untranslated: [en, zh, ja, ko, lo]``. It passes ``portal check`` and is
published at once, in Vietnamese, to the readers of every language, each told in their own
language that it is not yet translated; ``portal i18n status`` counts it missing and ``portal
i18n export`` hands its texts to translators. Leads and partners are the
document's words beside the registry agency they name (:class:`~generator.content.models.
Addressee`); no deadline, status or progress is invented; tasks read from OCR text carry
``needs_diacritics: true``; the whole text is kept in ``original_text``.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

from generator.i18n.languages import CODES, DEFAULT
from generator.importer.normalise import Registry, find_names
from generator.importer.structure import ParsedPlan, Who
from generator.vietnamese import fold


def _vi(text: str) -> dict[str, str]:
    return {"vi": text}


def issuer_slug(plan: ParsedPlan, registry: Registry) -> str | None:
    """The registry agency the header names (the most specific, i.e. the last one found)."""
    if not plan.same_province:
        return None
    names = []
    for slug, agency_names in registry.names.items():
        for name in agency_names:
            names.append((name, "agency", slug))
            short = re.sub(r"\s+t[iỉ]nh$", "", name, flags=re.I)
            if short != name:
                names.append((short, "agency", slug))
    found = find_names(plan.issuer.get("as_written", ""), names)
    return found[-1].slug if found else None


def _addressee(who: Who) -> dict:
    if who.agency:
        return {"as_written": who.as_written, "agency": who.agency}
    return {"as_written": who.as_written, "name": _vi(who.name)}


def issued(plan: ParsedPlan) -> tuple[dt.date, str]:
    """The date of issue and its precision as the model knows it (``day`` or ``year``)."""
    date = plan.date
    year = date.get("year") or dt.date.today().year
    if date.get("precision") == "day":
        return dt.date(year, date["month"], date["day"]), "day"
    return dt.date(year, 1, 1), "year"


def draft(plan: ParsedPlan, registry: Registry) -> dict:
    """The plan item, as the dictionary its YAML file holds."""
    day, precision = issued(plan)
    item: dict = {
        "title": _vi(plan.title),
        "untranslated": [code for code in CODES if code != DEFAULT],
        "number": plan.number.get("text", ""),
        "doc_type": plan.doc_type,
        "issuer": issuer_slug(plan, registry) or "",
        "issued": day,
    }
    if precision != "day":
        item["issued_precision"] = precision
    if plan.signer.get("name"):
        item["signer"] = {
            "name": plan.signer["name"],
            "position": _vi(plan.signer.get("position") or ""),
        }
    item["legal_bases"] = [
        {
            "number": base["number"],
            "title": _vi(" ".join(x for x in (base["kind"], base["number"]) if x)
                         + (f" của {base['issuer']}" if base.get("issuer") else "")),
            **({"date": dt.date.fromisoformat(base["date"])} if base.get("date") else {}),
        }
        for base in plan.legal_bases
    ]  # fmt: skip
    item["purposes"] = [_vi(text) for text in plan.purposes]
    item["requirements"] = [_vi(text) for text in plan.requirements]
    tasks = []
    for group in plan.groups:
        for task in group.tasks:
            lead = task.lead or group.addressee
            entry: dict = {"id": task.id, "group": _vi(group.heading), "what": _vi(task.text)}
            if lead is not None:
                entry["lead"] = _addressee(lead)
            if task.partners:
                entry["partners"] = [_addressee(p) for p in task.partners]
            if task.needs_diacritics:
                entry["needs_diacritics"] = True
            tasks.append(entry)
    item["tasks"] = tasks
    item["sources"] = [
        {
            "title": f"{plan.number.get('text', '')} — {plan.title}".strip(" —"),
            "publisher": plan.issuer.get("as_written") or None,
            **({"date": day} if precision == "day" else {}),
        }
    ]
    item["original_text"] = "\n".join(plan.lines).strip() + "\n"
    return item


def slug_for(plan: ParsedPlan) -> str:
    """A file name for the draft from its number and year (``84-kh-bcdttdn-2024``)."""
    base = fold(plan.number.get("symbol") or plan.title or "plan")
    digits = plan.number.get("digits") or ""
    year = plan.date.get("year") or ""
    words = [w for w in [digits, *base.split(), str(year)] if w]
    return "-".join(words)[:60].strip("-") or "plan"


class _Dumper(yaml.SafeDumper):
    """Plain YAML: the loader refuses anchors and aliases, so none is written."""

    def ignore_aliases(self, data) -> bool:
        return True


def to_yaml(item: dict) -> str:
    """The draft as the YAML an editor reads (no anchors, Unicode as written, fields in order)."""
    header = (
        "# Draft imported by portal import plan, in Vietnamese only: readers of the languages\n"
        "# listed under 'untranslated' see the Vietnamese with a notice. Remove a language from\n"
        "# the list when its translation is written (portal i18n export / import).\n"
    )
    return header + yaml.dump(item, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
