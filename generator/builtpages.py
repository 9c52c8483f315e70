"""The HTML pages a build wrote, read back once for every reader that looks at all of them.

After the languages are built, two readers go through every page: the gate notes its ids and
references (:func:`generator.gate.page_memory`), and the search index takes its text
(:func:`generator.search.prepare_page`). Each page is read from the disk once and parsed at most
once for both; a large site holds thousands of pages.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from lxml import html as lxml_html
from lxml.html import HtmlElement


class BuiltPage:
    """One built page: its path in the site and, when a reader asks, its bytes and its tree."""

    def __init__(self, path: Path, relative: str) -> None:
        self.path = path
        self.relative = relative
        self._data: bytes | None = None
        self._tree: HtmlElement | None = None

    @property
    def data(self) -> bytes:
        """The page's bytes (read when first asked for)."""
        if self._data is None:
            self._data = self.path.read_bytes()
        return self._data

    def tree(self) -> HtmlElement:
        """The page parsed (the first call parses it; a page that does not parse raises
        lxml's ``ParserError`` or ``ValueError`` at every call). The same tree goes to every
        reader: a reader that changes it must come last."""
        if self._tree is None:
            self._tree = lxml_html.fromstring(self.data)
        return self._tree


def built_pages(site_dir: Path) -> Iterator[BuiltPage]:
    """Every ``.html`` file below ``site_dir``, in the order of their paths."""
    for path in sorted(site_dir.rglob("*.html")):
        yield BuiltPage(path, path.relative_to(site_dir).as_posix())
