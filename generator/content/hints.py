"""What an editor may write in a field, read from the field's type in the content models.

``portal new`` writes these hints as comments beside each field, and the check repeats them when
a field is left empty, so the allowed values (a news item's ``category``, a project's ``forms``)
are stated once, in :mod:`generator.content.models`, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from decimal import Decimal
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content import fields
from generator.i18n.languages import DEFAULT

_BY_VALIDATOR = {
    fields._check_languages: "text in every language",
    fields._content_path: "a file of content/, e.g. media/photo.jpg",
    fields._web_url: "a web address, https://…",
    fields._mailto_or_web_url: "mailto:name@domain or a web address, https://…",
    fields._email: "an e-mail address",
    fields._phone: "a telephone number, e.g. +84 221 3862 000",
    fields._check_deadline: "a date (2024-06-30), a quarter (Q3/2024), a month (6/2024), "
    "'annual', 'ongoing' or 'regular'",
}


def is_localized(info: FieldInfo) -> bool:
    """Whether the field holds text in every language (:data:`~fields.Localized`)."""
    return (
        _validator_hint(_unwrap(info.annotation, list(info.metadata))[1])
        == _BY_VALIDATOR[fields._check_languages]
    )


def describe_field(info: FieldInfo) -> str:
    """What the field accepts, in a few words (``one of: a, b``, ``a date, YYYY-MM-DD``)."""
    return describe(info.annotation, list(info.metadata))


def describe(annotation: Any, metadata: list | None = None) -> str:
    """What a value of ``annotation`` (with pydantic ``metadata``) looks like to an editor."""
    annotation, metadata = _unwrap(annotation, list(metadata or []))
    hint = _validator_hint(metadata)
    if hint:
        return hint
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return "one of: " + ", ".join(str(value) for value in typing.get_args(annotation))
    if origin is list:
        (element,) = typing.get_args(annotation) or (Any,)
        return f"a list, each entry {describe(element)}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _describe_model(annotation)
    return _describe_scalar(annotation, metadata)


def field_at(model: type[BaseModel], loc: tuple) -> FieldInfo | None:
    """The field of ``model`` (or of a model nested in it) at the path ``loc``."""
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return None
        current = _nested_model(info.annotation)
    return info


def _describe_model(model: type[BaseModel]) -> str:
    required = [name for name, info in model.model_fields.items() if info.is_required()]
    optional = [name for name, info in model.model_fields.items() if not info.is_required()]
    text = "with " + ", ".join(f"{name}: …" for name in required)
    return text + (f" (optional: {', '.join(optional)})" if optional else "")


def _describe_scalar(annotation: Any, metadata: list) -> str:
    if annotation is dt.date:
        return "a date, YYYY-MM-DD"
    if annotation is bool:
        return "true or false"
    if annotation in (int, Decimal, float):
        bounds = [_bound(item) for item in metadata if _bound(item)]
        return "a number" + (f" ({', '.join(bounds)})" if bounds else "")
    pattern = next((getattr(m, "pattern", None) for m in metadata if getattr(m, "pattern", 0)), "")
    if pattern == fields.SLUG_PATTERN:
        return "lowercase ASCII letters, digits and hyphens, e.g. so-ngoai-vu"
    if pattern:
        return f"text matching {pattern}"
    return "text"


def _bound(item: Any) -> str:
    for name, sign in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
        value = getattr(item, name, None)
        if value is not None:
            return f"{sign} {value}"
    return ""


def _validator_hint(metadata: list) -> str:
    for item in metadata:
        func = getattr(item, "func", None)
        if isinstance(func, functools.partial) and func.func == fields.ItemRef.to:
            kind = func.args[0]
            return (
                f"the file name (without .yml) of an item of content/data/{kind}/, "
                f"e.g. {_example(kind)}"
            )
        if func in _BY_VALIDATOR:
            return _BY_VALIDATOR[func]
    return ""


def _example(kind: str) -> str:
    return {"agencies": "so-ngoai-vu", "plans": "84-kh"}.get(kind, "a-slug")


def _unwrap(annotation: Any, metadata: list) -> tuple[Any, list]:
    """Strip ``Optional`` and ``Annotated``, gathering the metadata they carry."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation, *extra = typing.get_args(annotation)
            metadata = [*metadata, *extra]
            metadata += [m for item in extra for m in getattr(item, "metadata", [])]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            rest = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(rest) != 1:
                return annotation, metadata
            annotation = rest[0]
        else:
            return annotation, metadata


def _nested_model(annotation: Any) -> Any:
    annotation, _ = _unwrap(annotation, [])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


LANGUAGE_NOTE = f"the {DEFAULT} text first; each language on its own line"
