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
    """Sets each link's ``href`` to ``resolve(value)`` and each image's ``src`` to
    ``resolve_image(value)`` (``resolve`` when not given)."""

    def __init__(
        self, resolve: Callable[[str], str], resolve_image: Callable[[str], str] | None = None
    ):
        super().__init__()
        self.resolvers = {"a": resolve, "img": resolve_image or resolve}

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(_Rewrite(md, self.resolvers), "link_rewriter", 0)


class _Rewrite(Treeprocessor):
    def __init__(self, md: Markdown, resolvers: dict[str, Callable[[str], str]]):
        super().__init__(md)
        self.resolvers = resolvers

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            attribute = URL_ATTRIBUTE.get(element.tag)
            if attribute and element.get(attribute) is not None:
                resolve = self.resolvers[element.tag]
                element.set(attribute, resolve(element.get(attribute, "")))
