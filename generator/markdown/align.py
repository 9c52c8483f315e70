"""Markdown extension: a table column's alignment as a class, not a ``style`` attribute.

Python-Markdown writes ``style="text-align: right;"`` on the cells of an aligned column; the
sanitizer allows no ``style`` (an editor could hide or overlay anything with one), so the
alignment becomes ``class="align-right"``, which the theme's stylesheet lays out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

_ALIGN = re.compile(r"^\s*text-align:\s*(left|right|center);?\s*$")


class AlignClassTreeprocessor(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for cell in root.iter():
            if cell.tag not in ("th", "td"):
                continue
            match = _ALIGN.match(cell.get("style", ""))
            if match:
                del cell.attrib["style"]
                classes = [*cell.get("class", "").split(), f"align-{match.group(1)}"]
                cell.set("class", " ".join(classes))


class AlignClassExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        # After the tables' block processor, before attr_list (priority 8) may add a class.
        md.treeprocessors.register(AlignClassTreeprocessor(md), "align_class", 9)


def makeExtension(**kwargs) -> AlignClassExtension:  # noqa: N802 - Markdown's API
    return AlignClassExtension(**kwargs)
