"""The web editor's configuration (``portal cms``): generated from the models, so every field of
every model is there with its type, required flag, pattern, choices and languages."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import get_args

import pytest
import yaml
from pydantic import BaseModel

from generator.cms.config import Backend, admin_csp, cms_config
from generator.content.models import ITEM_TYPES, News, Site, Task
from generator.content.pages import PageMeta
from generator.i18n.languages import CODES

from scratch import invoke, load


@pytest.fixture
def decap(project) -> dict:
    return cms_config(load(project), PurePosixPath("content"), Backend())


def nested_models(annotation: object) -> list[type[BaseModel]]:
    """The models inside a field's type (``list[Task]``, ``Signer | None`` …)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in nested_models(arg)]


def field_lists(widget: dict) -> list[list[dict]]:
    """The lists of fields a widget holds for its nested model: one for an object or list,
    one per language for a per-language mapping (translation records)."""
    if "field" in widget:
        return field_lists(widget["field"])
    fields = widget.get("fields", [])
    if fields and [f["name"] for f in fields] == list(CODES) and "fields" in fields[0]:
        return [f["fields"] for f in fields]
    return [fields]


def missing_fields(model: type[BaseModel], fields: list[dict], where: str) -> list[str]:
    """Every field of ``model`` (and of the models inside it) absent from ``fields``."""
    by_name = {field["name"]: field for field in fields}
    missing = []
    for name, info in model.model_fields.items():
        if name not in by_name:
            missing.append(f"{where}.{name}")
            continue
        for inner in nested_models(info.annotation):
            for inner_fields in field_lists(by_name[name]):
                missing += missing_fields(inner, inner_fields, f"{where}.{name}")
    return missing


def collection(decap: dict, name: str) -> dict:
    (found,) = [c for c in decap["collections"] if c["name"] == name]
    return found


def test_every_field_of_every_model_is_in_the_configuration(decap):
    missing = []
    for kind, model in ITEM_TYPES.items():
        items = collection(decap, kind)
        assert items["folder"] == f"content/data/{kind}"
        missing += missing_fields(model, items["fields"], kind)
    (site_file,) = collection(decap, "site")["files"]
    missing += missing_fields(Site, site_file["fields"], "site")
    page_collections = [c for c in decap["collections"] if c["name"].startswith("pages")]
    assert {c["folder"] for c in page_collections} == {
        "content",
        "content/about",
        "content/agencies",
        "content/plans",
    }
    for pages in page_collections:
        missing += missing_fields(PageMeta, pages["fields"], pages["name"])
        assert pages["fields"][-1]["name"] == "body"
    assert missing == []


def test_fields_carry_type_required_flag_pattern_choices_and_languages(decap):
    news = {f["name"]: f for f in collection(decap, "news")["fields"]}
    assert news["category"]["widget"] == "select"
    options = news["category"]["options"]
    assert [o["value"] for o in options] == list(get_args(News.model_fields["category"].annotation))
    assert {"label": "Đầu tư", "value": "investment"} in options  # named in the editor's language
    assert news["date"]["widget"] == "datetime" and news["date"]["required"] is True
    title, summary = news["title"], news["summary"]
    assert [f["name"] for f in title["fields"]] == list(CODES)
    # an item may list languages not yet translated: only its Vietnamese is required here
    assert [f["required"] for f in title["fields"]] == [True] + [False] * 5 and title["required"]
    assert "untranslated" in title["hint"] or "chưa dịch" in title["hint"]
    languages = news["untranslated"]
    assert languages["widget"] == "select" and languages["multiple"] is True
    assert {"label": "English (en)", "value": "en"} in languages["options"]
    (site_file,) = collection(decap, "site")["files"]
    province = {f["name"]: f for f in site_file["fields"]}["province"]
    assert all(f["required"] for f in province["fields"])  # site.yml: every language
    assert not summary["required"] and not any(f["required"] for f in summary["fields"])
    assert all(f["widget"] == "markdown" for f in news["body"]["fields"])
    assert news["sample"] == {
        "name": "sample",
        "label": "Mẫu minh họa",
        "hint": 'Đánh dấu một ví dụ không phải thông tin thật; mục được đăng kèm nhãn "Mẫu"',
        "required": False,
        "widget": "boolean",
        "default": False,
    }
    (partner,) = field_lists(news["partners"])
    country = {f["name"]: f for f in partner}["country"]
    assert country["pattern"][0] == "^[A-Z]{2}$"

    plans = {f["name"]: f for f in collection(decap, "plans")["fields"]}
    assert plans["issuer"]["widget"] == "relation" and plans["issuer"]["collection"] == "agencies"
    (task,) = field_lists(plans["tasks"])
    task = {f["name"]: f for f in task}
    assert task["id"]["pattern"][0] == Task.model_fields["id"].metadata[0].pattern
    (deadline,) = field_lists(task["deadline"])
    assert "Q3/2024" in {f["name"]: f for f in deadline}["due"]["hint"]
    (lead,) = field_lists(task["lead"])
    agency = {f["name"]: f for f in lead}["agency"]
    assert (agency["widget"], agency["collection"]) == ("relation", "agencies")
    assert "default" not in task["needs_diacritics"]  # no half-empty task in a new plan

    events = {f["name"]: f for f in collection(decap, "events")["fields"]}
    (lunar,) = field_lists(events["lunar"])
    month = {f["name"]: f for f in lunar}["month"]
    assert (month["widget"], month["min"], month["max"]) == ("number", 1, 12)

    images = {f["name"]: f for f in field_lists(news["images"])[0]}
    assert images["src"]["widget"] == "image"


def test_pages_are_one_file_per_language_as_decap_i18n_writes_them(decap):
    assert decap["i18n"] == {
        "structure": "multiple_files",
        "locales": list(CODES),
        "default_locale": "vi",
    }
    assert decap["locale"] == "vi"
    about = collection(decap, "pages-about")
    assert about["i18n"] is True and about["format"] == "frontmatter"
    fields = {f["name"]: f for f in about["fields"]}
    assert fields["title"]["i18n"] is True and "i18n" not in fields["listing"]  # vi file only
    assert "default" not in fields["template"]  # or every language's file would be written
    assert all("i18n" not in c for c in decap["collections"] if not c["name"].startswith("pages"))


def test_backends_local_and_git_host(project):
    local = Backend(local_port=8123).settings()
    assert local["local_backend"]["url"] == "http://127.0.0.1:8123/api/v1"
    assert local["backend"]["name"] == "proxy"
    github = Backend("github", "province/portal", "main").settings()
    assert github == {"backend": {"name": "github", "repo": "province/portal", "branch": "main"}}
    with pytest.raises(ValueError, match="--repo owner/name"):
        Backend("gitea").settings()
    gitlab = Backend("gitlab", "p/portal", app_id="42", base_url="https://git.example/")
    assert gitlab.settings()["backend"]["auth_type"] == "pkce"
    csp = admin_csp(gitlab)
    assert csp.endswith("connect-src 'self' https://gitlab.com https://git.example")
    assert "script-src 'self' 'unsafe-eval'" in csp  # Decap's ajv: never on the public site
    assert admin_csp(Backend(local_port=8123)).endswith("'self' http://127.0.0.1:8123")


def test_command_writes_the_admin_folder_from_node_modules(project):
    out = project.root / "out" / "admin"
    result = invoke(project, "cms", "--out", str(out))
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert {c["name"] for c in written["collections"]} >= set(ITEM_TYPES)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js">' in page and 'rel="cms-config-url"' in page
    assert "noindex" in page
    assert (out / "decap-cms.js").stat().st_size > 1_000_000
    assert list(out.glob("*.decap-cms.js")) and not list(out.glob("*.map"))
    stylesheet = next(out.glob("assets/stylesheets/portal.*.min.css"))
    assert stylesheet.relative_to(out).as_posix() in (out / "admin.js").read_text()
    assert not any(Path(project.root / "site").glob("admin"))
