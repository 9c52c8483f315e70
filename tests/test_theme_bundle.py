"""The theme's stylesheets, scripts and fonts as the site publishes them (theme_bundle.py)."""

from __future__ import annotations

import re
from pathlib import Path

from generator.theme_bundle import THEME_DIR, bundle_theme, head_script, minify_css, minify_js

HASHED = re.compile(r"\.[0-9a-f]{8}\.")


def _theme(tmp_path: Path, css: str = "a { color: red; }", js: str = "f();") -> Path:
    (tmp_path / "assets/stylesheets").mkdir(parents=True)
    (tmp_path / "assets/javascripts").mkdir(parents=True)
    (tmp_path / "assets/fonts").mkdir(parents=True)
    (tmp_path / "assets/fonts/body.woff2").write_bytes(b"font bytes")
    (tmp_path / "assets/stylesheets/fonts.css").write_text(
        '@font-face { font-family: "B"; src: url("../fonts/body.woff2") format("woff2"); }\n'
    )
    (tmp_path / "assets/stylesheets/look.css").write_text(css)
    (tmp_path / "assets/javascripts/one.js").write_text("// comment\n(function () {\n  " + js)
    (tmp_path / "assets/javascripts/two.js").write_text("g();\n")
    (tmp_path / "assets/javascripts/head.js").write_text("// why\nh();\n")
    return tmp_path


def _bundle(theme: Path):
    return bundle_theme(
        theme,
        ["assets/stylesheets/fonts.css", "assets/stylesheets/look.css"],
        ["assets/javascripts/one.js", "assets/javascripts/two.js"],
    )


def test_one_stylesheet_and_one_script_named_after_their_content(tmp_path):
    bundle = _bundle(_theme(tmp_path))
    assert re.fullmatch(r"assets/stylesheets/portal\.[0-9a-f]{8}\.min\.css", bundle.stylesheet.uri)
    assert re.fullmatch(r"assets/javascripts/portal\.[0-9a-f]{8}\.min\.js", bundle.script.uri)
    css = bundle.stylesheet.content.decode()
    assert css.index("@font-face") < css.index("a{color:red}"), "extra_css order kept"
    assert bundle.script.content.decode() == "(function () {\nf();;\ng();\n"
    assert bundle.head_script == "h();"
    other = _bundle(_theme(tmp_path / "other", css="a { color: blue; }"))
    assert other.stylesheet.uri != bundle.stylesheet.uri
    assert other.script.uri == bundle.script.uri


def test_fonts_are_fingerprinted_and_the_stylesheet_points_at_them(tmp_path):
    bundle = _bundle(_theme(tmp_path))
    font = bundle.fonts["body.woff2"]
    assert HASHED.search(font.uri) and font.uri.startswith("assets/fonts/body.")
    assert font.content == b"font bytes"
    assert f'url("../fonts/{Path(font.uri).name}")' in bundle.stylesheet.content.decode()
    assert "assets/fonts/body.woff2" in bundle.sources


def test_minified_css_means_the_same():
    css = """/* a comment */
    .md-typeset :target { scroll-margin-top: 3.6rem; }
    .x > .y ,  .z ~ .w { top: calc(100% + .3rem); }
    .i { background: url("data:image/svg+xml,<svg a='1 2'>{ ; }</svg>"); }
    """
    assert minify_css(css) == (
        ".md-typeset :target{scroll-margin-top:3.6rem}"
        ".x>.y,.z~.w{top:calc(100% + .3rem)}"
        """.i{background:url("data:image/svg+xml,<svg a='1 2'>{ ; }</svg>")}\n"""
    )


def test_minified_js_keeps_every_line_of_code():
    js = "// why\n(function () {\n    var a = 'x // y';\n\n    return a;\n})();\n"
    assert minify_js(js) == "(function () {\nvar a = 'x // y';\nreturn a;\n})();"


def test_the_shipped_theme_bundles_what_base_html_links(tmp_path):
    bundle = bundle_theme(
        THEME_DIR,
        [f"assets/stylesheets/{n}.css" for n in ("fonts", "typeset", "portal")],
        ["assets/javascripts/header.js"],
    )
    css = bundle.stylesheet.content.decode()
    needed_classes = (".md-typeset", ".md-grid", ".admonition", "table:not([class])", ".footnote")
    for needed in needed_classes:
        assert needed in css, needed
    assert "md-clipboard" not in css and "md-search" not in css
    latin = tuple(
        bundle.fonts[f"noto-sans-vi-{weight}.woff2"].uri for weight in ("regular", "bold")
    )
    assert bundle.preload("vi") == bundle.preload("en") == latin
    lao = tuple(bundle.fonts[f"noto-sans-lao-{weight}.woff2"].uri for weight in ("regular", "bold"))
    assert bundle.preload("lo") == (*lao, latin[0])  # digits and Latin names in Lao text
    assert bundle.preload("zh") == bundle.preload("ja") == bundle.preload("ko") == ()
    assert head_script() == 'document.documentElement.classList.add("js");'
