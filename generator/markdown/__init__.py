"""How editors' Markdown becomes HTML: one set of extensions for every text of the portal.

MkDocs renders the pages with :data:`EXTENSIONS` (the plugin sets them, so ``mkdocs.yml`` holds
no second list); the content check converts every text with the same set before anything is
built, to find what the sanitizer (:mod:`generator.markdown.sanitize`) would remove; Markdown
nested in a page (a plan's original text, an answer of the FAQ) uses them too, with headings
starting at h3.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown

from generator.content.problems import Problem
from generator.i18n.tool import tr

KEY = "markdown_extensions"
"""The option of ``mkdocs.yml`` that the portal leaves unset."""

EXTENSIONS: tuple[str, ...] = (
    "tables",
    "fenced_code",
    "attr_list",
    "admonition",
    "footnotes",
    "toc",
    "generator.markdown.align",
    "generator.markdown.lao_breaks",
    "generator.markdown.media_paths",
)
"""Markdown extensions of every text (``fenced_code`` is one MkDocs always adds)."""

CONFIGS: dict[str, dict[str, Any]] = {"toc": {"permalink": False}}
"""Their settings for a page's own text."""

NESTED_CONFIGS: dict[str, dict[str, Any]] = {"toc": {"baselevel": 3}}
"""Their settings for text nested under a page's h1 and h2."""


def converter(nested: bool = False, extra: tuple[Any, ...] = ()) -> markdown.Markdown:
    """A Markdown converter with the portal's extensions (plus ``extra`` ones)."""
    return markdown.Markdown(
        extensions=[*EXTENSIONS, *extra],
        extension_configs=NESTED_CONFIGS if nested else CONFIGS,
    )


def refused_extensions(config_file: Path, configured: list[Any]) -> Problem | None:
    """Markdown extensions named in ``mkdocs.yml`` beyond :data:`EXTENSIONS`, as one problem:
    they would escape the content check and the sanitizer, so the build refuses them.

    Args:
        config_file: the project's ``mkdocs.yml``.
        configured: its ``markdown_extensions`` as MkDocs read them.

    Returns:
        The problem, at the line of ``markdown_extensions``; None when every one is the portal's.
    """
    extra = [name for name in configured if isinstance(name, str) and name not in EXTENSIONS]
    if not extra:
        return None
    lines = config_file.read_text(encoding="utf-8").splitlines()
    line = next((n for n, text in enumerate(lines, 1) if text.startswith(KEY)), 1)
    return Problem(
        config_file.name,
        line,
        tr("markdown_extensions {names} are not the portal's", names=", ".join(extra)),
        tr(
            "the portal's Markdown is set in generator/markdown/__init__.py (EXTENSIONS), where "
            "the content check sees it too; add it there, or remove markdown_extensions from "
            "mkdocs.yml"
        ),
    )
