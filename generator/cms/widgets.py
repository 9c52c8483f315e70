"""Decap CMS fields from the pydantic models: one widget per field of the model.

The walk reads each field's type the way pydantic validates it: optional (``X | None``) makes a
field not required; :data:`~generator.content.fields.Localized` becomes an object with one input
per language (the YAML keeps ``{vi: …, en: …}`` side by side, which is what an object writes);
a reference to an item (:data:`~generator.content.fields.AgencyRef`) a relation to that kind's
collection; :data:`~generator.content.fields.ContentPath` an image or file chosen from
``content/media``; ``Literal`` a select of its values, each named in the editor's language; a
nested model an object, a list of them a list. Patterns, bounds and defaults come from the
field's metadata; hints from what the validator of the type expects; labels and hints are the
editor's language's words for the field (:mod:`generator.cms.words`). A type the walk does not
know is an error, so a new kind of field cannot silently become a plain text box.
"""

from __future__ import annotations

import datetime as dt
import types
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.cms.words import Words
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
    _validator(WebUrl): "web_url",
    _validator(MailtoOrWebUrl): "mailto_or_web_url",
    _validator(Email): "email",
    _validator(Phone): "phone",
    _validator(Deadline): "deadline",
    _validator(ContentPath): "content_path",
}
"""The hint (its key in ``words.yml``'s ``hints``) saying what an editor writes into a field of
each typed kind: the validators' own rules."""


class UnknownFieldType(TypeError):
    """A model field of a type the editor cannot offer yet."""


def model_fields(model: type[BaseModel], words: Words, *, defaults: bool = True) -> list[dict]:
    """Decap's fields of every field of ``model``, in the model's order.

    Args:
        model: a content model (an item, ``Site``, a page's front matter, a nested model).
        words: the labels and hints in the editor's language.
        defaults: whether to write the model's defaults into new entries (not inside an
            optional object, which would then always be written).
    """
    return [
        field_widget(name, info, model.__name__, words, defaults=defaults)
        for name, info in model.model_fields.items()
    ]


def field_widget(
    name: str, info: FieldInfo, owner: str, words: Words, defaults: bool = True
) -> dict:
    """The Decap field of one pydantic field (``info``) of the model named ``owner``, labelled
    and explained in the language of ``words``."""
    annotation, metadata, optional = _unwrap(info.annotation, list(info.metadata))
    required = info.is_required() and not optional
    widget = {"name": name, "label": words.label(owner, name), "required": required}
    widget.update(_widget(name, annotation, metadata, owner, words, required, defaults))
    hint = words.hint(owner, name)
    if hint:  # the field's own hint says more than its type's
        widget["hint"] = hint
    default = info.default
    if defaults and not required and default not in (None, [], {}) and _scalar(default):
        widget["default"] = default.isoformat() if isinstance(default, dt.date) else default
    return widget


def _widget(
    name: str, tp: Any, metadata: list, owner: str, words: Words, required: bool, defaults: bool
) -> dict:
    if _is_localized(metadata):
        return _localized(name, required, words)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return {
            "widget": "object",
            "collapsed": not required,
            "fields": model_fields(tp, words, defaults=defaults and required),
        }
    origin = get_origin(tp)
    if origin is list:
        return _list(name, get_args(tp)[0], owner, words)
    if origin is dict:
        return _per_language(name, get_args(tp)[1], owner, words)
    if origin is Literal:
        return {"widget": "select", "options": _options(get_args(tp), words)}
    return _scalar_widget(name, tp, metadata, owner, words)


def _scalar_widget(name: str, tp: Any, metadata: list, owner: str, words: Words) -> dict:
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
        hint = words.type_hint(HINTS[_validator(ContentPath)])
        return {"widget": "image" if image else "file", "hint": hint}
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
        return _string(name, owner, functions, metadata, words)
    raise UnknownFieldType(
        f"{owner}.{name}: the web editor has no widget for {tp!r} — teach generator/cms/widgets.py"
    )


def _string(name: str, owner: str, functions: list, metadata: list, words: Words) -> dict:
    widget: dict = {"widget": _text_widget(name)}
    kind = next((HINTS[f] for f in functions if f in HINTS), None)
    hint = words.type_hint(kind) if kind else None
    pattern = next((m.pattern for m in metadata if getattr(m, "pattern", None)), None)
    if pattern:  # Decap shows the pattern's message when a value does not match
        hint = hint or words.hint(owner, name) or words.type_hint("pattern", pattern=pattern)
        widget["pattern"] = [pattern, hint]
    if hint:
        widget["hint"] = hint
    return widget


def _localized(name: str, required: bool, words: Words) -> dict:
    """Six inputs side by side, stored as ``{vi: …, en: …}``: the model wants all or none."""
    widget: dict = {"widget": "object", "collapsed": False}
    if not required:
        widget["hint"] = words.type_hint("languages")
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


def _list(name: str, element: Any, owner: str, words: Words) -> dict:
    element, metadata, _ = _unwrap(element, [])
    if get_origin(element) is Literal:
        options = _options(get_args(element), words)
        return {"widget": "select", "multiple": True, "options": options}
    if isinstance(element, type) and issubclass(element, BaseModel):
        # a default inside makes Decap start the list with one half-empty entry
        return {"widget": "list", "fields": model_fields(element, words, defaults=False)}
    inner = {"name": name, "label": words.label(owner, name), "required": True}
    inner.update(_widget(name, element, metadata, owner, words, True, False))
    return {"widget": "list", "field": inner}


def _per_language(name: str, value: Any, owner: str, words: Words) -> dict:
    """``dict[LangCode, Model]`` (translation records): one optional object per language."""
    fields = []
    for lang in LANGUAGES:
        entry = {"name": lang.code, "label": f"{lang.autonym} ({lang.code})", "required": False}
        entry.update(_widget(name, value, [], owner, words, False, False))
        fields.append(entry)
    hint = words.type_hint("translation")
    return {"widget": "object", "collapsed": True, "hint": hint, "fields": fields}


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


def _options(values: tuple, words: Words) -> list[dict]:
    """A select's choices, each by its name in the editor's language (``Công văn`` for
    ``official-letter``, :meth:`Words.choice`), languages by their own (``Tiếng Việt (vi)``)."""
    names = {lang.code: f"{lang.autonym} ({lang.code})" for lang in LANGUAGES}
    if all(value in names for value in values):
        return [{"label": names[value], "value": value} for value in values]
    return [{"label": words.choice(value), "value": value} for value in values]


def _text_widget(name: str) -> str:
    if name in MARKDOWN_FIELDS:
        return "markdown"
    return "text" if name in LONG_TEXT_FIELDS else "string"


def _scalar(value: object) -> bool:
    return isinstance(value, (str, bool, int, float, dt.date))
