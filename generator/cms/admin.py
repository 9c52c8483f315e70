"""The ``admin/`` folder of the web editor: its page, ``config.yml``, Decap CMS and the preview
stylesheet, all served by the site itself (nothing from a CDN).

Decap's files come from npm's ``decap-cms`` package (``node_modules/decap-cms/dist``): the main
script, the chunks it loads on demand from beside itself and its WebAssembly; source maps and the
second copy of the bundle (``cms.js``) are left out. The previews use the portal's own
stylesheet and fonts, built as for the site (:mod:`generator.theme_bundle`) and kept at the same
relative places so the stylesheet's ``url()`` still hold.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from generator.i18n.languages import DEFAULT
from generator.theme_bundle import BODY_FONTS, bundle_theme

TEMPLATES = Path(__file__).resolve().parent / "templates"
REPOSITORY = Path(__file__).resolve().parents[2]
DECAP_DIST = Path("node_modules") / "decap-cms" / "dist"
DECAP_SCRIPT = "decap-cms.js"
DECAP_FILES = (DECAP_SCRIPT, "*.decap-cms.js", "*.wasm", "decap-cms.js.LICENSE.txt")
"""Decap's files the page needs: the bundle, its chunks (loaded from the bundle's folder) and
its WebAssembly; the licence notice travels with them."""


ADMIN_MARKS = ("index.html", "config.yml", DECAP_SCRIPT)
"""Files every editor folder written by :func:`write_admin` has: the only folders it replaces."""


class DecapMissing(FileNotFoundError):
    """npm's ``decap-cms`` is not installed where it was looked for."""


class UnsafeOut(ValueError):
    """An ``--out`` folder whose replacement would destroy something else, or publish the
    editor with the content."""


def check_out(out: Path, project_dir: Path, content: Path) -> None:
    """Refuse an ``out`` folder :func:`write_admin` must not replace.

    It replaces the whole folder: ``--out .`` would otherwise delete the project, ``--out ~`` a
    home folder; and a folder under ``content/`` would put the editor among the content.

    Raises:
        UnsafeOut: naming the folder, the reason and what to write instead.
    """
    target, project, folder = out.resolve(), project_dir.resolve(), content.resolve()
    fix = "write the editor into a new or empty folder, e.g. --out .cache/cms/admin"
    if target == project or target in project.parents:
        raise UnsafeOut(f"{out}: --out holds the project itself — {fix}")
    if target in (Path.home().resolve(), Path(target.anchor)):
        raise UnsafeOut(f"{out}: --out would replace this whole folder — {fix}")
    if target.is_relative_to(folder):
        raise UnsafeOut(f"{out}: --out is inside the content folder {content} — {fix}")
    if target.exists() and not target.is_dir():
        raise UnsafeOut(f"{out}: --out is a file, not a folder — {fix}")
    if not target.is_dir() or not any(target.iterdir()):
        return
    if not all((target / name).is_file() for name in ADMIN_MARKS):
        raise UnsafeOut(
            f"{out}: --out holds files but no {', '.join(ADMIN_MARKS)}, so it is not an editor "
            f"written by portal cms and writing it would delete them — {fix}"
        )


@dataclass(frozen=True)
class AdminPage:
    """What the page shows besides the configuration.

    Attributes:
        title: the browser tab's title.
        theme_dir: the portal's theme folder.
        stylesheets: ``extra_css`` of ``mkdocs.yml`` (the portal's stylesheets, in order).
        lang: the interface's language (Decap's ``locale``).
        phrases: Decap's phrases its own locale of ``lang`` lacks, nested as in its locales
            (:meth:`generator.cms.words.Words.decap_phrases`), merged into it by ``admin.js``.
    """

    title: str
    theme_dir: Path
    stylesheets: tuple[str, ...]
    lang: str = DEFAULT
    phrases: dict = field(default_factory=dict)


def find_decap(*projects: Path) -> Path:
    """``node_modules/decap-cms/dist`` of the first of ``projects`` that has it.

    Raises:
        DecapMissing: naming the folders looked in and how to install the package.
    """
    candidates = [project / DECAP_DIST for project in (*projects, REPOSITORY)]
    for folder in candidates:
        if (folder / DECAP_SCRIPT).is_file():
            return folder
    raise DecapMissing(
        f"{candidates[0]}: npm's decap-cms is not installed — run 'npm ci' in the project "
        "(package.json pins decap-cms and decap-server)"
    )


def write_admin(out: Path, config: dict, page: AdminPage, decap: Path) -> list[Path]:
    """Write the editor into ``out`` (created, its old files replaced; check it first with
    :func:`check_out`).

    Args:
        out: the folder served as ``/admin/``.
        config: Decap's configuration (:func:`generator.cms.config.cms_config`).
        page: the page's title and the stylesheets of the previews.
        decap: Decap's ``dist`` folder (:func:`find_decap`).

    Returns:
        Every file written, for the command to report.
    """
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    written = [*_copy_decap(decap, out), *_write_preview_style(out, page)]
    stylesheet = written[-1].relative_to(out).as_posix()
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined
    )
    files = {
        "config.yml": yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
        "admin.js": env.get_template("admin.js").render(
            preview_stylesheet=stylesheet,
            lang=page.lang,
            phrases=page.phrases,
            backend=config["backend"]["name"],
        ),
        "index.html": env.get_template("index.html").render(
            lang=page.lang, title=page.title, decap_script=DECAP_SCRIPT, admin_script="admin.js"
        ),
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return written


def _copy_decap(decap: Path, out: Path) -> Iterable[Path]:
    for pattern in DECAP_FILES:
        for source in sorted(decap.glob(pattern)):
            target = out / source.name
            shutil.copyfile(source, target)
            yield target


def _write_preview_style(out: Path, page: AdminPage) -> list[Path]:
    """The portal's stylesheet and the fonts of its running text; the stylesheet last."""
    bundle = bundle_theme(page.theme_dir, page.stylesheets, [])
    wanted = {name for names in BODY_FONTS.values() for name in names}
    assets = [asset for name, asset in bundle.fonts.items() if name in wanted]
    written = []
    for asset in [*assets, bundle.stylesheet]:
        target = out / asset.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(asset.content)
        written.append(target)
    return written
