"""The theme's stylesheets, scripts and fonts as readers get them: bundled, minified, fingerprinted.

A page asks for one stylesheet and one script. The stylesheets named in ``mkdocs.yml``
(``extra_css``, in that order) become ``assets/stylesheets/portal.<hash>.min.css``, the scripts
(``extra_javascript``) ``assets/javascripts/portal.<hash>.min.js``, and each web font
``assets/fonts/<name>.<hash>.woff2``; ``<hash>`` is the first 8 hex digits of the SHA-256 of the
bytes served, so a name never holds two contents and nginx lets browsers keep these files for a
year (``deploy/nginx/doingoai.conf.j2``). The stylesheets' ``url()`` of the fonts are rewritten to
the fingerprinted names. The sources stay readable in ``theme/assets/``; only the built forms are
published (:mod:`generator.theme_assets`).

``assets/javascripts/head.js`` is not a file of the site: its one line runs in ``<head>``, before
the first paint, written into each page; the Content-Security-Policy allows that one inline script
by its SHA-256 (:func:`head_script_hash`, used by :mod:`generator.nginx`).

Minifying here is deliberately plain (comments and layout whitespace only, never renaming), so
that the output does exactly what the sources say.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

STYLESHEET_NAME = "assets/stylesheets/portal.{hash}.min.css"
SCRIPT_NAME = "assets/javascripts/portal.{hash}.min.js"
FONTS_DIR = "assets/fonts"
HEAD_SCRIPT = "assets/javascripts/head.js"
THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
HASH_DIGITS = 8
COLOUR_PROPERTIES = {
    "primary": "--portal-red",
    "primary_dark": "--portal-red-dark",
    "accent": "--portal-gold",
}
"""The custom properties of ``portal.css`` that each setting of ``colours`` in site.yml sets."""

_LATIN = ("noto-sans-vi-regular.woff2", "noto-sans-vi-bold.woff2")
_LAO = ("noto-sans-lao-regular.woff2", "noto-sans-lao-bold.woff2")
BODY_FONTS: dict[str, tuple[str, ...]] = {"vi": _LATIN, "en": _LATIN, "lo": (*_LAO, _LATIN[0])}
"""The web fonts of a language's running text (fonts.css), preloaded on its pages: fetched with
the stylesheet, they are there before the first paint, so text does not reflow when they arrive
(a font loaded late moved the lists of /en/contact/ and /lo/contact/: layout shift 0.14, 0.23).
Lao pages also take their digits and Latin names from the Latin regular (the Lao font holds the
Lao block only): loaded late, it reflowed the facts table of /lo/about/ (0.21, performance 89).
Chinese, Japanese and Korean text uses the reader's system fonts: nothing to preload."""


@dataclass(frozen=True)
class Asset:
    """One built file: where it is published in the site and its bytes."""

    uri: str
    content: bytes


@dataclass(frozen=True)
class ThemeBundle:
    """What the build publishes in place of the theme's stylesheets, scripts and fonts.

    Attributes:
        stylesheet: the one stylesheet of every page.
        script: the one script of every page.
        fonts: the web fonts under their fingerprinted names, by source name.
        head_script: the inline script of every page's ``<head>``.
        sources: the theme files (``src_uri``) the bundle replaces, not published as they are.
    """

    stylesheet: Asset
    script: Asset
    head_script: str
    fonts: dict[str, Asset]
    sources: frozenset[str]

    @property
    def assets(self) -> tuple[Asset, ...]:
        return (self.stylesheet, self.script, *self.fonts.values())

    def preload(self, code: str) -> tuple[str, ...]:
        """The fonts (site-relative URIs) a page in language ``code`` needs first."""
        return tuple(
            self.fonts[name].uri for name in BODY_FONTS.get(code, ()) if name in self.fonts
        )


def bundle_theme(
    theme_dir: Path,
    stylesheets: Iterable[object],
    scripts: Iterable[object],
    colours: Mapping[str, str] | None = None,
) -> ThemeBundle:
    """Build the bundle from the files of ``theme_dir``.

    Args:
        theme_dir: the portal's theme folder (``theme/``).
        stylesheets: ``extra_css`` of ``mkdocs.yml``: paths inside the theme folder, in order.
        scripts: ``extra_javascript``: the same for scripts (strings or MkDocs' script values).
        colours: the portal's ``colours`` from site.yml, set after the stylesheets' defaults.
    """
    css_sources = [str(path) for path in stylesheets]
    js_sources = [str(path) for path in scripts]
    font_sources = sorted(
        path.relative_to(theme_dir).as_posix() for path in (theme_dir / FONTS_DIR).glob("*.woff2")
    )
    fonts = {
        PurePosixPath(src).name: _fingerprinted(src, (theme_dir / src).read_bytes())
        for src in font_sources
    }
    css = "\n".join(_point_at_fonts(_read(theme_dir, src), src, fonts) for src in css_sources)
    css += colour_rule(colours or {})
    js = ";\n".join(minify_js(_read(theme_dir, src)) for src in js_sources)
    return ThemeBundle(
        stylesheet=_named(STYLESHEET_NAME, minify_css(css).encode()),
        script=_named(SCRIPT_NAME, (js + "\n").encode()),
        head_script=head_script(theme_dir),
        fonts=fonts,
        sources=frozenset(css_sources + js_sources + font_sources + [HEAD_SCRIPT]),
    )


def colour_rule(colours: Mapping[str, str]) -> str:
    """The ``:root`` rule that gives the theme's custom properties the portal's colours."""
    declarations = "".join(f"{COLOUR_PROPERTIES[name]}:{value};" for name, value in colours.items())
    return f"\n:root{{{declarations}}}\n" if declarations else ""


def head_script(theme_dir: Path = THEME_DIR) -> str:
    """The script written inline into every page's ``<head>``, exactly as in the page."""
    return minify_js(_read(theme_dir, HEAD_SCRIPT))


def head_script_hash(theme_dir: Path = THEME_DIR) -> str:
    """The CSP source that allows :func:`head_script`: ``'sha256-<base64>'``."""
    digest = hashlib.sha256(head_script(theme_dir).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


# --- minifying --------------------------------------------------------------------------------

_CSS_STRING = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_CSS_SPACE_AROUND = re.compile(r"\s*([{};,>~])\s*")


def minify_css(text: str) -> str:
    """``text`` without comments and layout whitespace; strings are left exactly as written.

    The space before ``:`` and around ``+`` stays: it can be a descendant combinator before a
    pseudo-class (``.a :target``) or part of ``calc(a + b)``.
    """
    parts = _CSS_STRING.split(_CSS_COMMENT.sub("", text))
    out = []
    for index, part in enumerate(parts):
        if index % 2:  # a quoted string
            out.append(part)
            continue
        part = re.sub(r"\s+", " ", part)
        part = _CSS_SPACE_AROUND.sub(r"\1", part)
        out.append(part.replace(";}", "}").replace(": ", ":"))
    return "".join(out).strip() + "\n"


def minify_js(text: str) -> str:
    """``text`` without comment lines, indentation and blank lines (code is never rewritten)."""
    lines = (line.strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith("//"))


# --- helpers ----------------------------------------------------------------------------------


def _read(theme_dir: Path, src: str) -> str:
    return (theme_dir / src).read_text(encoding="utf-8")


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:HASH_DIGITS]


def _named(pattern: str, content: bytes) -> Asset:
    return Asset(pattern.format(hash=_digest(content)), content)


def _fingerprinted(src: str, content: bytes) -> Asset:
    path = PurePosixPath(src)
    return Asset(str(path.with_name(f"{path.stem}.{_digest(content)}{path.suffix}")), content)


def _point_at_fonts(css: str, src: str, fonts: dict[str, Asset]) -> str:
    """``css`` with each ``url()`` of a font of the bundle pointing at its fingerprinted name.

    The bundle lives in ``assets/stylesheets/`` like its sources, so relative paths still hold.
    """
    folder = PurePosixPath(src).parent

    def replace(match: re.Match[str]) -> str:
        url = match.group(2)
        target = PurePosixPath(_normalise(folder / url))
        asset = fonts.get(target.name)
        if asset is None or str(target.parent) != FONTS_DIR:
            return match.group(0)
        return f'url("{url.rsplit("/", 1)[0]}/{PurePosixPath(asset.uri).name}")'

    return re.sub(r"""url\(\s*(["']?)([^"')]+\.woff2)\1\s*\)""", replace, css)


def _normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
