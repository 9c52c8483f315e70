"""The open-data export: every kind of item as JSON and CSV, each with a versioned JSON Schema,
and an index of the datasets, written under ``data/`` once all languages are built.

``data/<kind>.json`` holds ``{"schema", "generated", "items"}``: each item is its model as
pydantic serialises it (text in all six languages side by side), preceded by its ``slug`` and its
absolute ``url`` in each language; ``sample`` is always there (``true`` for an illustrative
item, not an official record), and a date known only to the year (``issued_precision: year``)
is written as that year, never as the placeholder day that orders it.
``data/schema/<kind>.v1.json`` is the JSON Schema (draft 2020-12) of that file, generated from the
same model, so that other systems can validate what they harvest. ``data/<kind>.csv`` has one row
per item for spreadsheets (a cell that a spreadsheet would run as a formula is neutralised:
:func:`spreadsheet_safe`; a cell longer than a spreadsheet holds is cut, naming the JSON file:
:func:`within_cell_limit`), and ``data/index.json`` lists the datasets. A plan's tasks are a
dataset of their own, ``data/plan-tasks.json|csv``, one row per task
(:mod:`generator.export_tasks`); ``plans.csv`` gives their number.

Everything written depends only on the content (and ``site_url``): two builds of the same content
give the same bytes, so the files can be mirrored and diffed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from generator.content.fields import PROVINCE_TIME, SLUG_PATTERN, LangCode, province_midnight
from generator.content.loader import LoadedItem
from generator.content.models import ITEM_TYPES
from generator.content.portal import Portal
from generator.export_tasks import DATASET_NAME, PlanTaskRecord, task_records
from generator.i18n.languages import CODES, DEFAULT
from generator.routes import Route, absolute

EXPORT_DIR = "data"
SCHEMA_DIR = "schema"
SCHEMA_VERSION = "v1"
INDEX_NAME = "index.json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
LIST_SEPARATOR = " | "
SAMPLE_FIELD = "sample"
SAMPLE_DESCRIPTION = "true when the item is an illustrative example, not an official record"
LOCALIZED_DESCRIPTION = (
    "the text per language: Vietnamese always, and every other language unless the record "
    "lists it under 'untranslated' (not yet translated; its readers are shown the Vietnamese)"
)
YEAR_ONLY_DATES = {"issued": "issued_precision"}
"""A date field and the field saying when only its year is known: the export gives the year."""
YEAR_OR_DATE_PATTERN = r"^\d{4}(-\d{2}-\d{2})?$"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CELL_LIMIT = 32_767
"""The most characters a spreadsheet keeps in one cell (Excel, LibreOffice Calc)."""
CSV_COUNTED = {"tasks": DATASET_NAME}
"""Fields whose CSV cell is the number of entries: their rows are a dataset of their own."""
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class Dataset:
    """One kind of item, ready to be written: its name, model and records."""

    name: str
    model: type[BaseModel]
    records: list[dict[str, Any]]

    @property
    def json_path(self) -> str:
        """Path of the JSON file, relative to the export folder."""
        return f"{self.name}.json"

    @property
    def csv_path(self) -> str:
        """Path of the CSV file, relative to the export folder."""
        return f"{self.name}.csv"

    @property
    def schema_path(self) -> str:
        """Path of the JSON Schema, relative to the export folder (and to the JSON file)."""
        return f"{SCHEMA_DIR}/{self.name}.{SCHEMA_VERSION}.json"


def export_open_data(
    portal: Portal,
    routes: dict[str, Route],
    site_url: str,
    site_dir: Path,
    today: str | None,
    extra: Iterable[Dataset] = (),
) -> list[Dataset]:
    """Write the JSON, CSV and JSON Schema of every kind of item, and their index.

    Args:
        portal: the loaded content.
        routes: every page of the site, for the items' addresses.
        site_url: the site's absolute base URL.
        site_dir: the root folder of the whole site (all languages).
        today: the plugin's pinned 'today' (YYYY-MM-DD), or None.
        extra: datasets made elsewhere (the PDFs of the publications), written after them.

    Returns:
        The datasets written, one per kind of item, in the order of ``ITEM_TYPES``.
    """
    generated = generated_at(portal, today).isoformat()
    datasets = [
        Dataset(name, model, item_records(portal, routes, site_url, name))
        for name, model in ITEM_TYPES.items()
    ]
    datasets.append(Dataset(DATASET_NAME, PlanTaskRecord, task_records(portal, routes, site_url)))
    datasets += extra
    folder = site_dir / EXPORT_DIR
    (folder / SCHEMA_DIR).mkdir(parents=True, exist_ok=True)
    for dataset in datasets:
        envelope = {"schema": dataset.schema_path, "generated": generated, "items": dataset.records}
        _write_json(folder / dataset.json_path, envelope)
        _write_json(folder / dataset.schema_path, dataset_schema(dataset, site_url))
        _write_csv(folder / dataset.csv_path, dataset)
    _write_json(folder / INDEX_NAME, dataset_index(datasets, generated))
    return datasets


# --- when ------------------------------------------------------------------------------------


def generated_at(portal: Portal, today: str | None) -> dt.datetime:
    """The export's timestamp, the same for every build of the same content.

    Args:
        portal: the loaded content.
        today: the plugin's pinned 'today' (YYYY-MM-DD), or None.

    Returns:
        Midnight (province time) of the pinned 'today'; else the moment ``SOURCE_DATE_EPOCH``
        names; else midnight of the last day the items or ``site.yml`` changed (git history
        and the items' ``updated``); else midnight of the day of the build.
    """
    if today:
        return province_midnight(dt.date.fromisoformat(today))
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds since 1970")
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    days = [portal.last_changed(portal.root / "site.yml")]
    for loaded in portal.all_items():
        days += [loaded.model.updated, portal.last_changed(loaded.path)]
    known = [day for day in days if day is not None]
    return province_midnight(max(known) if known else dt.datetime.now(PROVINCE_TIME).date())


# --- records ---------------------------------------------------------------------------------


def item_records(
    portal: Portal, routes: dict[str, Route], site_url: str, type_name: str
) -> list[dict[str, Any]]:
    """The records of every item of one kind, by slug.

    Args:
        portal: the loaded content.
        routes: every page of the site.
        site_url: the site's absolute base URL.
        type_name: the kind of item (a key of ``ITEM_TYPES``).

    Returns:
        One JSON-ready mapping per item: ``slug``, ``url`` per language, then the model's fields.
    """
    loaded_items = sorted(portal.items.get(type_name, {}).values(), key=lambda item: item.slug)
    return [
        _record(loaded, routes[portal.item_key(type_name, loaded.slug)], site_url)
        for loaded in loaded_items
    ]


def _record(loaded: LoadedItem, route: Route, site_url: str) -> dict[str, Any]:
    fields = loaded.model.model_dump(mode="json")
    # The model's own 'slug' only overrides the file name; the record states the one in use.
    fields.pop("slug", None)
    _year_only_dates(fields)
    urls = {code: absolute(site_url, route.path(code)) for code in CODES}
    return {"slug": loaded.slug, "url": urls, **fields}


def _year_only_dates(fields: dict[str, Any]) -> None:
    """Write each date known only to its year as the year (``"2024"``): its day is a placeholder."""
    for name, precision in YEAR_ONLY_DATES.items():
        if fields.get(precision) == "year" and fields.get(name):
            fields[name] = fields[name][:4]


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# --- schemas ---------------------------------------------------------------------------------


class _ExportJsonSchema(GenerateJsonSchema):
    """Pydantic's schema of the serialised models, stating what the export guarantees:
    text given in Vietnamese and in every language the record does not list under
    ``untranslated``, and decimals as the strings pydantic writes."""

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        json_schema = super().dict_schema(schema)
        if _is_localized_core(schema):
            json_schema["required"] = [DEFAULT]
            json_schema["description"] = LOCALIZED_DESCRIPTION
            json_schema["additionalProperties"] = {"type": "string", "pattern": r"\S"}
        return json_schema

    def get_decimal_pattern(self, schema: core_schema.DecimalSchema) -> str | None:
        return self.build_decimal_pattern(schema)


def _is_localized_core(schema: core_schema.DictSchema) -> bool:
    keys = schema.get("keys_schema") or {}
    values = schema.get("values_schema") or {}
    return (
        keys.get("type") == "literal"
        and list(keys.get("expected", [])) == list(CODES)
        and values.get("type") == "str"
    )


def dataset_schema(dataset: Dataset, site_url: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a dataset's JSON file.

    Args:
        dataset: the dataset.
        site_url: the site's absolute base URL, for the schema's ``$id``.

    Returns:
        The schema of the envelope ``{schema, generated, items}``, the item's model in ``$defs``.
    """
    item_schema = dataset.model.model_json_schema(
        mode="serialization", schema_generator=_ExportJsonSchema
    )
    definitions = item_schema.pop("$defs", {})
    properties = {key: value for key, value in item_schema["properties"].items() if key != "slug"}
    if SAMPLE_FIELD in properties:
        properties[SAMPLE_FIELD]["description"] = SAMPLE_DESCRIPTION
    for name, precision in YEAR_ONLY_DATES.items():
        if name in properties and precision in properties:
            properties[name] = {
                "type": "string",
                "pattern": YEAR_OR_DATE_PATTERN,
                "description": f"a date (YYYY-MM-DD), or only its year when {precision} is 'year'",
            }
    item_schema["properties"] = {
        "slug": {"type": "string", "pattern": SLUG_PATTERN, "description": "The item's name."},
        "url": _urls_schema(),
        **properties,
    }
    required = item_schema.get("required", [])
    # Every record states whether it is a sample, so a harvester can filter on it.
    sample = [SAMPLE_FIELD] if SAMPLE_FIELD in properties and SAMPLE_FIELD not in required else []
    item_schema["required"] = ["slug", "url", *required, *sample]
    record_name = dataset.model.__name__
    definitions[record_name] = item_schema
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": absolute(site_url, f"{EXPORT_DIR}/{dataset.schema_path}"),
        "title": f"{dataset.name} {SCHEMA_VERSION}",
        "description": f"The open-data export of the portal's {dataset.name}.",
        "type": "object",
        "additionalProperties": False,
        "required": ["schema", "generated", "items"],
        "properties": {
            "schema": {"type": "string", "format": "uri-reference"},
            "generated": {"type": "string", "format": "date-time"},
            "items": {"type": "array", "items": {"$ref": f"#/$defs/{record_name}"}},
        },
        "$defs": dict(sorted(definitions.items())),
    }


def _urls_schema() -> dict[str, Any]:
    return {
        "description": "The item's page in each language.",
        "type": "object",
        "additionalProperties": False,
        "required": list(CODES),
        "properties": {code: {"type": "string", "format": "uri-reference"} for code in CODES},
    }


def dataset_index(datasets: Iterable[Dataset], generated: str) -> dict[str, Any]:
    """The content of ``data/index.json``: every dataset with its files and size.

    Args:
        datasets: the datasets written.
        generated: the export's timestamp (ISO 8601).

    Returns:
        ``{generated, datasets: [{name, items, json, csv, schema}]}``, paths relative to the index.
    """
    return {
        "generated": generated,
        "datasets": [
            {
                "name": dataset.name,
                "items": len(dataset.records),
                "json": dataset.json_path,
                "csv": dataset.csv_path,
                "schema": dataset.schema_path,
            }
            for dataset in datasets
        ],
    }


# --- CSV -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a CSV file: its header and how a record gives its cell."""

    header: str
    cell: Callable[[dict[str, Any]], str]


def csv_columns(model: type[BaseModel]) -> list[Column]:
    """The columns of a kind's CSV file, from its model (so an empty dataset has its header too).

    Text in six languages becomes one column per language (``title.vi`` …), and so does a list
    of such texts (its entries joined with `` | ``). Any other structured value is compact JSON:
    in one column per language, each with the texts in that language, when it holds such texts
    (``tasks.vi`` …: six languages in one cell would outgrow what spreadsheets show), else in one.

    Args:
        model: the model of the kind of item.

    Returns:
        ``slug``, ``url.<lang>`` and the columns of every field of the model but ``slug``.
    """
    columns = [Column("slug", lambda record: record["slug"])]
    columns += [Column(f"url.{code}", _localized_cell("url", code)) for code in CODES]
    for name, field in model.model_fields.items():
        if name != "slug":
            columns += _field_columns(name, field.annotation)
    return columns


def _field_columns(name: str, annotation: Any) -> list[Column]:
    if name in CSV_COUNTED:
        return [Column(name, lambda record: str(len(record.get(name) or [])))]
    if _is_localized(annotation):
        return [Column(f"{name}.{code}", _localized_cell(name, code)) for code in CODES]
    if _is_localized_list(annotation):
        return [Column(f"{name}.{code}", _localized_list_cell(name, code)) for code in CODES]
    if _holds_localized(annotation):
        return [Column(f"{name}.{code}", _value_cell(name, code)) for code in CODES]
    return [Column(name, _value_cell(name))]


def _write_csv(path: Path, dataset: Dataset) -> None:
    columns = csv_columns(dataset.model)
    # BOM: Excel then reads the file as UTF-8 (Vietnamese, CJK, Lao); CRLF rows as RFC 4180 asks.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow([column.header for column in columns])
        for record in dataset.records:
            cells = [spreadsheet_safe(column.cell(record)) for column in columns]
            writer.writerow([within_cell_limit(cell, dataset.json_path) for cell in cells])


def within_cell_limit(cell: str, json_path: str) -> str:
    """``cell`` cut to what a spreadsheet holds (:data:`CELL_LIMIT`), saying where the rest is.

    Args:
        cell: the cell's text.
        json_path: the dataset's JSON file, which keeps every value whole.
    """
    if len(cell) <= CELL_LIMIT:
        return cell
    note = f" [… cut at {CELL_LIMIT} characters; the whole text is in {json_path}]"
    return cell[: CELL_LIMIT - len(note)] + note


def spreadsheet_safe(cell: str) -> str:
    """``cell`` as a spreadsheet will take it as text, never as a formula (OWASP's CSV injection).

    A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is prefixed with
    a single quote, unless the whole cell is a number (``-12.5``, ``+84``, ``1e3``): spreadsheets
    read those as numbers and nothing else. Anything more than a number is text, so ``-5%`` and
    ``-2+3`` are prefixed too (``'-5%``). The JSON files keep every value exactly as written.
    """
    if cell.startswith(_FORMULA_STARTS) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _localized_cell(name: str, code: str) -> Callable[[dict[str, Any]], str]:
    def cell(record: dict[str, Any]) -> str:
        value = record.get(name)
        return value.get(code, "") if value else ""  # '' while not yet translated

    return cell


def _localized_list_cell(name: str, code: str) -> Callable[[dict[str, Any]], str]:
    def cell(record: dict[str, Any]) -> str:
        return LIST_SEPARATOR.join(entry.get(code, "") for entry in record.get(name) or [])

    return cell


def _value_cell(name: str, code: str | None = None) -> Callable[[dict[str, Any]], str]:
    def cell(record: dict[str, Any]) -> str:
        value = record.get(name)
        if value is None or value == [] or value == {}:
            return ""
        if isinstance(value, str):
            return value
        if code is not None:
            value = _in_language(value, code)
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    return cell


def _in_language(value: Any, code: str) -> Any:
    """``value`` with each text in six languages replaced by its text in ``code``."""
    if isinstance(value, dict):
        if DEFAULT in value and set(value) <= set(CODES):
            if all(isinstance(text, str) for text in value.values()):
                return value.get(code, "")  # '' while the item is not yet translated
        return {key: _in_language(entry, code) for key, entry in value.items()}
    if isinstance(value, list):
        return [_in_language(entry, code) for entry in value]
    return value


def _is_localized(annotation: Any) -> bool:
    """Whether a field holds text in six languages (``Localized``, optional or not)."""
    bare = _without_wrappers(annotation)
    return typing.get_origin(bare) is dict and typing.get_args(bare) == (LangCode, str)


def _is_localized_list(annotation: Any) -> bool:
    bare = _without_wrappers(annotation)
    return typing.get_origin(bare) is list and _is_localized(typing.get_args(bare)[0])


def _holds_localized(annotation: Any) -> bool:
    """Whether a structured field has text in six languages somewhere inside."""
    bare = _without_wrappers(annotation)
    if _is_localized(bare):
        return True
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return any(_holds_localized(field.annotation) for field in bare.model_fields.values())
    return any(_holds_localized(arg) for arg in typing.get_args(bare))


def _without_wrappers(annotation: Any) -> Any:
    """The type inside ``Annotated[…]`` and ``… | None``."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            others = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(others) != 1:
                return annotation
            annotation = others[0]
        else:
            return annotation
