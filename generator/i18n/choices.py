"""The readers' names of the content models' choices: ``translations/choices.yml``.

A ``Literal`` field (a plan's ``doc_type``, a project's ``sector`` …) stores a value such as
``official-letter``; readers see its name, written once in English in ``choices.yml``, whose
texts are msgids of the ``messages`` catalogs (extracted by :func:`extract_choices`, see
``babel.cfg``). Pages show the name in the reader's language (the ``choice_label`` of
:mod:`generator.render`); the web editor offers it, in the editor's language, as the label of
the value in its select menus (:mod:`generator.cms.widgets`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from generator.i18n.languages import LANGUAGES_FILE

CHOICES_FILE = LANGUAGES_FILE.with_name("choices.yml")


@cache
def choice_names(path: Path = CHOICES_FILE) -> dict[str, str]:
    """Each value of a choice -> its name in English (a msgid of the ``messages`` domain)."""
    return _choices(path.read_text(encoding="utf-8"))


def extract_choices(
    fileobj: Any, keywords: Iterable[str], comment_tags: Iterable[str], options: dict
) -> Iterator[tuple[int, None, str, list[str]]]:
    """Babel's extraction method for ``choices.yml`` (``babel.cfg``): each English name."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for value, english in _choices(text).items():
        line = next((n for n, row in enumerate(lines, 1) if row.strip().startswith(value)), 1)
        yield line, None, english, []


def _choices(text: str) -> dict[str, str]:
    return {str(value): str(name) for value, name in yaml.safe_load(text)["choices"].items()}
