"""Images of editors' Markdown shown as the items' ``<picture>``: after the sanitizer, each
``<img>`` of the site's ``media/`` is replaced by what a template makes of it (WebP and JPEG/PNG
variants in ``srcset``, width and height, the editor's alt text).

The sanitizer (:mod:`generator.markdown.sanitize`) is left exactly as it is for editors: it never
sees ``<picture>`` nor ``<source>``, which only the theme writes. The sanitized HTML is read with
a real HTML tokenizer; only the ``<img>`` tags are replaced, every other byte stays as it was.
Nothing here knows Jinja or MkDocs: :func:`show_pictures` takes the function that renders one
image.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from generator.content.media import MEDIA_DIR

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


@dataclass(frozen=True)
class MarkdownImage:
    """One ``<img>`` of an editor's text: the file of ``content/`` it shows and what it says.

    ``attributes`` are the others the editor gave with ``{: … }`` (``id``, ``class``, ``title``,
    ``width``, ``height``), already allowed by the sanitizer.
    """

    src: str
    alt: str
    attributes: dict[str, str]


def show_pictures(html: str, here: str, render: Callable[[MarkdownImage], str]) -> str:
    """``html`` with each image of ``media/`` replaced by ``render(image)``.

    Args:
        html: sanitized HTML of a page (its links relative to ``here``, or ``/media/…``).
        here: the site path of the page (``en/about/``).
        render: the HTML of one image.
    """
    tags = _ImageTags()
    tags.feed(html)
    tags.close()
    if not tags.found:
        return html
    starts = _line_starts(html)
    parts: list[str] = []
    done = 0
    for (line, column), text, attributes in tags.found:
        image = _image(attributes, here)
        if image is None:
            continue
        start = starts[line - 1] + column
        parts += [html[done:start], render(image)]
        done = start + len(text)
    return "".join(parts) + html[done:]


def media_path(src: str, here: str) -> str | None:
    """The path inside ``content/`` of an image's ``src`` on the page ``here``, if it is in
    ``media/`` (a site path ``/media/…`` or a link relative to the page)."""
    path = unquote(src.split("#", 1)[0].split("?", 1)[0])
    if not path or path.startswith("//") or _SCHEME.match(path):
        return None
    site = path[1:] if path.startswith("/") else posixpath.normpath(posixpath.join(here, path))
    return site if site.startswith(f"{MEDIA_DIR}/") else None


def _image(attributes: list[tuple[str, str | None]], here: str) -> MarkdownImage | None:
    values = {name: value or "" for name, value in attributes}
    src = media_path(values.pop("src", ""), here)
    if src is None:
        return None
    alt = values.pop("alt", "")
    return MarkdownImage(src, alt, values)


class _ImageTags(HTMLParser):
    """Every ``<img>`` start tag: where it starts, its text as written and its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text()
        if tag == "img" and text is not None:
            self.found.append((self.getpos(), text, attrs))

    handle_startendtag = handle_starttag


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer("\n", text))]
