"""One list of languages (``translations/languages.yml``): everything else derives from it, and
adding a language is one entry there, its catalog and its content."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import yaml
from babel.messages.pofile import read_po, write_po

from generator.content.fields import LangCode
from generator.i18n.catalogs import catalog_path
from generator.i18n.glossary import Term
from generator.i18n.languages import CODES, DEFAULT, LANGUAGES, LANGUAGES_FILE

import conftest
from conftest import ENV, ROOT, Project


def test_mkdocs_yml_lists_the_languages_of_the_language_file():
    """mkdocs-static-i18n needs its own list in mkdocs.yml: it must be the same, in order."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (i18n,) = [p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p]
    in_mkdocs = [(e["locale"], e["name"], bool(e.get("default"))) for e in i18n["languages"]]
    assert in_mkdocs == [(lang.code, lang.autonym, lang.code == DEFAULT) for lang in LANGUAGES]


def test_content_types_and_glossary_take_their_codes_from_the_language_file():
    listed = [entry["code"] for entry in yaml.safe_load(LANGUAGES_FILE.read_text("utf-8"))]
    assert list(CODES) == listed and DEFAULT == listed[0]
    assert typing.get_args(LangCode) == CODES
    assert set(CODES) <= set(Term.model_fields)
    assert conftest.CODES == listed


# --- a seventh language ---------------------------------------------------------------------

RENDER_FRENCH = """
import datetime as dt, json
from pathlib import Path
import generator
from generator.content.portal import load_portal
from generator.i18n.catalogs import load_translator
from generator.i18n.languages import AUTONYMS, BY_CODE, CODES, LANGUAGES
from generator.render import RenderContext, Renderer, make_environment
from generator.routes import build_routes

portal = load_portal(Path("content"))
routes = build_routes(portal)
translators = {lang.code: load_translator(Path("translations"), lang) for lang in LANGUAGES}
french = BY_CODE["fr"]
ctx = RenderContext(
    portal, routes, french, translators["fr"], AUTONYMS, dt.date(2026, 11, 22), translators
)
renderer = Renderer(make_environment(Path("theme")), ctx)
agency, listing = routes["agencies/so-ngoai-vu"], routes["plans/index"]
print(json.dumps({
    "module": generator.__file__,
    "codes": CODES,
    "tag": french.tag,
    "agency_path": agency.path("fr"),
    "agency_languages": agency.translated,
    "plans_languages": listing.translated,
    "agency": renderer.page_content(agency, "<p>Texte.</p>"),
    "plans": renderer.page_content(listing, "<p>Plans.</p>"),
}))
"""


def _french_catalog(translations: Path) -> None:
    """The English catalog as a French one, with one string translated."""
    english = catalog_path(translations, "en")
    with english.open("rb") as handle:
        catalog = read_po(handle, locale="fr_FR")
    catalog["Tasks assigned in plans"].string = "Tâches confiées dans les plans"
    french = catalog_path(translations, "fr")
    french.parent.mkdir(parents=True)
    with french.open("wb") as handle:
        write_po(handle, catalog)


def _with_french(text: str) -> str:
    """Six-language mappings of the mini portal given their French text too."""
    return re.sub(r'lo: "([^"]*) \(lo\)"\}', r'lo: "\1 (lo)", fr: "\1 (fr)"}', text)


def test_a_seventh_language_needs_one_entry_its_catalog_and_its_content(tmp_path, monkeypatch):
    """French added to a copy of the generator: only languages.yml, a catalog and content."""
    repo = tmp_path / "repo"
    for folder in ("generator", "theme", "translations"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    languages = repo / "translations" / "languages.yml"
    entry = "- code: fr\n  tag: fr\n  babel: fr_FR\n  og_locale: fr_FR\n  autonym: Français\n"
    languages.write_text(languages.read_text(encoding="utf-8") + entry, encoding="utf-8")
    _french_catalog(repo / "translations")
    monkeypatch.setattr(conftest, "CODES", [*CODES, "fr"])  # the content, in seven languages
    files = conftest.mini_files()  # site.yml and the plan were written with six at import:
    files = {name: _with_french(text) for name, text in files.items()}
    Project(repo).write(files)

    result = subprocess.run(
        [sys.executable, "-c", RENDER_FRENCH],
        cwd=repo,
        env={**ENV, "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert Path(out["module"]).is_relative_to(repo)  # the copy was run, not the repository
    assert out["codes"] == [*CODES, "fr"] and out["tag"] == "fr"
    assert out["agency_path"] == "fr/agencies/so-ngoai-vu/"
    assert "fr" in out["agency_languages"] and "fr" in out["plans_languages"]
    assert "Tâches confiées dans les plans" in out["agency"]  # the French catalog
    assert "Promote the province abroad (fr)" in out["agency"]  # the French text of the content
    assert "Plan 84 (fr)" in out["plans"]
