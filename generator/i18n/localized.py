"""Texts given per language in data read from YAML (``{vi: …, en: …}``): recognising one, and
finding every one in a file's data with its path, for the glossary, the lint, the translation
segments and the source hashes alike."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.content.yamlsource import Loc
from generator.i18n.languages import CODES, DEFAULT


def is_localized(value: object) -> bool:
    """Whether ``value`` is a text given per language (``{vi: …, en: …}``) in data or YAML."""
    return (
        isinstance(value, dict)
        and DEFAULT in value
        and set(value) <= set(CODES)
        and all(isinstance(text, str) for text in value.values())
    )


def localized_fields(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, dict[str, str]]]:
    """Every text given per language in ``data`` (nested in mappings and lists), with its path."""
    if isinstance(data, dict):
        if is_localized(data):
            yield loc, data
            return
        for key, value in data.items():
            yield from localized_fields(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from localized_fields(value, (*loc, index))
