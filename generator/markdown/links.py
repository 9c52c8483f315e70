"""Links and images of a text rewritten through one function, after every other tree processor
(attr_list, toc, Lao word breaks): how an item's text reads outside its own page (in a feed, in
a listing) with its links leading where they lead on that page."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

URL_ATTRIBUTE = {"a": "href", "img": "src"}


class LinkRewriter(Extension):
    """Sets each link's ``href`` and each image's ``src`` to ``resolve(value)``."""

    def __init__(self, resolve: Callable[[str], str]):
        super().__init__()
        self.resolve = resolve

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_Rewrite(md, self.resolve), "link_rewriter", 0)


class _Rewrite(Treeprocessor):
    def __init__(self, md: Markdown, resolve: Callable[[str], str]):
        super().__init__(md)
        self.resolve = resolve

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = URL_ATTRIBUTE.get(element.tag)
            if attribute and element.get(attribute) is not None:
                element.set(attribute, self.resolve(element.get(attribute, "")))
