"""Read ``content/`` into typed models, collecting every problem with its file and line."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from generator.content.encoding import NotUtf8, decode_text
from generator.content.fields import SLUG_PATTERN
from generator.content.hints import describe_field, field_at
from generator.content.limits import MAX_MARKDOWN_BYTES, MAX_YAML_BYTES
from generator.content.models import ITEM_TYPES, Item, Site
from generator.content.pages import PageMeta, PageSource, page_key_and_lang
from generator.content.placeholders import check_body_placeholders, check_data_placeholders
from generator.content.problems import Problems
from generator.content.yamlsource import Located, YamlSyntaxError, parse_yaml, split_front_matter
from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.tool import tr

Settings = TypeVar("Settings", bound=BaseModel)

DATA_DIR = "data"
SITE_FILE = "site.yml"
_SLUG = re.compile(SLUG_PATTERN)


def _split_page() -> str:
    return tr(
        "split it into several pages, or publish the long document as a PDF in content/media/"
    )


def _shorten_yaml() -> str:
    return tr("shorten it: publish a long original text as a PDF in content/media/ and link it")


@dataclass(frozen=True)
class LoadedItem:
    """An item with the file it came from, so later checks can point at it."""

    type: str
    slug: str
    model: Item
    located: Located

    @property
    def path(self) -> Path:
        return self.located.path


@dataclass
class RawContent:
    site: Site | None
    site_located: Located | None
    items: dict[str, dict[str, LoadedItem]]
    pages: dict[str, dict[str, PageSource]]


def load_content(root: Path, problems: Problems) -> RawContent:
    """Load every file under ``root`` (the content folder) into models.

    Problems are added to ``problems``; what could not be read is left out.
    """
    site, site_located = _load_site(root, problems)
    items = _load_items(root / DATA_DIR, problems)
    pages = _load_pages(root, problems)
    return RawContent(site, site_located, items, pages)


def read_content_text(path: Path, limit: int, problems: Problems, fix: str) -> str | None:
    """The UTF-8 text of ``path`` (a byte order mark is dropped), or None (and a problem naming
    the encoding) when it is larger than ``limit`` bytes or not UTF-8. At most ``limit + 1``
    bytes are read, whatever the file's size."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        size = max(path.stat().st_size, len(data))
        problems.add(
            path,
            1,
            tr(
                "the file is {size} ({bytes:,} bytes), more than the limit of {limit} for a "
                "{suffix} file",
                size=_megabytes(size),
                bytes=size,
                limit=_megabytes(limit),
                suffix=path.suffix,
            ),
            fix,
        )
        return None
    try:
        return decode_text(data)
    except NotUtf8 as exc:
        problems.add(path, 1, exc.message, exc.fix)
    return None


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _read_yaml(path: Path, problems: Problems) -> Located | None:
    text = read_content_text(path, MAX_YAML_BYTES, problems, _shorten_yaml())
    if text is None:
        return None
    try:
        return parse_yaml(text, path)
    except YamlSyntaxError as exc:
        _report_syntax_error(
            exc,
            path,
            problems,
            tr("malformed YAML: {error}", error=exc.message),
            tr("check the indentation, quotes and colons on this line and the one before"),
        )
    return None


def _report_syntax_error(
    exc: YamlSyntaxError, path: Path, problems: Problems, message: str, fix: str
) -> None:
    """``exc`` as a problem at its line: its own message and fix when it names a fix (a refused
    feature such as an anchor), else ``message`` and ``fix`` for this kind of file."""
    problems.add(path, exc.line, exc.message if exc.fix else message, exc.fix or fix)


def read_settings(path: Path, model: type[Settings], problems: Problems) -> Settings | None:
    """A YAML file of the project's settings (the term base, the lint rules) read into ``model``.

    Args:
        path: the file.
        model: the pydantic model its data must fit.
        problems: where malformed YAML and each invalid field are reported, with their lines.

    Returns:
        The validated settings, or None when the file is malformed or invalid.
    """
    try:
        located = parse_yaml(path.read_text(encoding="utf-8"), path)
    except YamlSyntaxError as exc:
        problems.add(
            path,
            exc.line,
            tr("malformed YAML: {error}", error=exc.message),
            tr("check indentation and quotes"),
        )
        return None
    try:
        return model.model_validate(located.data)
    except ValidationError as exc:
        for error in exc.errors():
            report_validation_error(model, located, error, problems)
    return None


def _validate(
    model: type[BaseModel], located: Located, problems: Problems, extra: dict | None = None
):
    data = located.data
    if not isinstance(data, dict):
        problems.add(
            located.path,
            1,
            tr("the file must hold a mapping of fields"),
            tr("write 'field: value' lines"),
        )
        return None
    check_data_placeholders(located, problems)
    try:
        return model.model_validate({**data, **(extra or {})})
    except ValidationError as exc:
        for error in exc.errors():
            report_validation_error(model, located, error, problems)
    return None


def report_validation_error(
    model: type[BaseModel], located: Located, error: Any, problems: Problems
) -> None:
    """Turn one pydantic error into a ``path:line: what — fix`` problem."""
    loc = tuple(part for part in error["loc"] if not str(part).startswith(("function-", "[key]")))
    name = ".".join(str(p) for p in loc) or "(file)"
    kind = error["type"]
    line = located.line_of(loc)
    if kind == "extra_forbidden":
        known = _field_names(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        fix = (
            tr("did you mean '{name}'?", name=close[0])
            if close
            else tr("known fields here: {names}", names=", ".join(known))
        )
        problems.add(located.path, line, tr("unknown field '{name}'", name=name), fix)
    elif kind == "missing":
        problems.add(
            located.path,
            line,
            tr("required field '{name}' is missing", name=name),
            tr("add '{name}: …'", name=loc[-1]),
        )
    elif error.get("input", "") is None or kind == "string_too_short":
        problems.add(
            located.path,
            line,
            tr("'{name}': the value is empty", name=name),
            _empty_fix(model, loc),
        )
    elif kind.startswith(("date_", "datetime_")):
        problems.add(
            located.path,
            line,
            tr("'{name}' is not a valid date ({value!r})", name=name, value=error.get("input")),
            tr("write the date as YYYY-MM-DD, e.g. 2024-01-29"),
        )
    elif kind == "literal_error":
        problems.add(
            located.path,
            line,
            tr(
                "'{name}' has the value {value!r}, which is not allowed",
                name=name,
                value=error.get("input"),
            ),
            tr("use one of {values}", values=error["ctx"]["expected"]),
        )
    elif kind == "string_pattern_mismatch":
        problems.add(
            located.path,
            line,
            tr(
                "'{name}' has the value {value!r}, which has the wrong form",
                name=name,
                value=error.get("input"),
            ),
            tr("use lowercase ASCII letters, digits and hyphens (e.g. so-ngoai-vu)")
            if "a-z0-9" in error["ctx"]["pattern"]
            else tr("match {pattern}", pattern=error["ctx"]["pattern"]),
        )
    else:
        # A validator of ours writes "what — fix" (see generator/content/fields.py).
        message, _, fix = error["msg"].removeprefix("Value error, ").partition(" — ")
        if not fix and "translation" in message:
            fix = tr("give the text in every language under this field")
        problems.add(located.path, line, tr("'{name}': {message}", name=name, message=message), fix)


def _empty_fix(model: type[BaseModel], loc: tuple) -> str:
    """What to write in an empty field (its allowed values), or to remove an optional one."""
    info = field_at(model, loc)
    hint = describe_field(info) if info else "text"
    name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "value")
    fix = tr("write the {name}", name=name) if hint == "text" else tr("write {hint}", hint=hint)
    optional = info is not None and not info.is_required() and not isinstance(loc[-1], int)
    return tr("{fix}, or remove the line", fix=fix) if optional else fix


def _field_names(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the (nested) model at ``loc``, for 'did you mean' hints."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = _model_in(field.annotation)
    return sorted(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _load_site(root: Path, problems: Problems) -> tuple[Site | None, Located | None]:
    path = root / SITE_FILE
    if not path.exists():
        problems.add(
            path,
            1,
            tr("content/site.yml is missing"),
            tr("create it: it names the province and its menu"),
        )
        return None, None
    located = _read_yaml(path, problems)
    if located is None:
        return None, None
    return _validate(Site, located, problems), located


def _load_items(data_dir: Path, problems: Problems) -> dict[str, dict[str, LoadedItem]]:
    items: dict[str, dict[str, LoadedItem]] = {name: {} for name in ITEM_TYPES}
    if not data_dir.is_dir():
        return items
    for folder in sorted(p for p in data_dir.iterdir() if p.is_dir()):
        model = ITEM_TYPES.get(folder.name)
        if model is None:
            close = difflib.get_close_matches(folder.name, list(ITEM_TYPES), n=1)
            problems.add(
                folder,
                1,
                tr("'{name}' is not a kind of item", name=folder.name),
                tr("rename the folder to '{name}'", name=close[0])
                if close
                else tr("use one of {values}", values=", ".join(ITEM_TYPES)),
            )
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix in (".yml", ".yaml"):
                _load_item(folder.name, model, path, items[folder.name], problems)
            elif not path.name.startswith("."):
                problems.add(
                    path,
                    1,
                    tr("only .yml files belong in a data folder"),
                    tr("move it to content/media/"),
                )
    return items


def _load_item(
    type_name: str, model: type[Item], path: Path, into: dict[str, LoadedItem], problems: Problems
) -> None:
    located = _read_yaml(path, problems)
    if located is None:
        return
    if not _SLUG.match(path.stem):
        problems.add(
            path,
            1,
            tr("the file name '{name}' cannot be a web address", name=path.name),
            tr("rename it with lowercase ASCII letters, digits and hyphens (e.g. pho-hien.yml)"),
        )
        return
    item = _validate(model, located, problems)
    if item is None:
        return
    slug = item.slug or path.stem
    if slug in into:
        other = into[slug]
        problems.add(
            path,
            located.line_of(("slug",)),
            tr(
                "duplicate slug '{slug}': {path} already uses it",
                slug=slug,
                path=problems.relative(other.path),
            ),
            tr("give one of the two items another file name or 'slug:'"),
        )
        return
    into[slug] = LoadedItem(type_name, slug, item, located)


def _load_pages(root: Path, problems: Problems) -> dict[str, dict[str, PageSource]]:
    pages: dict[str, dict[str, PageSource]] = {}
    for path in sorted(root.rglob("*.md")):
        src_uri = path.relative_to(root).as_posix()
        if src_uri.startswith(f"{DATA_DIR}/") or src_uri == "README.md":
            continue
        key, lang = page_key_and_lang(src_uri)
        if lang is None:
            problems.add(
                path,
                1,
                tr("the file name has no language suffix"),
                tr(
                    "rename it to {name} (and add the other languages)",
                    name=f"{PurePosixPath(src_uri).stem}.{DEFAULT}.md",
                ),
            )
            continue
        if lang not in CODES:
            problems.add(
                path,
                1,
                tr(
                    "language code '{lang}' is not one of the portal's languages ({codes})",
                    lang=lang,
                    codes=", ".join(CODES),
                ),
                tr("rename the file with one of them, e.g. {name}", name=f"{key}.en.md"),
            )
            continue
        page = _load_page(key, lang, path, src_uri, problems)
        if page is not None:
            pages.setdefault(key, {})[lang] = page
    return pages


def _load_page(
    key: str, lang: str, path: Path, src_uri: str, problems: Problems
) -> PageSource | None:
    text = read_content_text(path, MAX_MARKDOWN_BYTES, problems, _split_page())
    if text is None:
        return None
    try:
        document = split_front_matter(text, path)
    except YamlSyntaxError as exc:
        _report_syntax_error(
            exc,
            path,
            problems,
            tr("malformed front matter: {error}", error=exc.message),
            tr("the front matter is YAML between two '---' lines: check indentation and quotes"),
        )
        return None
    meta = _validate(PageMeta, document.meta, problems)
    check_body_placeholders(path, document.body, document.body_line, problems)
    if meta is None:
        return None
    return PageSource(
        key, lang, path, src_uri, meta, document.meta, document.body, document.body_line
    )
