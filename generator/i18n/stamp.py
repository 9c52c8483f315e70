"""``portal i18n stamp``: record in translations which version of the Vietnamese they translate.

Only the top-level ``translation:`` block of a file is rewritten (the front matter of a page, the
YAML of an item); every other line is kept byte for byte, line endings included. Each edit is
checked by reading the file back before it is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from generator.content.encoding import NotUtf8, decode_text
from generator.content.models import ITEM_TYPES
from generator.content.pages import page_key_and_lang
from generator.content.yamlsource import (
    FrontMatterDocument,
    YamlSyntaxError,
    parse_yaml,
    split_front_matter,
)
from generator.i18n.freshness import TARGETS, item_hash, page_hash
from generator.i18n.languages import DEFAULT
from generator.i18n.tool import tr

BLOCK = "translation"
DEFAULT_BY = "human"


class StampError(Exception):
    """A file that cannot be stamped, with the reason (``path: what — fix``)."""


@dataclass(frozen=True)
class Stamped:
    """One translation whose record was written (or already said the same)."""

    path: Path
    lang: str
    source: str
    by: str
    changed: bool


@dataclass
class StampReport:
    """What a run stamped, and the files it could not stamp (``path: what — fix``)."""

    stamped: list[Stamped] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def stamp(paths: Iterable[Path], langs: Iterable[str] = (), by: str | None = None) -> StampReport:
    """Record the current Vietnamese source hash in the translations under ``paths``.

    A file that cannot be stamped is reported and left alone; the others are stamped.

    Args:
        paths: translation files (``x.en.md``), Vietnamese pages (``x.vi.md``: all of its
            translations), item files (``data/<kind>/<slug>.yml``) or folders (everything below).
        langs: only these languages (default: every translation language).
        by: how the translations were made; by default the recorded value is kept
            (``human`` when nothing is recorded).

    Returns:
        One entry per translation stamped, and one error per file that was not.
    """
    wanted = tuple(langs) or TARGETS
    report = StampReport()
    for path in paths:
        try:
            targets = _targets(Path(path))
        except StampError as exc:
            report.errors.append(str(exc))
            continue
        for target in targets:
            try:
                if target.suffix == ".md":
                    report.stamped += _stamp_page_files(target, wanted, by)
                else:
                    report.stamped += _stamp_item(target, wanted, by)
            except StampError as exc:
                report.errors.append(str(exc))
    return report


def _targets(path: Path) -> list[Path]:
    if path.is_dir():  # each translation once: its own file, not also through its source
        pages = [p for p in sorted(path.rglob("*.md")) if _page_lang(p) not in (None, DEFAULT)]
        items = [p for p in sorted(path.rglob("*.yml")) if _is_item_file(p)]
        return pages + items
    if not path.is_file():
        raise StampError(tr("{path}: no such file or folder", path=path))
    if path.suffix == ".md" and _page_lang(path) is not None:
        return [path]
    if _is_item_file(path):
        return [path]
    raise StampError(
        tr(
            "{path}: neither a page (<name>.<lang>.md) nor an item (data/<kind>/<slug>.yml)",
            path=path,
        )
    )


def _page_lang(path: Path) -> str | None:
    _, lang = page_key_and_lang(path.name)
    return lang if lang == DEFAULT or lang in TARGETS else None


def _is_item_file(path: Path) -> bool:
    folder = path.parent
    return path.suffix == ".yml" and folder.name in ITEM_TYPES and folder.parent.name == "data"


# --- pages ---------------------------------------------------------------------------------


def _stamp_page_files(path: Path, wanted: tuple[str, ...], by: str | None) -> list[Stamped]:
    lang = _page_lang(path)
    stem = path.name[: -len(f".{lang}.md")]
    if lang != DEFAULT:
        return [_stamp_page(path, stem, lang, by)] if lang in wanted else []
    return [
        _stamp_page(path.with_name(f"{stem}.{code}.md"), stem, code, by)
        for code in wanted
        if path.with_name(f"{stem}.{code}.md").is_file()
    ]


def _stamp_page(path: Path, stem: str, lang: str, by: str | None) -> Stamped:
    source_path = path.with_name(f"{stem}.{DEFAULT}.md")
    if not source_path.is_file():
        raise StampError(
            tr(
                "{path}: its Vietnamese source {source} does not exist",
                path=path,
                source=source_path.name,
            )
        )
    source = _read_page(source_path)
    title = source.meta.data.get("title") if isinstance(source.meta.data, dict) else None
    if not isinstance(title, str):
        raise StampError(
            tr("{path}: the Vietnamese page has no title — add 'title: …'", path=source_path)
        )
    current = page_hash(title, source.body)

    text, newline = _read_raw(path)
    document = _read_page(path)
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise StampError(
            tr("{path}: the page has no front matter — add '---' lines with its title", path=path)
        )
    old = document.meta.data.get(BLOCK) if isinstance(document.meta.data, dict) else None
    record = {"source": current, "by": by or _recorded_by(old)}
    closing = _front_matter_end(lines)
    front = _replace_block(lines[1:closing], [f"{BLOCK}: {_flow(record)}{newline}"], newline)
    new_text = "".join([lines[0], *front, *lines[closing:]])
    _verify(path, new_text, document.meta.data, record, is_page=True)
    _write(path, text, new_text)
    return Stamped(path, lang, current, record["by"], new_text != text)


def _read_page(path: Path) -> FrontMatterDocument:
    try:
        return split_front_matter(_decoded(path), path)
    except YamlSyntaxError as exc:
        raise StampError(
            tr(
                "{path}:{line}: malformed front matter: {error}",
                path=path,
                line=exc.line,
                error=exc.message,
            )
        ) from None


def _front_matter_end(lines: list[str]) -> int:
    for index, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            return index
    raise AssertionError("split_front_matter accepted an unclosed front matter")


# --- items ---------------------------------------------------------------------------------


def _stamp_item(path: Path, wanted: tuple[str, ...], by: str | None) -> list[Stamped]:
    text, newline = _read_raw(path)
    try:
        located = parse_yaml(text, path)
    except YamlSyntaxError as exc:
        raise StampError(
            tr(
                "{path}:{line}: malformed YAML: {error}",
                path=path,
                line=exc.line,
                error=exc.message,
            )
        ) from None
    data = located.data if isinstance(located.data, dict) else {}
    try:
        model = ITEM_TYPES[path.parent.name].model_validate(data)
    except ValidationError as exc:
        raise StampError(
            tr(
                "{path}: the item is not valid ({count} problem(s)) — run 'portal check' and fix "
                "it first",
                path=path,
                count=exc.error_count(),
            )
        ) from None
    current = item_hash(model)
    old = data.get(BLOCK) if isinstance(data.get(BLOCK), dict) else {}
    records: dict[str, dict[str, str]] = {}
    for code in TARGETS:
        previous = old.get(code) if isinstance(old.get(code), dict) else None
        if code in wanted:
            records[code] = {"source": current, "by": by or _recorded_by(previous)}
        elif previous is not None:
            records[code] = {k: str(v) for k, v in previous.items()}
    block = [f"{BLOCK}:{newline}"]
    block += [f"  {code}: {_flow(record)}{newline}" for code, record in records.items()]
    new_text = "".join(_replace_block(text.splitlines(keepends=True), block, newline))
    _verify(path, new_text, data, records, is_page=False)
    _write(path, text, new_text)
    changed = new_text != text
    return [Stamped(path, code, current, records[code]["by"], changed) for code in wanted]


# --- editing -------------------------------------------------------------------------------


def _read_raw(path: Path) -> tuple[str, str]:
    text = _decoded(path)
    return text, "\r\n" if "\r\n" in text else "\n"


def _decoded(path: Path) -> str:
    try:
        return decode_text(path.read_bytes())
    except NotUtf8 as exc:
        raise StampError(
            tr("{path}:1: {error} — {fix}", path=path, error=exc.message, fix=exc.fix)
        ) from None


def _recorded_by(old: Any) -> str:
    if isinstance(old, dict) and old.get("by") in ("human", "machine", "reviewed"):
        return str(old["by"])
    return DEFAULT_BY


def _scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when it reads back as the same string, quoted otherwise."""
    return value if yaml.safe_load(value) == value else f"'{value}'"


def _flow(record: dict[str, str]) -> str:
    return "{" + ", ".join(f"{key}: {_scalar(value)}" for key, value in record.items()) + "}"


def _replace_block(lines: list[str], block: list[str], newline: str) -> list[str]:
    """Replace the top-level ``translation:`` key and its indented lines, or append ``block``."""
    for start, line in enumerate(lines):
        if line.startswith(f"{BLOCK}:") or line.startswith(f"{BLOCK} :"):
            end = start + 1
            while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].strip():
                end += 1
            return lines[:start] + block + lines[end:]
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines = [*lines[:-1], lines[-1] + newline]
    return lines + block


def _verify(path: Path, new_text: str, old_data: Any, expected: Any, *, is_page: bool) -> None:
    """Read the edited text back: the block must say ``expected`` and nothing else may differ."""
    try:
        if is_page:
            data = split_front_matter(new_text, path).meta.data
        else:
            data = parse_yaml(new_text, path).data
    except YamlSyntaxError as exc:
        raise StampError(
            tr(
                "{path}: stamping would break the file ({error}); nothing was written",
                path=path,
                error=exc,
            )
        ) from None
    others = {k: v for k, v in (old_data or {}).items() if k != BLOCK}
    if data.get(BLOCK) != expected or {k: v for k, v in data.items() if k != BLOCK} != others:
        raise StampError(
            tr(
                "{path}: the 'translation:' block could not be edited safely; nothing was written "
                "— write it by hand",
                path=path,
            )
        )


def _write(path: Path, text: str, new_text: str) -> None:
    if new_text != text:
        path.write_bytes(new_text.encode("utf-8"))
