"""Decap CMS fields from the pydantic models: one widget per field of the model.

The walk reads each field's type the way pydantic validates it: optional (``X | None``) makes a
field not required; :data:`~generator.content.fields.Localized` becomes an object with one input
per language (the YAML keeps ``{vi: …, en: …}`` side by side, which is what an object writes);
a reference to an item (:data:`~generator.content.fields.AgencyRef`) a relation to that kind's
collection; :data:`~generator.content.fields.ContentPath` an image or file chosen from
``content/media``; ``Literal`` a select of its values; a nested model an object, a list of them
a list. Patterns, bounds and defaults come from the field's metadata; hints from what the
validator of the type expects. A type the walk does not know is an error, so a new kind of field
cannot silently become a plain text box.
"""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.content.fields import (
    ContentPath,
    Deadline,
    Email,
    ItemRef,
    Localized,
    MailtoOrWebUrl,
    Phone,
    WebUrl,
)
from generator.i18n.languages import LANGUAGES

MARKDOWN_FIELDS = frozenset({"body"})
"""Fields written in Markdown (rendered through the sanitizer)."""

LONG_TEXT_FIELDS = frozenset(
    {"summary", "what", "claim", "facts", "description", "text", "original_text", "benefit"}
)
"""Fields of more than a line: a text area rather than a one-line input."""

IMAGE_FIELDS = frozenset({("Image", "src"), ("Site", "emblem")})
"""Paths (model, field) that name a picture: Decap's image widget, with its preview."""


def _validator(alias: Any) -> Any:
    """The function of the last validator of an ``Annotated`` alias of fields.py (the one
    that checks; ``Deadline`` first turns any value into text)."""
    return [m.func for m in get_args(alias)[1:] if hasattr(m, "func")][-1]


HINTS: dict[Any, str] = {
    _validator(WebUrl): "A full web address: https://…",
    _validator(MailtoOrWebUrl): "mailto:name@domain or a full https:// address",
    _validator(Email): "An e-mail address, name@domain (without mailto:)",
    _validator(Phone): "Digits, spaces, + - . ( ) only, e.g. +84 221 3862 000",
    _validator(Deadline): "A date (2024-06-30), a quarter (Q3/2024), a month (6/2024), "
    "'annual', 'ongoing' or 'regular'",
    _validator(ContentPath): "A file of content/media",
}
"""What an editor writes into a field of each typed kind (the validators' own rules)."""

SLUG_HINT = "Lowercase ASCII words joined by hyphens, e.g. so-ngoai-vu"
LANGUAGES_HINT = "Fill every language, or leave them all empty"
TRANSLATION_HINT = "Written by 'portal i18n stamp': which Vietnamese version each translates"


class UnknownFieldType(TypeError):
    """A model field of a type the editor cannot offer yet."""


def model_fields(model: type[BaseModel], *, defaults: bool = True) -> list[dict]:
    """Decap's fields of every field of ``model``, in the model's order.

    Args:
        model: a content model (an item, ``Site``, a page's front matter, a nested model).
        defaults: whether to write the model's defaults into new entries (not inside an
            optional object, which would then always be written).
    """
    return [
        field_widget(name, info, owner=model.__name__, defaults=defaults)
        for name, info in model.model_fields.items()
    ]


def field_widget(name: str, info: FieldInfo, owner: str, defaults: bool = True) -> dict:
    """The Decap field of one pydantic field (``info``) of the model named ``owner``."""
    annotation, metadata, optional = _unwrap(info.annotation, list(info.metadata))
    required = info.is_required() and not optional
    widget = {"name": name, "label": _label(name), "required": required}
    widget.update(_widget(name, annotation, metadata, owner, required, defaults))
    default = info.default
    if defaults and not required and default not in (None, [], {}) and _scalar(default):
        widget["default"] = default.isoformat() if isinstance(default, dt.date) else default
    return widget


def _widget(name: str, tp: Any, metadata: list, owner: str, required: bool, defaults: bool) -> dict:
    if _is_localized(metadata):
        return _localized(name, required)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return {
            "widget": "object",
            "collapsed": not required,
            "fields": model_fields(tp, defaults=defaults and required),
        }
    origin = get_origin(tp)
    if origin is list:
        return _list(name, get_args(tp)[0], owner)
    if origin is dict:
        return _per_language(name, get_args(tp)[1], owner)
    if origin is Literal:
        return {"widget": "select", "options": list(get_args(tp))}
    return _scalar_widget(name, tp, metadata, owner)


def _scalar_widget(name: str, tp: Any, metadata: list, owner: str) -> dict:
    functions = [m.func for m in metadata if hasattr(m, "func")]
    kind = _referenced_kind(functions)
    if kind:
        return {
            "widget": "relation",
            "collection": kind,
            "value_field": "{{slug}}",
            "search_fields": ["title.vi"],
            "display_fields": ["title.vi"],
        }
    if _validator(ContentPath) in functions:
        image = (owner, name) in IMAGE_FIELDS
        return {"widget": "image" if image else "file", "hint": HINTS[_validator(ContentPath)]}
    if tp is bool:
        return {"widget": "boolean"}
    if tp is dt.date:
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "picker_utc": True,
        }
    if tp in (int, float, Decimal):
        return {
            "widget": "number",
            "value_type": "int" if tp is int else "float",
            **_bounds(metadata),
        }
    if tp is str:
        return _string(name, functions, metadata)
    raise UnknownFieldType(
        f"{owner}.{name}: the web editor has no widget for {tp!r} — teach generator/cms/widgets.py"
    )


def _string(name: str, functions: list, metadata: list) -> dict:
    widget: dict = {"widget": _text_widget(name)}
    hint = next((HINTS[f] for f in functions if f in HINTS), None)
    pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
    if pattern:
        hint = hint or (SLUG_HINT if name in ("slug",) else f"Matches {pattern}")
        widget["pattern"] = [pattern, hint]
    if hint:
        widget["hint"] = hint
    return widget


def _localized(name: str, required: bool) -> dict:
    """Six inputs side by side, stored as ``{vi: …, en: …}``: the model wants all or none."""
    widget: dict = {"widget": "object", "collapsed": False}
    if not required:
        widget["hint"] = LANGUAGES_HINT
    widget["fields"] = [
        {
            "name": lang.code,
            "label": f"{lang.autonym} ({lang.code})",
            "widget": _text_widget(name),
            "required": required,
        }
        for lang in LANGUAGES
    ]
    return widget


def _list(name: str, element: Any, owner: str) -> dict:
    element, metadata, _ = _unwrap(element, [])
    if get_origin(element) is Literal:
        return {"widget": "select", "multiple": True, "options": list(get_args(element))}
    if isinstance(element, type) and issubclass(element, BaseModel):
        # a default inside makes Decap start the list with one half-empty entry
        return {"widget": "list", "fields": model_fields(element, defaults=False)}
    inner = {"name": name, "label": _label(name), "required": True}
    inner.update(_widget(name, element, metadata, owner, True, False))
    return {"widget": "list", "field": inner}


def _per_language(name: str, value: Any, owner: str) -> dict:
    """``dict[LangCode, Model]`` (translation records): one optional object per language."""
    fields = []
    for lang in LANGUAGES:
        entry = {"name": lang.code, "label": f"{lang.autonym} ({lang.code})", "required": False}
        entry.update(_widget(name, value, [], owner, False, False))
        fields.append(entry)
    return {"widget": "object", "collapsed": True, "hint": TRANSLATION_HINT, "fields": fields}


# --- reading types ---------------------------------------------------------------------------


def _unwrap(tp: Any, metadata: list) -> tuple[Any, list, bool]:
    """``tp`` without ``Annotated`` and ``| None``: (type, all its metadata, optional)."""
    optional = False
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *extra = get_args(tp)
            metadata = [*metadata, *extra]
        elif origin in (Union, types.UnionType):
            arms = [arm for arm in get_args(tp) if arm is not type(None)]
            if len(arms) != 1:
                raise UnknownFieldType(f"the web editor cannot offer a choice of types {tp!r}")
            optional, tp = True, arms[0]
        else:
            break
    flat: list = []
    for item in metadata:
        flat.extend(item.metadata if isinstance(item, FieldInfo) else [item])
    return tp, flat, optional


def _is_localized(metadata: list) -> bool:
    return _validator(Localized) in [m.func for m in metadata if hasattr(m, "func")]


def _referenced_kind(functions: list) -> str | None:
    for function in functions:
        if getattr(function, "func", None) == ItemRef.to:
            return function.args[0]
    return None


def _bounds(metadata: list) -> dict:
    bounds: dict = {}
    for item in metadata:
        for attr, key, step in (("ge", "min", 0), ("gt", "min", 1), ("le", "max", 0)):
            value = getattr(item, attr, None)
            if value is not None:
                bounds[key] = int(value) + step if step else float(value)
    return {k: int(v) if float(v).is_integer() else v for k, v in bounds.items()}


def _text_widget(name: str) -> str:
    if name in MARKDOWN_FIELDS:
        return "markdown"
    return "text" if name in LONG_TEXT_FIELDS else "string"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _scalar(value: object) -> bool:
    return isinstance(value, (str, bool, int, float, dt.date))
