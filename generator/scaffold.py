"""``portal new``: the files of a new page or item, with the fields an editor must fill in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.content.models import ITEM_TYPES
from generator.i18n.languages import CODES, DEFAULT

PAGE_TEMPLATE = """---
title: ""
description: ""
updated: {today}
sources:
  - title: ""
{translation}---

"""

ITEM_TEMPLATE = """# {type_name}: fill in every field; `portal check` names what is still missing.
title:
{languages}summary:
{languages}sources:
  - title: ""
updated: {today}
"""


def new_files(content_dir: Path, section: str, slug: str, today: dt.date) -> list[Path]:
    """Create the files of a new page (``section`` is a folder) or item (``section`` is a kind).

    Raises:
        FileExistsError: when one of the files exists already.
    """
    if section in ITEM_TYPES:
        path = content_dir / "data" / section / f"{slug}.yml"
        languages = "".join(f'  {code}: ""\n' for code in CODES)
        _write_new(path, ITEM_TEMPLATE.format(type_name=section, languages=languages, today=today))
        return [path]
    paths = []
    for code in CODES:
        path = content_dir / section / f"{slug}.{code}.md"
        translation = "" if code == DEFAULT else "translation:\n  by: human\n"
        _write_new(path, PAGE_TEMPLATE.format(today=today, translation=translation))
        paths.append(path)
    return paths


def _write_new(path: Path, text: str) -> None:
    if path.exists():
        raise FileExistsError(f"{path} exists already")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
