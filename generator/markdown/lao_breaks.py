"""Markdown extension: zero-width spaces between Lao words in every text node except code."""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from generator.i18n.lao import segment

_SKIP = {"code", "pre", "script", "style"}


class LaoBreaksTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        self._walk(root)

    def _walk(self, element: etree.Element) -> None:
        if element.tag in _SKIP:
            return
        if element.text:
            element.text = segment(element.text)
        for child in element:
            self._walk(child)
            if child.tail:
                child.tail = segment(child.tail)


class LaoBreaksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.treeprocessors.register(LaoBreaksTreeprocessor(md), "lao_breaks", 1)


def makeExtension(**kwargs) -> LaoBreaksExtension:  # noqa: N802 - Markdown's API
    return LaoBreaksExtension(**kwargs)
