"""How editors' Markdown becomes HTML: one set of extensions for every text of the portal.

MkDocs renders the pages with :data:`EXTENSIONS` (the plugin sets them, so ``mkdocs.yml`` holds
no second list); the content check converts every text with the same set before anything is
built, to find what the sanitizer (:mod:`generator.markdown.sanitize`) would remove; Markdown
nested in a page (a plan's original text, an answer of the FAQ) uses them too, with headings
starting at h3.
"""

from __future__ import annotations

from typing import Any

import markdown

EXTENSIONS: tuple[str, ...] = (
    "tables",
    "fenced_code",
    "attr_list",
    "admonition",
    "footnotes",
    "toc",
    "generator.markdown.align",
    "generator.markdown.lao_breaks",
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
