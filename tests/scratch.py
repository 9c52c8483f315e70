"""The in-process layer of the tests: a scratch portal (``conftest.Project``) loaded, routed and
rendered without a build, its mkdocs.yml read by MkDocs' own ``load_config``, and ``portal``
commands run in this process, in the manner of Lektor's scratch projects and MkDocs'
``load_config(**overrides)``.

Tests of messages, formats and bad input assert here on :class:`Problem` objects (path, line,
message); a few subprocess builds elsewhere prove the whole chain end to end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from generator.cli import main
from generator.content.portal import Portal, load_portal
from generator.content.problems import ContentError, Problem
from generator.i18n.catalogs import load_translator
from generator.i18n.languages import BY_CODE, LANGUAGES
from generator.images import ImageSet, install_images, prepare_images
from generator.render import RenderContext, Renderer, make_environment
from generator.routes import Route, build_routes

from conftest import Project


def content(project: Project) -> Path:
    return project.root / "content"


def load(project: Project) -> Portal:
    """The scratch portal's content, loaded and cross-checked as the build does."""
    return load_portal(content(project))


def problems(project: Project) -> list[Problem]:
    """Every problem the loader reports; the test fails when the content loads cleanly."""
    with pytest.raises(ContentError) as caught:
        load(project)
    return caught.value.problems


def problems_of(project: Project) -> list[str]:
    """Every problem the loader reports, as ``portal check`` prints it ([] when content loads)."""
    try:
        load(project)
    except ContentError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def image_problems(project: Project) -> list[Problem]:
    """Every problem the image pipeline reports (content itself loads cleanly)."""
    with pytest.raises(ContentError) as caught:
        prepare_images(load(project), project.root / ".cache" / "images")
    return caught.value.problems


def config(project: Project, plugin: dict[str, object] | None = None, **overrides) -> MkDocsConfig:
    """The scratch project's mkdocs.yml as MkDocs reads it.

    Args:
        project: the scratch project.
        plugin: options of the doingoai plugin that replace the file's (``today`` …).
        **overrides: top-level options that replace the file's, as ``load_config`` takes them.
    """
    loaded = load_config(str(project.root / "mkdocs.yml"), **overrides)
    options = loaded.plugins["doingoai"].config
    for key, value in (plugin or {}).items():
        assert key in options, f"the doingoai plugin has no option {key!r}"
        options[key] = value
    return loaded


def renderer(project: Project, code: str, **plugin: object) -> tuple[Renderer, dict[str, Route]]:
    """The renderer of one language, set up as the plugin sets it up for a build.

    Args:
        project: the scratch project.
        code: the language being rendered.
        **plugin: options of the doingoai plugin that replace the file's (``today="2027-01-01"``).

    Returns:
        The renderer and the routes of every page.
    """
    options = config(project, plugin).plugins["doingoai"].config
    portal = load(project)
    routes = build_routes(portal)
    translators = {
        lang.code: load_translator(Path(options.translations_dir), lang) for lang in LANGUAGES
    }
    with open(Path(options.translations_dir) / "languages.yml", encoding="utf-8") as handle:
        autonyms = yaml.safe_load(handle)
    today = dt.date.fromisoformat(options.today) if options.today else dt.date.today()
    ctx = RenderContext(
        portal, routes, BY_CODE[code], translators[code], autonyms, today, translators
    )
    rendering = Renderer(make_environment(Path(options.theme_dir)), ctx)
    images: ImageSet = prepare_images(portal, project.root / ".cache" / "images")
    install_images(rendering.env, images)
    return rendering, routes


def invoke(project: Project, *args: str) -> Result:
    """``portal ARGS`` run in this process, in the scratch project's folder."""
    with contextlib.chdir(project.root):
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
