"""The open-data export under site/data/: JSON valid against its published schema, every item
round-tripping into its model, CSV for spreadsheets, the index, reproducible bytes."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from generator.content.models import ITEM_TYPES
from generator.content.portal import Portal, load_portal
from generator.export import CELL_LIMIT, generated_at, within_cell_limit

from conftest import CODES, ROOT, Project, localized

SITE_URL = "https://doingoai.hungyen.example/"
BOM = b"\xef\xbb\xbf"


@pytest.fixture(params=["mini", "shipped"])
def exported(request) -> tuple[Path, Portal]:
    """(the data folder of a built site, its content loaded again) for both test portals."""
    if request.param == "mini":
        project: Project = request.getfixturevalue("built_mini")
        return project.site / "data", load_portal(project.root / "content")
    site: Path = request.getfixturevalue("shipped_site")
    return site / "data", load_portal(ROOT / "content")


def read_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    text = path.read_bytes().removeprefix(BOM).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    rows = list(reader)
    return list(reader.fieldnames or []), rows


def export_bytes(data_dir: Path) -> dict[str, bytes]:
    """The export's files (their precompressed ``.gz`` copies belong to the compressor's tests)."""
    return {
        path.relative_to(data_dir).as_posix(): path.read_bytes()
        for path in sorted(data_dir.rglob("*"))
        if path.is_file() and path.suffix != ".gz"
    }


# --- JSON and its schema -----------------------------------------------------------------------


def test_every_json_export_validates_against_its_schema(exported):
    data_dir, _ = exported
    for kind in [*ITEM_TYPES, "plan-tasks"]:
        document = read_json(data_dir / f"{kind}.json")
        assert document["schema"] == f"schema/{kind}.v1.json"
        schema = read_json(data_dir / document["schema"])
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"] == f"{SITE_URL}data/schema/{kind}.v1.json"
        Draft202012Validator.check_schema(schema)
        validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
        errors = [
            f"{kind}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(document)
        ]
        assert errors == []
        assert dt.datetime.fromisoformat(document["generated"]).tzinfo is not None


def test_schema_requires_every_language_and_the_envelope(built_mini):
    data_dir = built_mini.site / "data"
    document = read_json(data_dir / "plans.json")
    validator = Draft202012Validator(read_json(data_dir / "schema/plans.v1.json"))
    assert validator.is_valid(document)

    # Vietnamese is always there; another language may be absent only from an item that lists
    # it under 'untranslated' (the loader enforces that; the schema states it in words)
    no_vietnamese = copy.deepcopy(document)
    del no_vietnamese["items"][0]["tasks"][0]["what"]["vi"]
    assert not validator.is_valid(no_vietnamese)
    assert document["items"][0]["untranslated"] == []
    empty_title = copy.deepcopy(document)
    empty_title["items"][0]["title"]["zh"] = " "
    assert not validator.is_valid(empty_title)
    no_url = copy.deepcopy(document)
    del no_url["items"][0]["url"]["ko"]
    assert not validator.is_valid(no_url)
    unknown = copy.deepcopy(document)
    unknown["items"][0]["colour"] = "red"
    assert not validator.is_valid(unknown)
    assert not validator.is_valid({"schema": document["schema"], "items": []})


def test_every_item_round_trips_into_its_model(exported):
    data_dir, portal = exported
    for kind, model in ITEM_TYPES.items():
        records = read_json(data_dir / f"{kind}.json")["items"]
        loaded = portal.items[kind]
        assert [r["slug"] for r in records] == sorted(loaded)
        for record in records:
            item = loaded[record["slug"]]
            fields = {key: value for key, value in record.items() if key not in ("slug", "url")}
            if item.model.slug is not None:
                fields["slug"] = item.model.slug
            if fields.get("issued_precision") == "year":  # only the year is exported, not the day
                assert fields["issued"] == str(item.model.issued.year)
                fields["issued"] = item.model.issued.isoformat()
            assert model.model_validate(fields) == item.model, f"{kind}/{record['slug']}"
            assert set(record["title"]) == set(CODES)
            assert "sample" in record


def test_urls_are_the_items_pages_in_six_languages(exported):
    data_dir, portal = exported
    site = data_dir.parent
    for kind in ITEM_TYPES:
        for record in read_json(data_dir / f"{kind}.json")["items"]:
            assert list(record["url"]) == CODES
            for code, url in record["url"].items():
                path = portal.item_path(kind, record["slug"], code)
                assert url == SITE_URL + path
                assert (site / path / "index.html").is_file(), url


def test_mini_plan_record(built_mini):
    document = read_json(built_mini.site / "data/plans.json")
    assert document["generated"] == "2026-11-22T00:00:00+07:00"  # the pinned 'today'
    [plan] = document["items"]
    assert plan["slug"] == "84-kh"
    assert plan["url"]["vi"] == f"{SITE_URL}plans/84-kh/"
    assert plan["url"]["lo"] == f"{SITE_URL}lo/plans/84-kh/"
    assert plan["title"] == {code: f"Plan 84 ({code})" for code in CODES}
    assert plan["issued"] == "2024-01-29"
    assert plan["tasks"][0]["lead"]["agency"] == "so-ngoai-vu"
    assert plan["sample"] is False


# --- CSV ---------------------------------------------------------------------------------------


def test_csv_has_one_row_per_item_and_six_title_columns(exported):
    data_dir, portal = exported
    for kind in ITEM_TYPES:
        raw = (data_dir / f"{kind}.csv").read_bytes()
        assert raw.startswith(BOM), kind
        assert raw.split(b"\n", 1)[0].endswith(b"\r"), f"{kind}: rows end in CRLF"
        header, rows = read_csv(data_dir / f"{kind}.csv")
        assert len(header) == len(set(header))
        assert {f"title.{code}" for code in CODES} <= set(header)
        assert {f"url.{code}" for code in CODES} <= set(header)
        assert len(rows) == len(portal.items[kind]), kind
        for row in rows:
            model = portal.items[kind][row["slug"]].model
            assert all(row[f"title.{code}"] == model.title[code] for code in CODES)
            assert len(row) == len(header)


def test_csv_flattens_nested_values(built_mini):
    _, [plan] = read_csv(built_mini.site / "data/plans.csv")
    assert plan["purposes.en"] == "Purpose (en)"
    assert plan["number"] == "84-KH/BCĐTTĐN"
    assert plan["sample"] == "false"
    assert plan["body.vi"] == ""
    assert json.loads(plan["sources"]) == [
        {"title": "Plan 84-KH/BCĐTTĐN", "url": None, "publisher": None, "date": None}
    ]
    assert plan["sources"].startswith('[{"title":"Plan 84-KH/BCĐTTĐN",')  # compact JSON
    # The tasks are rows of plan-tasks.csv; plans.csv only counts them.
    assert plan["tasks"] == "2"
    assert not any(name.startswith("tasks.") for name in plan)


def test_csv_joins_lists_of_texts_per_language(project):
    purposes = "[" + ", ".join([localized("First"), localized("Second, with a comma")]) + "]"
    plan = (project.root / "content/data/plans/84-kh.yml").read_text(encoding="utf-8")
    project.write(
        {
            "content/data/plans/84-kh.yml": plan.replace(
                f"purposes: [{localized('Purpose')}]", f"purposes: {purposes}"
            ),
        }
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    _, [row] = read_csv(project.site / "data/plans.csv")
    assert row["purposes.ja"] == "First (ja) | Second, with a comma (ja)"
    raw = (project.site / "data/plans.csv").read_bytes()
    assert b'"First (vi) | Second, with a comma (vi)"' in raw  # quoted: it holds a comma


# --- index and reproducibility -----------------------------------------------------------------


def test_index_lists_the_fifteen_kinds_and_plan_tasks_with_counts(exported):
    data_dir, portal = exported
    index = read_json(data_dir / "index.json")
    assert [d["name"] for d in index["datasets"]] == [*ITEM_TYPES, "plan-tasks", "publication-pdfs"]
    assert "license" not in index
    tasks = sum(len(plan.model.tasks) for plan in portal.items["plans"].values())
    printed = [p for p in portal.items["publications"].values() if p.model.printed]
    for dataset in index["datasets"]:
        expected = {"plan-tasks": tasks, "publication-pdfs": len(printed)}.get(
            dataset["name"], len(portal.items.get(dataset["name"], {}))
        )
        assert dataset["items"] == expected
        for key in ("json", "csv", "schema"):
            assert (data_dir / dataset[key]).is_file()
        assert dataset["schema"] == f"schema/{dataset['name']}.v1.json"
        assert read_json(data_dir / dataset["json"])["generated"] == index["generated"]


def test_two_builds_give_identical_export_files(built_mini, project):
    """The same content built in another folder, another time: the same bytes."""
    result = project.build()
    assert result.returncode == 0, result.stderr
    first = export_bytes(built_mini.site / "data")
    assert len(first) == 17 * 3 + 1  # 15 kinds, plan tasks and the PDFs: JSON, CSV, schema; index
    assert export_bytes(project.site / "data") == first


def test_a_new_item_file_appears_in_the_export(project):
    agency = f"title: {localized('Industry and Trade')}\nabbreviation: SCT\nsources: [Decision]\n"
    project.write({"content/data/agencies/so-cong-thuong.yml": agency})
    result = project.build()
    assert result.returncode == 0, result.stderr
    data_dir = project.site / "data"
    records = read_json(data_dir / "agencies.json")["items"]
    assert [r["slug"] for r in records] == ["so-cong-thuong", "so-ngoai-vu", "tinh-uy"]
    assert records[0]["abbreviation"] == "SCT"
    assert records[0]["url"]["en"] == f"{SITE_URL}en/agencies/so-cong-thuong/"
    _, rows = read_csv(data_dir / "agencies.csv")
    assert rows[0]["title.ko"] == "Industry and Trade (ko)"
    counts = {d["name"]: d["items"] for d in read_json(data_dir / "index.json")["datasets"]}
    assert counts["agencies"] == 3


# --- the export's timestamp --------------------------------------------------------------------


def test_timestamp_prefers_pinned_today_then_source_date_epoch(project, monkeypatch):
    portal = load_portal(project.root / "content")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert generated_at(portal, "2026-11-22").isoformat() == "2026-11-22T00:00:00+07:00"
    assert generated_at(portal, None).isoformat() == "2023-11-14T22:13:20+00:00"


def test_timestamp_without_pin_is_the_last_content_change(project, monkeypatch):
    """Outside git (as the mini project is), the items' own 'updated' dates decide."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    for slug, updated in (("so-cong-thuong", "2025-03-04"), ("so-tai-chinh", "2024-12-31")):
        agency = f"title: {localized(slug)}\nupdated: {updated}\nsources: [Decision]\n"
        project.write({f"content/data/agencies/{slug}.yml": agency})
    portal = load_portal(project.root / "content")
    assert generated_at(portal, None).isoformat() == "2025-03-04T00:00:00+07:00"


# --- plan tasks as a table ---------------------------------------------------------------------


def test_plan_tasks_csv_has_one_row_per_task_in_six_languages(built_mini):
    header, rows = read_csv(built_mini.site / "data/plan-tasks.csv")
    assert [(row["plan"], row["task"]) for row in rows] == [("84-kh", "II.1"), ("84-kh", "II.2")]
    first, second = rows
    assert {f"what.{code}" for code in CODES} <= set(header)
    assert first["what.ja"] == "Promote the province abroad (ja)"
    assert first["addressee"] == "so-ngoai-vu"
    assert first["addressee_name.en"] == "Foreign Affairs (en)"
    assert first["plan_number"] == "84-KH/BCĐTTĐN"
    assert json.loads(first["partners"]) == ["tinh-uy"]
    assert (first["deadline"], first["due"]) == ("Q3/2024", "2024-09-30")
    assert (second["deadline"], second["due"]) == ("regular", "")
    assert first["url.en"] == f"{SITE_URL}en/plans/84-kh/#task-II.1"
    [record, _] = read_json(built_mini.site / "data/plan-tasks.json")["items"]
    assert record["what"] == {code: f"Promote the province abroad ({code})" for code in CODES}


def test_no_csv_cell_exceeds_what_a_spreadsheet_holds(exported):
    """Plan 84's tasks and original text once filled cells of 39,000-47,000 characters."""
    data_dir, _ = exported
    for path in sorted(data_dir.glob("*.csv")):
        _, rows = read_csv(path)
        for row in rows:
            for name, cell in row.items():
                assert len(cell) <= CELL_LIMIT, f"{path.name}: {row['slug']} {name}: {len(cell)}"


def test_a_cell_over_the_limit_is_cut_and_names_the_json_file():
    assert within_cell_limit("short", "plans.json") == "short"
    cell = within_cell_limit("x" * 40_000, "plans.json")
    assert len(cell) == CELL_LIMIT
    assert cell.endswith("the whole text is in plans.json]")
