"""``portal i18n import``: a returned XLIFF file written back into pages and items.

The whole file is refused, naming every segment at fault, when any unit's Vietnamese source is
not the content's as it is now (changed, removed, or joined by new text since the export), when a
translation's inline codes differ from its source's (a tag lost, added or altered, or Markdown
typed as text), or when a translation is not what the portal would publish: HTML the sanitizer
would remove (the check of :mod:`generator.content.safety`), or a page block whose translation
starts blocks of its own (a blank line, a heading, list or fence mark at a line's start), which
would change the page around it. Otherwise each page or item whose segments are all finished is
written: an item's values in place in its YAML (:mod:`generator.i18n.yamledit`; a language the
value lacks is added, as in a draft of ``portal import plan`` written ``{vi: …}``), a page's
``<name>.<lang>.md`` rebuilt from the Vietnamese page's skeleton with its front matter kept; each
is then stamped (:mod:`generator.i18n.stamp`) with the Vietnamese version it translates and who
made it. Pages and items with unfinished segments are left as they are and listed — except an
item that lists the language under ``untranslated:``: its finished segments are written at once
(the item stays valid, the language stays listed), and once every text of the item has the
language, the language is taken off ``untranslated:`` and the item stamped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from generator.content.portal import Portal
from generator.content.safety import text_findings
from generator.content.yamlsource import parse_yaml, split_front_matter
from generator.i18n import inline
from generator.i18n.freshness import TARGETS
from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.segments import (
    PAGE_FIELDS,
    Document,
    Segment,
    body_pieces,
    documents_by_key,
    page_body,
)
from generator.i18n.stamp import stamp
from generator.i18n.tool import tr
from generator.i18n.xliff import Delivery, Returned
from generator.i18n.yamledit import remove_from_list, replace_scalars, scalar, set_scalars
from generator.markdown import converter


@dataclass
class ImportReport:
    """What an import wrote, left out, or refused (refused: nothing was written)."""

    written: list[Path] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def import_delivery(portal: Portal, delivery: Delivery, path: Path, by: str) -> ImportReport:
    """Check ``delivery`` against the content as it is now and write its translations.

    Args:
        portal: the loaded content.
        delivery: the returned file, read by :func:`generator.i18n.xliff.read_xliff`.
        path: the file's name (for messages).
        by: ``human`` or ``machine``, recorded in each translation written.

    Returns:
        The files written, the pages and items left unfinished, or the refusals.
    """
    report = ImportReport()
    lang = delivery.target_lang
    if lang not in TARGETS or delivery.source_lang != DEFAULT:
        report.refused.append(
            tr(
                "{path}:1: translates {source} into {target}; expected {default} into one of "
                "{targets} — export the file with portal i18n export",
                path=path,
                source=delivery.source_lang or "?",
                target=lang or "?",
                default=DEFAULT,
                targets=", ".join(TARGETS),
            )
        )
        return report
    current = documents_by_key(portal, lang)
    by_segment = {s.id: (d, s) for d in current.values() for s in d.segments}
    returned: dict[tuple[str, str], dict[str, Returned]] = defaultdict(dict)
    md = converter()
    for unit in delivery.units:
        found = by_segment.get(unit.id)
        if found is None:
            report.refused.append(
                tr(
                    "{path}: {unit}: no such text in the content now (the Vietnamese changed "
                    "since the export) — export again",
                    path=path,
                    unit=unit.id,
                )
            )
            continue
        document, segment = found
        report.refused += _unit_problems(unit, segment) or _unsafe(unit, segment, md)
        returned[(document.subject, document.key)][unit.id] = unit
    for key, units in returned.items():
        for segment in current[key].segments:
            if segment.id not in units:
                report.refused.append(
                    tr(
                        "{where}: {unit}: Vietnamese text added since the export is not in the "
                        "file — export again",
                        where=_where(segment),
                        unit=segment.id,
                    )
                )
    if report.refused:
        return report
    for key, units in returned.items():
        document = current[key]
        waiting = [s.id for s in document.segments if not units[s.id].finished]
        if _declared_untranslated(portal, document):
            _write_untranslated_item(document, units, report, by)
            continue
        if waiting:
            report.unfinished.append(_unfinished(document, waiting))
            continue
        texts = {s.id: inline.markdown(units[s.id].target or []).strip() for s in document.segments}
        _write(document, texts)
        result = stamp([document.path], [lang], by)
        report.refused += result.errors
        report.written.append(document.path)
    return report


def _unfinished(document: Document, waiting: list[str]) -> str:
    return tr(
        "{key}: {count} segment(s) not finished ({segments})",
        key=f"{document.subject} {document.key}",
        count=len(waiting),
        segments=", ".join(waiting[:3]) + (", …" if len(waiting) > 3 else ""),
    )


def _declared_untranslated(portal: Portal, document: Document) -> bool:
    """Whether ``document`` is an item that lists its language under ``untranslated:``."""
    if document.subject != "item":
        return False
    kind, slug = document.key.split("/", 1)
    return document.lang in portal.items[kind][slug].model.untranslated


def _write_untranslated_item(
    document: Document, units: dict[str, Returned], report: ImportReport, by: str
) -> None:
    """Write the finished segments of an item not yet translated into the language; take the
    language off ``untranslated:`` and stamp the item once every text of it has the language."""
    finished = {
        s.id: inline.markdown(units[s.id].target or []).strip()
        for s in document.segments
        if units[s.id].finished
    }
    waiting = [s.id for s in document.segments if s.id not in finished and not s.target]
    if finished:
        _write_item(document, finished, untranslated_done=not waiting)
        report.written.append(document.path)
    if waiting:
        report.unfinished.append(
            tr(
                "{unfinished}; '{lang}' stays under 'untranslated:' until they are",
                unfinished=_unfinished(document, waiting),
                lang=document.lang,
            )
        )
        return
    report.refused += stamp([document.path], [document.lang], by).errors


def _where(segment: Segment) -> str:
    return f"{segment.path}:{segment.line}"


def _unit_problems(unit: Returned, segment: Segment) -> list[str]:
    """Why ``unit`` cannot be imported: its source is not the content's, or its codes differ."""
    if inline.markdown(unit.source) != segment.source:
        return [
            tr(
                "{where}: {unit}: the Vietnamese source changed since the export — export again "
                "and translate the new text",
                where=_where(segment),
                unit=unit.id,
            )
        ]
    if not unit.target:
        return []
    wanted = _codes(unit.source)
    if _codes(unit.target) != wanted:
        return [
            tr(
                "{where}: {unit}: the translation's inline codes (links, emphasis, code) differ "
                "from the source's — keep every tag of the source, unchanged, once",
                where=_where(segment),
                unit=unit.id,
            )
        ]
    if _codes(inline.parse(inline.markdown(unit.target))) != wanted:
        return [
            tr(
                "{where}: {unit}: the translation has Markdown typed as text (links, emphasis or "
                "code) that the source has not — use the source's tags instead",
                where=_where(segment),
                unit=unit.id,
            )
        ]
    return []


def _unsafe(unit: Returned, segment: Segment, md) -> list[str]:
    """Why ``unit``'s translation cannot be published: HTML the sanitizer would remove that the
    source has not, or (a page's block) Markdown that starts blocks of its own."""
    if not unit.target:
        return []
    text = inline.markdown(unit.target).strip()
    kept = {finding.message for finding in text_findings(segment.source, md)}
    problems = [
        tr(
            "{where}: {unit}: {message} — {fix}",
            where=_where(segment),
            unit=unit.id,
            message=finding.message,
            fix=finding.fix,
        )
        for finding in text_findings(text, md)
        if finding.message not in kept
    ]
    if _is_page_block(segment) and not _one_block(text):
        problems.append(
            tr(
                "{where}: {unit}: the translation of one block starts blocks of its own (a blank "
                "line, or a heading, list, quotation, table or fence mark at the start of a "
                "line) — translate the block as one paragraph, without blank lines or marks",
                where=_where(segment),
                unit=unit.id,
            )
        )
    return problems


def _is_page_block(segment: Segment) -> bool:
    subject, _, field_name = segment.id.rpartition("#")
    return subject.startswith("page:") and field_name not in PAGE_FIELDS


def _one_block(text: str) -> bool:
    """Whether ``text``, put in a page's skeleton, stays one block with no marks of its own."""
    pieces = body_pieces(text)
    return len(pieces) == 1 and not isinstance(pieces[0], str)


def _codes(parts: list[inline.Part]) -> list[tuple[str, str]]:
    return sorted((p.kind, p.markup) for p in parts if isinstance(p, inline.Code))


# --- writing ---------------------------------------------------------------------------------


def _write(document: Document, texts: dict[str, str]) -> None:
    if document.subject == "item":
        _write_item(document, texts)
    else:
        _write_page(document, texts)


def _write_item(document: Document, texts: dict[str, str], untranslated_done: bool = False) -> None:
    """Each text into its field's ``lang`` value, added where the field lacks the language;
    with ``untranslated_done``, the language taken off the item's ``untranslated:``."""
    raw = document.path.read_bytes().decode("utf-8")
    edits = {(*document.locs[i], document.lang): text for i, text in texts.items()}
    new = set_scalars(raw, edits, CODES)
    if untranslated_done:
        new = remove_from_list(new, ("untranslated",), document.lang)
    data = parse_yaml(new, document.path).data
    for loc, text in edits.items():
        assert _value_at(data, loc).strip() == text, f"{document.path}: {loc} not written"
    assert not untranslated_done or document.lang not in data.get("untranslated", [])
    document.path.write_bytes(new.encode("utf-8"))


def _value_at(data, loc):
    for part in loc:
        data = data[part]
    return data


def _write_page(document: Document, texts: dict[str, str]) -> None:
    """``<name>.<lang>.md``: the translation's front matter (the Vietnamese one's for a new
    file) with its title and description translated, and the translated body."""
    base = document.path if document.path.is_file() else document.source_path
    lines = base.read_bytes().decode("utf-8").splitlines(keepends=True)
    closing = next(i for i, line in enumerate(lines[1:], 1) if line.strip() in ("---", "..."))
    front = "".join(lines[1:closing])
    prefix = f"page:{document.key}#"
    present = {name: texts[prefix + name] for name in PAGE_FIELDS if prefix + name in texts}
    data = split_front_matter("".join(lines), base).meta.data or {}
    front = replace_scalars(front, {(k,): v for k, v in present.items() if k in data})
    front += "".join(f"{k}: {scalar(v)}\n" for k, v in present.items() if k not in data)
    if base is document.source_path:
        front = _without_record(front)
    body = page_body(document, texts)
    text = "".join([lines[0], front, lines[closing], body if body.endswith("\n") else body + "\n"])
    split_front_matter(text, document.path)  # reads back, or raises before anything is written
    document.path.write_bytes(text.encode("utf-8"))


def _without_record(front: str) -> str:
    """The front matter without a top-level ``translation:`` block (never copied to a new file)."""
    kept, skipping = [], False
    for line in front.splitlines(keepends=True):
        if line.startswith("translation:"):
            skipping = True
            continue
        if skipping and line[:1] in (" ", "\t"):
            continue
        skipping = False
        kept.append(line)
    return "".join(kept)
