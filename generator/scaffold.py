"""``portal new``: the files of a new page or item, with the fields an editor must fill in.

The fields, which of them are required and what each accepts come from the content models
(:mod:`generator.content.models`, :class:`~generator.content.pages.PageMeta`) through
:mod:`generator.content.hints`, so a field added to a model is offered here without an edit.
Every value left to write is empty (``""``) or a ``TODO`` placeholder, and neither passes
``portal check``. A new page is created in Vietnamese only: until a translator writes its
other languages, readers of those languages get the Vietnamese text with a notice.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from pathlib import Path

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content.fields import SLUG_PATTERN
from generator.content.hints import describe_field, is_localized
from generator.content.media import DATA_DIR, MEDIA_DIR
from generator.content.models import ITEM_TYPES
from generator.content.pages import PageMeta
from generator.content.placeholders import MARKER
from generator.i18n.languages import CODES, DEFAULT
from generator.i18n.tool import tr

NOT_OFFERED = frozenset(
    {"slug", "translation", "sample", "template", "listing", "per_page", "blocks", "hide"}
)
"""Fields ``portal new`` leaves out: set by the system, or only for special pages."""

PAGE_BODY = f"{MARKER}: write the page here, in Markdown.\n"

_WEB_NAME = re.compile(SLUG_PATTERN)
"""A name in the site's addresses, as items' file names are (``le-hoi-den-mau``)."""


class UnknownSection(ValueError):
    """``portal new`` was given a section that is neither a folder of pages nor a kind of item."""

    def __init__(self, section: str, suggestion: str | None):
        self.section = section
        self.suggestion = suggestion
        hint = (
            tr("did you mean '{name}'?", name=suggestion)
            if suggestion
            else tr("check its spelling")
        )
        super().__init__(
            tr(
                "'{section}' is neither a section of pages nor a kind of item — {hint} "
                "(to start a new section, add --new-section)",
                section=section,
                hint=hint,
            )
        )


def sections(content_dir: Path) -> list[str]:
    """The folders of ``content_dir`` that hold pages (``tourism``, ``tourism/attractions``)."""
    found = set()
    for path in content_dir.rglob("*.md"):
        folder = path.parent.relative_to(content_dir).as_posix()
        if folder != "." and folder.split("/")[0] not in (DATA_DIR, MEDIA_DIR):
            found.add(folder)
    return sorted(found)


def check_section(content_dir: Path, section: str) -> None:
    """Accept a kind of item or an existing section of pages.

    Raises:
        UnknownSection: naming the nearest known section or kind, when there is one.
    """
    known = [*ITEM_TYPES, *sections(content_dir)]
    if section.strip("/") in known:
        return
    close = difflib.get_close_matches(section, known, n=1, cutoff=0.6)
    raise UnknownSection(section, close[0] if close else None)


def new_files(
    content_dir: Path, section: str, slug: str, today: dt.date, lang: str = DEFAULT
) -> list[Path]:
    """Create the file of a new item (``section`` is a kind), or the Vietnamese file of a new
    page (``section`` is a folder) — or, with ``lang``, that page's translation into it.

    Raises:
        FileExistsError: when the file exists already.
        ValueError: when a translation is asked for a page that has no Vietnamese file, or
            ``section`` or ``slug`` cannot be part of a web address of the site.
    """
    _refuse_other_than_web_names(section, slug)
    if section in ITEM_TYPES:
        path = content_dir / DATA_DIR / section / f"{slug}.yml"
        _write_new(path, item_text(section, today))
        return [path]
    folder = content_dir / section.strip("/")
    path = folder / f"{slug}.{lang}.md"
    if lang != DEFAULT and not (folder / f"{slug}.{DEFAULT}.md").exists():
        raise ValueError(
            tr(
                "{path} does not exist — write the Vietnamese page first: translations are made "
                "from it",
                path=folder / f"{slug}.{DEFAULT}.md",
            )
        )
    _write_new(path, page_text(today, lang))
    return [path]


def _refuse_other_than_web_names(section: str, slug: str) -> None:
    """``slug`` a name of the site's addresses, and ``section`` a kind of item or folders of such
    names outside ``data/`` and ``media/`` — so the file stays in ``content/`` and is published
    where its name says."""
    if not _WEB_NAME.fullmatch(slug):
        raise ValueError(
            tr(
                "the name '{slug}' cannot be a web address — write it in lowercase ASCII "
                "letters, digits and hyphens, e.g. le-hoi-den-mau",
                slug=slug,
            )
        )
    folders = section.strip("/").split("/")
    if section in ITEM_TYPES or (
        all(_WEB_NAME.fullmatch(folder) for folder in folders)
        and folders[0] not in (DATA_DIR, MEDIA_DIR)
    ):
        return
    raise ValueError(
        tr(
            "the section '{section}' cannot be a folder of pages — name its folders in lowercase "
            "ASCII letters, digits and hyphens, separated by '/' (e.g. tourism/festivals), "
            "outside {data}/ and {media}/",
            section=section,
            data=DATA_DIR,
            media=MEDIA_DIR,
        )
    )


def item_text(type_name: str, today: dt.date) -> str:
    """The YAML of a new item of ``type_name``: its required fields to fill in, each with what
    it accepts, then its optional fields as comments."""
    model = ITEM_TYPES[type_name]
    lines = [
        f"# {type_name}: a new item. Fill in every field; `portal check` names what is still "
        "missing.",
        f"# Text readers see is written in every language ({', '.join(CODES)}), side by side.",
        *_required_lines(model),
        "sources:  # where the facts come from: a document, a law, an office "
        "(an illustrative item instead says 'sample: true')",
        '  - title: ""',
        f"updated: {today.isoformat()}",
        *_optional_lines(model),
    ]
    return "\n".join(lines) + "\n"


def page_text(today: dt.date, lang: str = DEFAULT) -> str:
    """The Markdown of a new page in ``lang``: its front matter to fill in and a placeholder."""
    translation = [] if lang == DEFAULT else ["translation:", "  by: human"]
    lines = [
        "---",
        *_required_lines(PageMeta),
        f"updated: {today.isoformat()}",
        *translation,
        *_optional_lines(PageMeta),
        "---",
        "",
        PAGE_BODY,
    ]
    return "\n".join(lines)


def _required_lines(model: type[BaseModel]) -> list[str]:
    lines = []
    for name, info in model.model_fields.items():
        if info.is_required() and name not in NOT_OFFERED:
            lines += _field_lines(name, info, model is not PageMeta)
    return lines


def _optional_lines(model: type[BaseModel]) -> list[str]:
    optional = [
        (name, info)
        for name, info in model.model_fields.items()
        if not info.is_required() and name not in NOT_OFFERED | {"sources", "updated"}
    ]
    if not optional:
        return []
    lines = ["# Optional fields: remove the '# ' of a line to use it."]
    return lines + [f"# {name}:  # {describe_field(info)}" for name, info in optional]


def _field_lines(name: str, info: FieldInfo, localized_here: bool) -> list[str]:
    hint = describe_field(info)
    if localized_here and is_localized(info):
        return [f"{name}:  # required; {hint}", *(f'  {code}: ""' for code in CODES)]
    if hint == "text":
        return [f'{name}: ""  # required; {hint}']
    return [f"{name}:  # required; {hint}"]


def _write_new(path: Path, text: str) -> None:
    if path.exists():
        raise FileExistsError(tr("{path} exists already", path=path))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
