"""Files an editor puts in ``content/``: which the site publishes, and where a path may lead.

``content/`` holds two kinds of file:

- **sources**, read by the generator and never published as they are: Markdown pages
  (``*.md``), items (``data/<kind>/<slug>.yml``), ``site.yml`` and ``README.md``;
- **media**, published byte for byte (raster images after their metadata is removed): files
  under ``media/`` whose type is in :data:`PUBLISHED_TYPES`.

Anything else is refused by :func:`check_content_files` before anything is built, as is every
symbolic link (MkDocs would follow it and publish what it points to), every SVG carrying
script, a DOCTYPE or CSS and links that could fetch anything but the drawing's own elements
(:func:`svg_findings`), and every file whose bytes are not its type or that carries script,
macros or outside references (:func:`generator.content.documents.file_findings`).
:func:`resolve_file` is the one place a path written in a field or a Markdown link becomes a
file, and :func:`publishable` is what the plugin asks before MkDocs copies a file. Hidden files
and folders (``.gitkeep``, ``.DS_Store``, an editor's ``.page.md.swp``) are neither sources nor
published: they are left alone. Nothing here knows MkDocs.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from lxml import etree
from pydantic import BaseModel

from generator.content.documents import file_findings
from generator.content.fields import ContentFile, Image, typed_values
from generator.content.problems import Problems
from generator.i18n.tool import tr

if TYPE_CHECKING:
    from generator.content.yamlsource import Located

MEDIA_DIR = "media"
DATA_DIR = "data"
SOURCE_FILES = ("site.yml", "glossary.yml", "README.md")
"""Files at the top of ``content/`` that are sources."""

PUBLISHED_TYPES: dict[str, str] = {
    ".jpg": "photograph (JPEG)",
    ".jpeg": "photograph (JPEG)",
    ".png": "image (PNG)",
    ".webp": "image (WebP)",
    ".svg": "drawing (SVG)",
    ".pdf": "document (PDF)",
    ".docx": "document (Word)",
    ".xlsx": "spreadsheet (Excel)",
    ".odt": "document (OpenDocument)",
    ".ods": "spreadsheet (OpenDocument)",
    ".mp4": "video (MP4)",
    ".webm": "video (WebM)",
    ".vtt": "subtitles (WebVTT)",
}
"""The file types published from ``media/`` (suffixes compared in lower case). No GIF (the image
pipeline re-encodes JPEG, PNG and WebP only) and no office format that may carry macros."""

_ALLOWED = ", ".join(sorted({suffix.lstrip(".") for suffix in PUBLISHED_TYPES}))
_BACKUP = re.compile(r"(~|\.bak|\.orig|\.swp|\.tmp)$|^#.*#$", re.IGNORECASE)


class UnsafePath(ValueError):
    """A path that does not lead to a published file of ``content/``: what and how to fix it."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


# --- paths -----------------------------------------------------------------------------------


def published_type(relative: str) -> bool:
    """Whether ``relative`` (posix, relative to ``content/``) is a type published from media/."""
    parts = PurePosixPath(relative).parts
    return (
        len(parts) > 1
        and parts[0] == MEDIA_DIR
        and not any(part.startswith(".") for part in parts)
        and PurePosixPath(relative).suffix.lower() in PUBLISHED_TYPES
    )


def markdown_target(base: str, target: str) -> str:
    """The path inside ``content/`` that a link or image of Markdown names.

    One style for every path of the content: ``media/pho-hien.jpg`` starts at ``content/``, as
    in the fields of items and ``site.yml``, whichever folder the text is in. Any other relative
    path starts at the folder of the text (``../media/pho-hien.jpg`` from a section's page, the
    older style, still read the same way; ``../plans/index.md`` for a page).

    Args:
        base: the folder, relative to ``content/``, of the text that writes ``target``.
        target: the path as written, without ``#fragment`` or ``?query``.
    """
    if target.startswith(f"{MEDIA_DIR}/"):
        return posixpath.normpath(target)
    return posixpath.normpath(posixpath.join(base, target))


def resolve_file(root: Path, relative: str) -> Path:
    """The published file of ``content/`` that ``relative`` names.

    Args:
        root: the content folder.
        relative: a path relative to ``root``, already joined with the folder of the page that
            wrote it (``media/hero.jpg``).

    Returns:
        The file, inside ``root``.

    Raises:
        UnsafePath: the path leaves ``root``, passes through a symbolic link, names no file, or
            names a file the site does not publish.
    """
    if relative.startswith("/") or "\\" in relative or "\x00" in relative:
        raise UnsafePath(
            tr("'{path}' is not a relative path", path=relative),
            tr("write the path relative to content/ with / between folders, e.g. media/hero.jpg"),
        )
    normalised = posixpath.normpath(relative)
    if normalised == ".." or normalised.startswith("../"):
        raise UnsafePath(
            tr("'{path}' leads out of content/", path=relative),
            tr("put the file under content/media/ and name it from there"),
        )
    current = root
    for part in PurePosixPath(normalised).parts:
        current = current / part
        if current.is_symlink():
            raise UnsafePath(
                tr(
                    "'{path}' passes through the symbolic link {link}",
                    path=relative,
                    link=current.relative_to(root),
                ),
                tr("replace the link with the file itself"),
            )
    if not current.is_file():
        raise UnsafePath(
            tr("'{path}' is not in content/", path=relative),
            tr("correct the path, or add the file under content/media/"),
        )
    if not current.resolve().is_relative_to(root.resolve()):  # a link in a folder above root
        raise UnsafePath(
            tr("'{path}' leads out of content/", path=relative),
            tr("put the file in content/media/"),
        )
    if not published_type(normalised):
        raise UnsafePath(
            tr("'{path}' is not a file the site publishes", path=relative),
            tr(
                "link to a file under content/media/ of one of these types: {types}",
                types=_ALLOWED,
            ),
        )
    return current


def publishable(root: Path, source: Path) -> bool:
    """Whether the site may copy ``source`` as it is (asked for every non-page file).

    Files outside ``root`` (the theme's, generated ones) are not the content's to judge.
    """
    try:
        relative = source.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return True
    try:
        resolve_file(root, relative)
    except UnsafePath:
        return False
    return True


# --- paths written in fields -----------------------------------------------------------------


@dataclass(frozen=True)
class FileRef:
    """A path to a file of ``content/`` written in a field of ``site.yml`` or an item."""

    value: str
    owner: BaseModel
    """The model holding the field: an :class:`~generator.content.fields.Image` for images."""
    loc: tuple[str | int, ...]
    path: Path
    line: int


def file_refs(documents: Iterable[tuple[Located, BaseModel]]) -> Iterator[FileRef]:
    """Every :data:`~generator.content.fields.ContentPath` value of ``documents``, in order."""
    for located, model in documents:
        for loc, value in typed_values(model, ContentFile):
            owner = _field_owner(model, loc)
            yield FileRef(str(value), owner, loc, located.path, located.line_of(loc))


def _field_owner(model: BaseModel, loc: tuple) -> BaseModel:
    """The innermost model on the way to the field at ``loc``."""
    owner, value = model, model
    for step in loc[:-1]:
        value = getattr(value, step) if isinstance(value, BaseModel) else value[step]
        if isinstance(value, BaseModel):
            owner = value
    return owner


def check_file_refs(root: Path, refs: Iterable[FileRef], problems: Problems) -> None:
    """Each path written in a field leads to a published file of ``content/``."""
    for ref in refs:
        try:
            resolve_file(root, ref.value)
        except UnsafePath as exc:
            problems.add(
                ref.path,
                ref.line,
                tr("the image {what}", what=exc.message)
                if isinstance(ref.owner, Image)
                else tr("the file {what}", what=exc.message),
                exc.fix,
            )


# --- the files of content/ -------------------------------------------------------------------


def check_content_files(root: Path, problems: Problems) -> bool:
    """Refuse every symbolic link, every file that is neither a source nor an allowed medium,
    and every SVG that could run script or reach another file.

    The walk does not follow links, so a link to ``/`` costs nothing.

    Returns:
        False when a symbolic link or something other than a file (a pipe, a device) was found:
        then nothing else of ``root`` should be read (a link may lead to ``/dev/stdin``).
    """
    if not root.is_dir():
        return True
    readable = True
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(folder)
        dirnames.sort()
        for name in sorted(dirnames + filenames):
            path = here / name
            relative = path.relative_to(root).as_posix()
            if path.is_symlink():
                readable = False
                problems.add(
                    path,
                    1,
                    tr(
                        "{path} is a symbolic link; the site would publish whatever it points to",
                        path=relative,
                    ),
                    tr(
                        "replace the link with a copy of the file (under content/media/), "
                        "or delete it"
                    ),
                )
            elif name in filenames and not path.is_file():
                readable = False
                problems.add(
                    path, 1, tr("{path} is not a regular file", path=relative), tr("delete it")
                )
            elif name in filenames:
                _check_file(root, path, problems)
    return readable


def _check_file(root: Path, path: Path, problems: Problems) -> None:
    relative = path.relative_to(root).as_posix()
    parts = relative.split("/")
    if any(part.startswith(".") for part in parts):
        return  # hidden: never published, never read
    if relative in SOURCE_FILES or _is_data_file(parts) or relative.endswith(".md"):
        return
    if published_type(relative):
        if path.suffix.lower() == ".svg":
            for line, finding in svg_findings(path):
                problems.add(
                    path,
                    line,
                    tr("the SVG {finding}", finding=finding),
                    tr(
                        "remove it in a drawing program, or export the drawing again as plain "
                        "SVG (no script, no links to other files, no <!DOCTYPE>)"
                    ),
                )
        for found in file_findings(path):
            problems.add(
                path, found.line, tr("{path} {what}", path=relative, what=found.what), found.fix
            )
        return
    problems.add(path, 1, *_refusal(relative, path.name))


def _is_data_file(parts: list[str]) -> bool:
    """Files in ``data/<kind>/`` and below are the loader's to judge (one .yml per item)."""
    return parts[0] == DATA_DIR and len(parts) > 2


def _refusal(relative: str, name: str) -> tuple[str, str]:
    if _BACKUP.search(name):
        return (
            tr(
                "{path} looks like an editor's backup or temporary copy, which is not published",
                path=relative,
            ),
            tr("delete it"),
        )
    if relative.startswith(f"{MEDIA_DIR}/"):
        suffix = PurePosixPath(name).suffix.lower() or tr("(no extension)")
        return (
            tr("{path}: files of type '{suffix}' are not published", path=relative, suffix=suffix),
            tr("convert it to one of {types}, or delete it", types=_ALLOWED),
        )
    if relative.startswith(f"{DATA_DIR}/"):
        return (
            tr(
                "{path} is not an item: items live in content/data/<kind>/<slug>.yml", path=relative
            ),
            tr("move it into the folder of its kind, or delete it"),
        )
    return (
        tr(
            "{path} is neither a page (.md) nor under content/media/, so it is not published",
            path=relative,
        ),
        tr(
            "move it to content/media/ if it is one of {types}; otherwise delete it",
            types=_ALLOWED,
        ),
    )


# --- SVG -------------------------------------------------------------------------------------

_SVG_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False
)
_XHTML = "http://www.w3.org/1999/xhtml"
_FORBIDDEN_ELEMENTS = {
    "script",
    "foreignobject",
    "handler",
    "listener",
    "iframe",
    "frame",
    "embed",
    "object",
    "applet",
    "meta",
    "base",
    "link",
    "form",
}
_DANGEROUS_SCHEME = re.compile(r"(javascript|vbscript|livescript):|^data:", re.IGNORECASE)
_EMBEDDED_RASTER = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]")
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_DOCTYPE = "has a <!DOCTYPE> or <!ENTITY> (entities can read files or expand without end)"
_SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
_NOT_CSS = {"id", "class", "role", "lang", "title", "label", "alt", "attributeName"}
"""Attributes that are names or words for people, never a CSS value; every other attribute's
value is read as CSS (presentation attributes such as ``fill="url(…)"`` are CSS values)."""


def svg_findings(path: Path) -> list[tuple[int, str]]:
    """What makes the SVG at ``path`` unsafe to serve from the site's origin, with its line.

    Returns:
        (line, finding) pairs; empty when the drawing is safe.
    """
    data = path.read_bytes()
    declaration = _DECLARATION.search(data)
    if declaration is not None:  # refused before parsing: no DTD is ever read
        return [(data.count(b"\n", 0, declaration.start()) + 1, _DOCTYPE)]
    try:
        tree = etree.fromstring(data, _SVG_PARSER).getroottree()
    except etree.XMLSyntaxError as exc:
        return [(exc.lineno or 1, f"is not well-formed XML ({exc.msg})")]
    found: list[tuple[int, str]] = []
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        found.append((1, _DOCTYPE))
    root = tree.getroot()
    if root.tag != _SVG_ROOT:
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        found.append((root.sourceline or 1, f"is not an SVG drawing (its root is <{name}>)"))
    around = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for node in [*around, *root.iter()]:
        found += _node_findings(node)
    return found


def _node_findings(node) -> list[tuple[int, str]]:
    line = node.sourceline or 1
    if isinstance(node, etree._ProcessingInstruction):
        return [(line, f"has a processing instruction <?{node.target} …?>")]
    if isinstance(node, etree._Entity):
        return [(line, f"uses the entity &{node.name};")]
    if not isinstance(node.tag, str):
        return []  # a comment
    qname = etree.QName(node)
    name = qname.localname
    if name.lower() in _FORBIDDEN_ELEMENTS or qname.namespace == _XHTML:
        return [(line, f"has a <{name}> element")]
    found = [(line, f) for f in _attribute_findings(name, node.attrib)]
    if name.lower() == "style":
        found += [(line, f"<style> {f}") for f in css_findings("".join(node.itertext()))]
    return found


def _attribute_findings(element: str, attributes) -> Iterator[str]:
    for key, value in attributes.items():
        name = etree.QName(key).localname
        compact = _INVISIBLE.sub("", value)
        if name.lower().startswith("on"):
            yield f"has an event attribute {name}= on <{element}>"
        elif name == "href":
            if not compact.startswith("#") and not (
                element == "image" and _EMBEDDED_RASTER.match(compact)
            ):
                yield f"<{element}> refers to {value[:80]!r} (only #id inside the drawing)"
        elif name == "attributeName" and value.split(":")[-1].lower().startswith(("href", "on")):
            yield f"<{element}> animates the attribute {value}="
        elif _DANGEROUS_SCHEME.search(compact):
            yield f"has a {value[:40]!r} address in {name}= on <{element}>"
        elif name not in _NOT_CSS and not name.startswith("aria-"):
            yield from (f"{name}= on <{element}> {f}" for f in css_findings(value))


# --- CSS in SVG ------------------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.DOTALL)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\r\f])?|(\r\n|[\n\r\f])|(.))", re.S)
_CSS_FUNCTION = re.compile(r"([a-z-]*?)(url|image-set|image|cross-fade|src)\s*\(", re.IGNORECASE)
_CSS_AT_RULE = re.compile(r"@(import|font-face|namespace)\b", re.IGNORECASE)
_AT_RULES = {
    "import": "imports another style sheet (@import)",
    "font-face": "loads a font file (@font-face)",
}
_LOCAL_FRAGMENT = re.compile(r"""\(\s*(['"]?)#[^\s'"()/\\]+\1\s*\)""")


def css_findings(css: str) -> Iterator[str]:
    """Whatever in CSS written inside an SVG could fetch something: only ``url(#id)``, a
    reference to the drawing's own element, is allowed.

    The CSS is read as a browser reads it: comments dropped and backslash escapes decoded
    (``\\75 rl(`` is ``url(``) before anything is matched.
    """
    escaped = " (written with a CSS escape \\…)" if "\\" in css else ""
    yield from (finding + escaped for finding in _css_fetches(css_unescaped(css)))


def _css_fetches(text: str) -> Iterator[str]:
    for match in _CSS_AT_RULE.finditer(text):
        rule = match.group(1).lower()
        yield _AT_RULES.get(rule, f"has @{rule}")
    for match in _CSS_FUNCTION.finditer(text):
        function = match.group(1) + match.group(2).lower()
        if match.group(2).lower() != "url" or match.group(1):
            yield f"uses {function}(…), which can fetch an image or a file"
            continue
        local = _LOCAL_FRAGMENT.match(text, match.end() - 1)
        if local is None:
            argument = text[match.end() :].split(")", 1)[0].strip().strip("'\"")
            yield f"refers to {argument[:80]!r} (only url(#id) inside the drawing)"
    if "//" in text:
        yield "has '//', the start of an address on another site"


def css_unescaped(css: str) -> str:
    """``css`` without comments and with every backslash escape replaced by its character."""
    return _CSS_ESCAPE.sub(_css_character, _CSS_COMMENT.sub(" ", css))


def _css_character(match: re.Match) -> str:
    hex_digits, newline, other = match.groups()
    if newline is not None:
        return ""  # a line continued inside a string
    if other is not None:
        return other
    code = int(hex_digits, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    return chr(code)
