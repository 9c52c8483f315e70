"""One path style for the files of ``content/media/``: ``media/pho-hien.jpg`` in Markdown names
the same file as in the fields of items and ``site.yml``, whichever folder the page is in.

Written as the site path ``/media/pho-hien.jpg`` before any other processor reads the links
(MkDocs' own, which resolves relative paths from the page's folder, leaves such a path as it is;
the link rewriters of nested text and feeds already read it as a path of the site). An image then
becomes the items' ``<picture>`` (:mod:`generator.markdown.pictures`), with links relative to its
page. Paths relative to the page's folder (``../media/pho-hien.jpg``) pass unchanged, as before.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from generator.content.media import MEDIA_DIR
from generator.markdown.links import URL_ATTRIBUTE

PRIORITY = 3
"""After ``attr_list`` (8) and ``toc`` (5), before MkDocs' relative paths and the link rewriter
(0)."""


class MediaPaths(Extension):
    """Rewrites ``media/…`` in each link's ``href`` and image's ``src`` to ``/media/…``."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_FromContentRoot(md), "media_paths", PRIORITY)


class _FromContentRoot(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = URL_ATTRIBUTE.get(element.tag)
            value = element.get(attribute, "") if attribute else ""
            if attribute and value.startswith(f"{MEDIA_DIR}/"):
                element.set(attribute, f"/{value}")


def makeExtension(**kwargs) -> MediaPaths:  # noqa: N802 - Markdown's API
    return MediaPaths(**kwargs)
