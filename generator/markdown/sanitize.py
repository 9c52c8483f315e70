"""The allow-list of HTML that editors' Markdown may produce, enforced by nh3 and explained.

Editors' text is untrusted: a pasted snippet or a stolen account must not put code on the site.
Every piece of HTML made from Markdown (pages, item bodies, a plan's original text, the answers of
the FAQ, the bodies of the Atom feeds) goes through :func:`sanitize`, an allow-list sanitizer
(nh3, the Rust ``ammonia`` library) configured from the constants below. The same constants drive
:func:`findings`, which tells an editor *what* the sanitizer would remove and how to write it
instead: the content check fails on any finding, so the sanitizer never silently changes a page.

Two policies:

- **Raw HTML** written in Markdown (``<b>``, ``<sup>`` …) may only be one of
  :data:`RAW_INLINE_TAGS`, bare (no attribute at all: ``class`` and ``id`` come only from
  ``attr_list``'s ``{: .note #id }``).
- **The HTML Markdown produces** may hold :data:`TAGS` with :data:`ATTRIBUTES`; classes only from
  :data:`CLASSES`; links only to :data:`URL_SCHEMES` or paths of the site; images only from the site
  itself (a government site makes no request to another host).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import nh3

from generator.i18n.tool import tr

RAW_INLINE_TAGS: frozenset[str] = frozenset(
    {"b", "i", "strong", "em", "s", "u", "mark", "small", "sub", "sup", "kbd", "br", "abbr"}
)
"""Tags an editor may type as raw HTML inside Markdown, without attributes (``abbr`` may have a
``title``)."""

TAGS: frozenset[str] = RAW_INLINE_TAGS | frozenset(
    {
        "p", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "blockquote",
        "ul", "ol", "li", "dl", "dt", "dd", "a", "img", "span", "div",
        "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    }
)  # fmt: skip
"""Tags the portal's Markdown extensions produce."""

ATTRIBUTES: dict[str, frozenset[str]] = {
    "*": frozenset({"id", "class"}),
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "abbr": frozenset({"title"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
}
"""Attributes allowed per tag (``*``: on every tag). Never ``style`` nor ``on…``."""

CLASSES: frozenset[str] = frozenset(
    {
        # admonitions: !!! note, !!! warning …
        "admonition", "admonition-title", "note", "info", "tip", "warning", "danger",
        # footnotes and the table of contents, as their extensions write them
        "footnote", "footnote-ref", "footnote-backref", "toc",
        # table column alignment (generator.markdown.align)
        "align-left", "align-center", "align-right",
    }
)  # fmt: skip
"""The classes the theme styles for content; ``{: .name }`` may use only these."""

URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})
"""Schemes a link may use; a path or ``#fragment`` of the site needs none."""

CODE_LANGUAGE_CLASS = re.compile(r"^language-[\w+#.-]{1,40}$")
"""The one open class: ``language-python`` on ``<code>``, written by a fenced code block."""

_URL_ATTRIBUTES = {("a", "href"), ("img", "src")}
_ID = re.compile(r"^[^\s\"'<>`=]{1,100}$")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these before reading a scheme
_CLEAN_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object"})


@dataclass(frozen=True)
class Finding:
    """One thing the sanitizer would remove: what it is, where to look for it, how to fix it.

    ``needles`` are pieces of the editor's text that locate the fault (the first one found in
    the text gives its line).
    """

    message: str
    fix: str
    needles: tuple[str, ...]


# --- the sanitizer -------------------------------------------------------------------------


def sanitize(html: str, own_origin: str | None = None) -> str:
    """``html`` with everything outside the allow-list removed.

    Args:
        html: a fragment made from an editor's Markdown.
        own_origin: the site's own ``https://host/`` (feeds make links absolute); an image there
            is the site's own, anywhere else a request to another host.
    """
    if not html:
        return html
    return _cleaner(own_origin).clean(html)


@lru_cache(maxsize=8)
def _cleaner(own_origin: str | None) -> nh3.Cleaner:
    def attribute_filter(tag: str, name: str, value: str) -> str | None:
        return value if _attribute_problem(tag, name, value, own_origin) is None else None

    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(_CLEAN_CONTENT),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        attribute_filter=attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


# --- what it would remove, explained -------------------------------------------------------


def raw_html_findings(fragment: str) -> list[Finding]:
    """Problems in one piece of raw HTML an editor typed into Markdown (``<b>``, ``<div …>``)."""
    text = fragment.strip()
    if not text.startswith("<") or text.startswith(("<!--", "<pre")):
        # an entity (&amp;), a comment (dropped, harmless) or a fenced code block, which
        # Markdown keeps in the same place as raw HTML; the HTML it becomes is checked after
        return []
    found: list[Finding] = []
    for tag, attributes in _start_tags(text):
        if tag not in RAW_INLINE_TAGS:
            found.append(_raw_tag_finding(tag))
            continue
        for name, _ in attributes:
            if not (tag == "abbr" and name == "title"):
                found.append(
                    Finding(
                        tr(
                            "the attribute '{name}' on raw HTML <{tag}> is not allowed",
                            name=name,
                            tag=tag,
                        ),
                        tr(
                            "write the tag bare (<b>, <sup> …); classes and ids come only from "
                            "Markdown's {: .class #id } after a paragraph, heading or image"
                        ),
                        (f"{name}=", name),
                    )
                )
    return found


def findings(html: str, own_origin: str | None = None) -> list[Finding]:
    """Everything the sanitizer would remove from ``html``, made by Markdown from an editor's text
    (attributes set with ``{: … }``, links of any form)."""
    found: list[Finding] = []
    for tag, attributes in _start_tags(html):
        if tag not in TAGS:
            found.append(_raw_tag_finding(tag))
            continue
        for name, value in attributes:
            problem = _attribute_problem(tag, name, value, own_origin)
            if problem is not None:
                found.append(problem)
    return found


def _attribute_problem(tag: str, name: str, value: str, own_origin: str | None) -> Finding | None:
    allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, frozenset())
    if name not in allowed:
        return _attribute_finding(tag, name, value)
    if name == "class":
        unknown = [token for token in value.split() if not _allowed_class(tag, token)]
        if unknown:
            return Finding(
                tr("the class '{name}' is not one the theme offers for content", name=unknown[0]),
                tr("use one of {classes}, or remove it", classes=", ".join(sorted(CLASSES))),
                (unknown[0],),
            )
    if name == "id" and not _ID.match(value):
        return Finding(
            tr("the id '{value}' is not a valid anchor name", value=value),
            tr("use letters, digits and hyphens, without spaces or quotes"),
            (value, "#"),
        )
    if (tag, name) in _URL_ATTRIBUTES:
        return _url_problem(tag, value, own_origin)
    return None


def _allowed_class(tag: str, token: str) -> bool:
    return token in CLASSES or (tag == "code" and CODE_LANGUAGE_CLASS.match(token) is not None)


def _url_problem(tag: str, value: str, own_origin: str | None) -> Finding | None:
    # As a browser reads it: control characters and spaces dropped, and a backslash is a slash
    # in http(s) URLs, so "/\\evil.example/x.png" is another host's image.
    compact = _IGNORED_IN_URLS.sub("", value).replace("\\", "/")
    scheme = _SCHEME.match(compact)
    if tag == "img":
        local = not scheme and not compact.startswith("//")
        if local or (own_origin and compact.startswith(own_origin)):
            return None
        return Finding(
            tr("the image '{value}' is not a file of the site", value=value),
            tr(
                "a reader's browser must not fetch anything from another site: copy the image "
                "into content/media/ and write its path, e.g. ![what it shows](media/photo.jpg)"
            ),
            (value.strip(),),
        )
    if scheme is None or scheme.group(1).lower() in URL_SCHEMES:
        return None
    rest = compact[scheme.end() :]
    return Finding(
        tr(
            "the link '{link}' uses '{scheme}:', which is not allowed",
            link=compact,
            scheme=scheme.group(1),
        ),
        tr(
            "a link may go to a page or file of the site, or to an http(s), mailto: or tel: address"
        ),
        (value.strip(), compact, rest[:30], scheme.group(1)),
    )


def _attribute_finding(tag: str, name: str, value: str) -> Finding:
    if name.startswith("on"):
        fix = tr("remove it: content cannot carry scripts")
    elif name == "style":
        fix = tr(
            "remove it: the theme styles content (a class may do: {classes})",
            classes=", ".join(sorted(CLASSES)),
        )
    else:
        fix = tr("remove it")
    message = tr("the attribute '{name}' on <{tag}> is not allowed", name=name, tag=tag)
    return Finding(message, fix, (f"{name}=", name))


def _raw_tag_finding(tag: str) -> Finding:
    if tag in {"iframe", "video", "audio", "object", "embed"}:
        fix = tr(
            "a video goes into a publication item (kind: video) and a place into the "
            "coordinates of an item: the theme renders them, never raw HTML"
        )
    elif tag in {"script", "style", "link", "meta", "base"}:
        fix = tr("remove it: content cannot carry code, styles or page settings")
    elif tag in {"form", "input", "button", "select", "textarea"}:
        fix = tr("remove it: link to the service's own page instead")
    else:
        fix = tr(
            "write it in Markdown (headings #, lists -, tables |, links [text](url)); raw HTML "
            "may only be {tags}, bare",
            tags=", ".join(f"<{t}>" for t in sorted(RAW_INLINE_TAGS)),
        )
    message = tr("the HTML tag <{tag}> is not allowed in content", tag=tag)
    return Finding(message, fix, (f"<{tag}",))


class _StartTags(HTMLParser):
    """Collects every start tag with its attributes, as a browser's tokenizer reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag.lower(), [(name.lower(), value or "") for name, value in attrs]))

    handle_startendtag = handle_starttag


def _start_tags(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = _StartTags()
    parser.feed(html)
    parser.close()
    return parser.tags
