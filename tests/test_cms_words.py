"""The web editor in Vietnamese (and English): every label and hint from ``words.yml`` through
the ``cms`` gettext domain, so a new field without its Vietnamese fails here; Decap's phrases
its own Vietnamese lacks taken from the same catalog."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path, PurePosixPath
from typing import Literal, get_args, get_origin

import pytest
import yaml
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from pydantic import BaseModel

from generator.cli.cms import cms as cms_command
from generator.cms.config import Backend, cms_config
from generator.cms.widgets import field_widget
from generator.cms.words import DOMAIN, Words, english_texts, read_words
from generator.content.models import ITEM_TYPES, Site
from generator.content.pages import PageMeta
from generator.i18n.catalogs import DOMAINS
from generator.i18n.languages import CODES

from conftest import ROOT
from scratch import invoke, load

VIETNAMESE = re.compile("[ạảãàáâầấậẩẫăằắặẳẵđêềếệểễôồốộổỗơờớợởỡưừứựửữíìịỉĩúùụủũóòọỏõéèẹẻẽýỳỵỷỹ]")
LOCALES = ROOT / "node_modules" / "decap-cms-locales" / "src"


def catalog(lang: str):
    path = ROOT / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang, domain=DOMAIN)


def editor_models() -> list[type[BaseModel]]:
    """Every model the editor offers, nested ones included, each once."""
    found: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for info in model.model_fields.values():
            for inner in nested(info.annotation):
                walk(inner)

    for model in (*ITEM_TYPES.values(), Site, PageMeta):
        walk(model)
    return found


def nested(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in nested(arg)]


def every_field() -> list[tuple[str, str]]:
    """(model, field) of every field of every model the editor offers, nested ones included."""
    return [(model.__name__, name) for model in editor_models() for name in model.model_fields]


def every_choice() -> list[tuple[str, str]]:
    """(model.field, value) of every ``Literal`` choice of every model the editor offers."""
    return [
        (f"{model.__name__}.{name}", value)
        for model in editor_models()
        for name, info in model.model_fields.items()
        for value in literal_values(info.annotation)
    ]


def literal_values(annotation: object) -> list[str]:
    if get_origin(annotation) is Literal:
        return list(get_args(annotation))
    return [value for arg in get_args(annotation) for value in literal_values(arg)]


def test_every_choice_of_every_model_has_a_vietnamese_label():
    """Select menus name each choice in Vietnamese, never by its English value: the readers' name
    (translations/choices.yml through the site's Vietnamese catalog), a kind of item, or the
    editor's own (words.yml's 'choices'); languages go by their own names."""
    choices = [(where, value) for where, value in every_choice() if value not in CODES]
    assert len(choices) > 80 and ("News.category", "foreign-affairs") in choices
    words = Words("vi")
    unnamed = [(where, value) for where, value in choices if words.choice(value) == value]
    assert unnamed == [], "name these in translations/choices.yml or generator/cms/words.yml"
    assert words.missing == set(), "translate these (messages.po or cms.po of vi)"
    assert words.choice("official-letter") == "Công văn" and words.choice("km2") != "km2"
    english = Words("en")
    assert english.choice("official-letter") == "Official letter"
    category = field_widget("category", ITEM_TYPES["news"].model_fields["category"], "News", words)
    assert {"label": "Đối ngoại", "value": "foreign-affairs"} in category["options"]


def test_every_field_has_a_vietnamese_label():
    fields = read_words()["fields"]
    unlabelled = [
        f"{owner}.{name}"
        for owner, name in every_field()
        if not (fields.get(f"{owner}.{name}") or fields.get(name) or {}).get("label")
    ]
    assert unlabelled == [], "give these a label in generator/cms/words.yml"
    words, english = Words("vi"), Words("en")
    for owner, name in every_field():
        label = words.label(owner, name)
        assert label != english.label(owner, name), (owner, name, "the English copied over")
    assert words.missing == set(), "translate these in translations/vi/LC_MESSAGES/cms.po"


def test_the_whole_editor_is_in_vietnamese_or_english(project):
    portal = load(project)
    vi, en = Words("vi"), Words("en")
    config = cms_config(portal, PurePosixPath("content"), Backend(), vi)
    assert vi.missing == set()
    assert config["locale"] == "vi"
    news = next(c for c in config["collections"] if c["name"] == "news")
    fields = {f["name"]: f for f in news["fields"]}
    assert news["label_singular"] == "Tin bài"
    assert fields["date"]["label"] == "Ngày" and fields["sources"]["label"] == "Nguồn"
    assert fields["summary"]["hint"].startswith("Một hai câu")
    (site,) = next(c for c in config["collections"] if c["name"] == "site")["files"]
    assert site["label"] == "Thông tin chung (site.yml)"
    english = cms_config(portal, PurePosixPath("content"), Backend(), en)
    news = next(c for c in english["collections"] if c["name"] == "news")
    assert english["locale"] == "en" and news["label_singular"] == "News item"
    assert {f["name"]: f for f in news["fields"]}["date"]["label"] == "Date"
    labels = json.dumps(config, ensure_ascii=False)
    for text, _ in english_texts(read_words()):
        if text not in ("Code", "Menu", "Link") and vi.text(text) != text:
            assert f'"{text}"' not in labels, text  # no English left where Vietnamese exists


def test_catalogs_translate_every_word_with_its_placeholders():
    texts = {text for text, _ in english_texts(read_words())}
    for lang in ("vi", "en"):
        messages = {m.id: m for m in catalog(lang) if m.id}
        assert set(messages) == texts, lang
        for message in messages.values():
            assert message.string and not message.fuzzy, (lang, message.id)
            for mark in (r"%\{\w+\}", r"\{\w+\}"):
                assert sorted(re.findall(mark, message.string)) == sorted(
                    re.findall(mark, message.id)
                ), (lang, message.id)
    vietnamese = [m for m in catalog("vi") if m.id and VIETNAMESE.search(m.string)]
    assert len(vietnamese) > 0.9 * len(texts)


def test_extraction_reads_words_yml_into_the_template():
    """What ``portal i18n extract`` runs for the ``cms`` domain (its babel.cfg) finds every
    text of words.yml, and translations/cms.pot is up to date."""
    (domain,) = [d for d in DOMAINS if d.name == DOMAIN]
    with (ROOT / domain.babel_config).open() as handle:
        method_map, options = parse_mapping_cfg(handle)
    found = {
        message
        for _, _, message, _, _ in extract_from_dir(
            ROOT / domain.sources, method_map, options_map=options
        )
    }
    assert found == {text for text, _ in english_texts(read_words())}
    with (ROOT / "translations" / f"{DOMAIN}.pot").open("rb") as handle:
        assert {m.id for m in read_po(handle) if m.id} == found
    choices = next(p for p in cms_command.params if p.name == "editor_lang").type.choices
    assert list(choices) == list(domain.languages)


def decap_locale(lang: str) -> dict:
    source = (LOCALES / lang / "index.js").read_text(encoding="utf-8")
    script = source.replace("export default", "module.exports =").replace("const ", "var ")
    printed = subprocess.run(
        ["node", "-e", f"{script}\nprocess.stdout.write(JSON.stringify(module.exports))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(printed)


def flatten(phrases: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in phrases.items():
        if isinstance(value, dict):
            flat.update(flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def test_decap_phrases_its_vietnamese_lacks_come_from_the_catalog():
    english, vietnamese = flatten(decap_locale("en")), flatten(decap_locale("vi"))
    lacking = {path: text for path, text in english.items() if path not in vietnamese}
    assert "editor.editorControlPane.i18n.writingInLocale" in lacking
    assert read_words()["decap"] == lacking  # a Decap upgrade with new phrases fails here
    phrases = flatten(Words("vi").decap_phrases())
    assert phrases["editor.editorControlPane.i18n.writingInLocale"] == "Đang viết bằng %{locale}"
    assert phrases["editor.editorWidgets.list.add"] == "Thêm %{item}"


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_command_writes_the_editor_in_its_language(project, lang):
    out = project.root / "out" / "admin"
    result = invoke(project, "cms", "--lang", lang, "--out", str(out))
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["locale"] == lang
    assert f'<html lang="{lang}">' in (out / "index.html").read_text(encoding="utf-8")
    script = (out / "admin.js").read_text(encoding="utf-8")
    assert "CMS.registerLocale(lang" in script and f'}})("{lang}", {{' in script
    writing = "Đang viết bằng" if lang == "vi" else "Writing in"
    assert json.dumps(writing)[1:-1] in script


def test_unknown_field_falls_back_to_its_name_and_is_reported():
    words = Words("vi")
    assert words.label("News", "brand_new_field") == "Brand new field"
    assert words.hint("News", "brand_new_field") is None
    assert isinstance(words.catalog, Path)
