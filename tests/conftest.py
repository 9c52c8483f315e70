"""Fixtures that write tiny multilingual portals into tmp_path and build them for real."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import html as lxml_html

from generator.i18n.languages import BY_CODE, LANGUAGES
from generator.i18n.languages import CODES as LANGUAGE_CODES

ROOT = Path(__file__).resolve().parent.parent
PORTAL = [sys.executable, "-m", "generator.cli"]
CODES = list(LANGUAGE_CODES)
TAGS = {lang.code: lang.tag for lang in LANGUAGES}
"""Each language's BCP 47 tag, as ``<html lang>`` and hreflang carry it."""
PDF_CACHE = ROOT / ".cache/doingoai/test-publications"
"""One PDF cache for every build of the test session, and the next (generator/publications/
editions.py): a test that copies the shipped content and builds it takes the PDFs the first
build laid out instead of laying all eighteen out again (an entry is used only when the
digest of its inputs matches, so an edited copy still gets its own PDFs)."""
os.environ.setdefault("DOINGOAI_PDF_CACHE", str(PDF_CACHE))  # builds inside the test process
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def prefix(code: str) -> str:
    """The URL prefix of a language's tree in a built site ('' or 'en/')."""
    return BY_CODE[code].prefix


def localized(text: str) -> str:
    """A six-language YAML flow mapping, each value marked with its language."""
    return "{" + ", ".join(f'{code}: "{text} ({code})"' for code in CODES) + "}"


SITE_YML = f"""\
province: {localized("Hưng Yên")}
tagline: {localized("Portal")}
emblem: media/emblem.svg
hero:
  src: media/hero.svg
  alt: {localized("Fields")}
menu:
  - path: about/index
    title: {localized("About")}
  - path: plans/index
    title: {localized("Plans")}
doors:
  - path: plans/index
    icon: plans
    title: {localized("Plans")}
    text: {localized("Plans and tasks")}
masthead:
  agency: {localized("Agency")}
  responsible: {localized("Director")}
  licence: {localized("Licence")}
  address: {localized("Address")}
  email: test@example.org
report_problem: mailto:test@example.org
legal_pages: [about/index]
"""

PLAN_YML = f"""\
title: {localized("Plan 84")}
number: 84-KH/BCĐTTĐN
doc_type: plan
issuer: tinh-uy
issued: 2024-01-29
sources: [Plan 84-KH/BCĐTTĐN]
purposes: [{localized("Purpose")}]
tasks:
  - id: II.1
    what: {localized("Promote the province abroad")}
    lead: {{as_written: Foreign Affairs (vi), agency: so-ngoai-vu}}
    partners: [{{as_written: phối hợp với Party Committee (vi), agency: tinh-uy}}]
    deadline: {{due: Q3/2024, source: Plan 84-KH/BCĐTTĐN, as_of: 2024-01-29}}
  - id: II.2
    what: {localized("Train reporters")}
    lead: {{as_written: Party Committee (vi), agency: tinh-uy}}
    deadline: {{due: regular, source: Plan 84-KH/BCĐTTĐN, as_of: 2024-01-29}}
original_text: |
  KẾ HOẠCH hoạt động thông tin đối ngoại
  1. Foreign Affairs (vi): quảng bá tỉnh, phối hợp với Party Committee (vi).
  2. Party Committee (vi): bồi dưỡng phóng viên.
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>t</title></svg>'


def page(title: str, body: str = "Text.", **front: str) -> str:
    extra = "".join(f"{key}: {value}\n" for key, value in front.items())
    return f"---\ntitle: {title}\n{extra}---\n{body}\n"


def mini_files() -> dict[str, str]:
    """A small but complete portal: home, about (vi and en only), plans and agencies."""
    files = {
        "content/site.yml": SITE_YML,
        "content/media/emblem.svg": SVG,
        "content/media/hero.svg": SVG,
        "content/data/plans/84-kh.yml": PLAN_YML,
        "content/data/agencies/so-ngoai-vu.yml": (
            f"title: {localized('Foreign Affairs')}\nsources: [Decision]\n"
        ),
        "content/data/agencies/tinh-uy.yml": (
            f"title: {localized('Party Committee')}\nlevel: party\nsources: [Charter]\n"
        ),
    }
    for code in CODES:
        files[f"content/index.{code}.md"] = page(
            f"Home {code}", f"Welcome ({code}).", template="home.html"
        )
        files[f"content/plans/index.{code}.md"] = page(f"Plans {code}", "Plans.", listing="plans")
        files[f"content/agencies/index.{code}.md"] = page(
            f"Agencies {code}", "Agencies.", listing="agencies"
        )
    for code in ("vi", "en"):
        files[f"content/about/index.{code}.md"] = page(
            f"About {code}", "See [plans](../plans/index.md)."
        )
    return files


TODAY = "2026-11-22"
"""The 'today' of every scratch portal (which events are upcoming, the export's timestamp)."""


ATTRACTION_FILE = "content/data/attractions/den-mau.yml"


def image_entry(src: str, name: str, **extra: str) -> str:
    """One entry of an item's ``images:``, its alt text in six languages."""
    entry = f"  - src: {src}\n    alt: {localized(name)}\n"
    return entry + "".join(f"    {key}: {value}\n" for key, value in extra.items())


def add_attraction(project: Project, images: dict[str, bytes], entries: str) -> None:
    """An attraction showing ``entries``, its listing page, and the image files themselves."""
    files = {
        f"content/tourism/attractions/index.{code}.md": page(
            f"Attractions {code}", listing="attractions"
        )
        for code in CODES
    }
    files[ATTRACTION_FILE] = (
        f"title: {localized('Mother Temple')}\nkind: temple\n"
        f"address: {localized('Phố Hiến')}\nsample: true\nimages:\n{entries}"
    )
    project.write(files)
    for name, data in images.items():
        path = project.root / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def extract_in_copy(folder: Path) -> Path:
    """``portal i18n extract`` run in a copy of the code, theme, babel.cfg and mkdocs.yml under
    ``folder``, with no content and no catalog but the language list: the translations folder
    holding the .pot files it wrote (``messages.pot`` of the templates, ``portal.pot`` of the
    code)."""
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "generator", folder / "generator", ignore=ignore)
    shutil.copy(ROOT / "babel.cfg", folder / "babel.cfg")
    shutil.copytree(ROOT / "theme", folder / "theme")
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")  # names translations_dir
    (folder / "content").mkdir()
    (folder / "translations").mkdir()
    shutil.copy(ROOT / "translations" / "languages.yml", folder / "translations")  # the list
    result = subprocess.run(
        [*PORTAL, "i18n", "extract"], cwd=folder, env=ENV, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return folder / "translations"


def mkdocs_yml(**plugin_options: str) -> str:
    """The repository's mkdocs.yml for a scratch project: the theme and catalogs of the
    repository, ``today`` pinned, and ``plugin_options`` set as options of the doingoai plugin.

    The file is edited as data, not as text, so a moved key fails here instead of silently
    leaving the option out.
    """
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    config["theme"]["custom_dir"] = str(ROOT / "theme")
    options = {
        "translations_dir": str(ROOT / "translations"),
        "theme_dir": str(ROOT / "theme"),
        "today": TODAY,
        **plugin_options,
    }
    (entry,) = [p for p in config["plugins"] if isinstance(p, dict) and "doingoai" in p]
    entry["doingoai"] = {**(entry["doingoai"] or {}), **options}
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


@dataclass
class Project:
    """A scratch portal project in a temporary folder."""

    root: Path

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(
                textwrap.dedent(text) if name.endswith(".md") else text, encoding="utf-8"
            )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*PORTAL, *args], cwd=self.root, env=ENV, capture_output=True, text=True, timeout=600
        )

    def build(self) -> subprocess.CompletedProcess[str]:
        result = self.run("build")
        return result

    @property
    def site(self) -> Path:
        return self.root / "site"

    def html(self, path: str):
        return lxml_html.fromstring((self.site / path).read_bytes())

    def digest(self) -> str:
        """A hash of every file of the built site (names and bytes)."""
        sha = hashlib.sha256()
        for path in sorted(self.site.rglob("*")):
            if path.is_file():
                sha.update(path.relative_to(self.site).as_posix().encode())
                sha.update(path.read_bytes())
        return sha.hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> Project:
    proj = Project(tmp_path)
    proj.write({"mkdocs.yml": mkdocs_yml(), **mini_files()})
    return proj


@pytest.fixture(scope="session")
def built_mini(tmp_path_factory) -> Project:
    """The mini portal, built once for the tests that only read it."""
    proj = Project(tmp_path_factory.mktemp("mini"))
    proj.write({"mkdocs.yml": mkdocs_yml(), **mini_files()})
    result = proj.build()
    assert result.returncode == 0, result.stderr
    return proj


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory) -> Path:
    """The real content of the repository, built once into a temporary folder."""
    out = tmp_path_factory.mktemp("shipped") / "site"
    result = subprocess.run(
        [*PORTAL, "build", "--site-dir", str(out)],
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    return out
