"""Content cannot carry code: every attack is refused with path:line, and the sanitizer removes
what slips past the check (defence in depth), in pages, item bodies, plans' texts and feeds."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import html as lxml_html

from generator.content.portal import load_portal
from generator.content.safety import markdown_texts, text_findings
from generator.feeds import news_feed
from generator.i18n.languages import BY_CODE
from generator.markdown import converter
from generator.markdown.sanitize import findings, sanitize

from conftest import CODES, ROOT, localized
from scratch import problems

# Each attack confirmed in Chromium on the demo: (Markdown, what the problem must say).
ATTACKS = {
    "script": ("<script>alert(1)</script>", "the HTML tag <script> is not allowed"),
    "img-onerror": ("<img src=x onerror=alert(1)>", "the HTML tag <img> is not allowed"),
    "svg-onload": ("<svg onload=alert(1)></svg>", "the HTML tag <svg> is not allowed"),
    "iframe": ('<iframe src="https://evil.example/"></iframe>', "<iframe> is not allowed"),
    "form": ('<form action="https://evil.example/"><input></form>', "<form> is not allowed"),
    "meta-refresh": (
        '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
        "the HTML tag <meta> is not allowed",
    ),
    "style-tag": ("<style>body{display:none}</style>", "the HTML tag <style> is not allowed"),
    "raw-javascript-link": (
        '<a href="javascript:alert(1)">x</a>',
        "the HTML tag <a> is not allowed",
    ),
    "inline-javascript-link": ("[x](javascript:alert(1))", "uses 'javascript:'"),
    "reference-javascript-link": (
        "See [the plan][p].\n\n[p]: javascript:alert(document.domain)",
        "the link 'javascript:alert(document.domain)' uses 'javascript:'",
    ),
    "obfuscated-scheme": ("[x](JaVa&#x09;Script:alert(1))", "which is not allowed"),
    "data-url": ("[x](data:text/html;base64,PHNjcmlwdD4=)", "uses 'data:'"),
    "attr-onload": (
        '![Fields](../media/hero.svg){ onload="alert(1)" }',
        "the attribute 'onload' on <img> is not allowed",
    ),
    "attr-style": (
        'A paragraph.\n{ style="position:fixed;inset:0;background:#fff" }',
        "the attribute 'style' on <p> is not allowed",
    ),
    "attr-class": ("A paragraph.\n{: .md-header }", "the class 'md-header' is not one"),
    "raw-attribute": ('Text <b class="x" onclick="y">bold</b>', "on raw HTML <b> is not allowed"),
    "backslash-image": (
        "![photo][r1]\n\n[r1]: /\\evil.example/../media/hero.svg",
        "is not a file of the site",
    ),
    "third-party-image": (
        "![pixel](https://tracker.example/p.gif)",
        "the image 'https://tracker.example/p.gif' is not a file of the site",
    ),
}


def _problems(project) -> list[str]:
    return [str(problem) for problem in problems(project)]


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_attack_in_a_page_is_refused_with_its_line(project, attack):
    markdown, expected = ATTACKS[attack]
    body = f"Intro.\n\n{markdown}\n"
    project.write({"content/about/index.en.md": f"---\ntitle: About\n---\n{body}"})
    line = 4 + body.splitlines().index(markdown.splitlines()[0])
    if attack in ("reference-javascript-link", "backslash-image"):
        line += 2  # the definition, two lines below the link, is what is wrong
    if attack == "attr-style" or attack == "attr-class":
        line += 1  # the attribute list under the paragraph
    problems = _problems(project)
    assert any(
        p.startswith(f"content/about/index.en.md:{line}: ") and expected in p for p in problems
    ), problems
    assert all("—" in p for p in problems)  # each says how to write it instead


@pytest.mark.parametrize("attack", ["script", "attr-onload", "reference-javascript-link"])
def test_attack_in_an_item_body_is_refused_with_its_line(project, attack):
    markdown, expected = ATTACKS[attack]
    texts = {code: f"Safe text ({code})." for code in CODES if code != "en"}
    lines = ["title: " + localized("Foreign Affairs"), "sources: [Decision]", "body:"]
    lines += [f"  {code}: {text}" for code, text in texts.items()]
    lines += ["  en: |", *(f"    {row}" for row in f"Text.\n\n{markdown}".splitlines())]
    project.write({"content/data/agencies/so-ngoai-vu.yml": "\n".join(lines) + "\n"})
    problems = _problems(project)
    assert any(
        p.startswith("content/data/agencies/so-ngoai-vu.yml:") and expected in p for p in problems
    ), problems
    line = int(next(p for p in problems if expected in p).split(":")[1])
    assert ATTACKS[attack][0].splitlines()[-1].strip()[:8] in lines[line - 1]


def test_attack_in_a_plans_original_text_is_refused(project):
    path = project.root / "content/data/plans/84-kh.yml"
    text = path.read_text().replace(
        "  KẾ HOẠCH hoạt động thông tin đối ngoại\n",
        "  KẾ HOẠCH hoạt động thông tin đối ngoại\n\n  <svg onload=alert(1)>\n",
    )
    path.write_text(text)
    problems = _problems(project)
    line = text.splitlines().index("  <svg onload=alert(1)>") + 1
    assert any(
        p.startswith(f"content/data/plans/84-kh.yml:{line}: the HTML tag <svg>") for p in problems
    ), problems


def test_allowed_markdown_passes_the_check(project):
    body = (
        "# Heading {: #top }\n\nkm<sup>2</sup>, <b>bold</b> and <abbr title='Foreign Direct "
        "Investment'>FDI</abbr>.\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n!!! note\n    A note.\n\n"
        "[mail](mailto:a@example.org) [phone](tel:+84221) [web](https://example.org/) "
        "[page](../plans/index.md) [anchor](#top)\n\n```python\nprint('<script>')\n```\n\n"
        "Text[^1].\n\n[^1]: A footnote.\n\n![Fields](../media/hero.svg)\n{: .align-center }\n"
    )
    project.write({"content/about/index.en.md": f"---\ntitle: About\n---\n{body}"})
    load_portal(project.root / "content")  # no ContentError


def test_feed_bodies_are_sanitized(project):
    """The feed's HTML content goes through the sanitizer even if the check were bypassed."""
    project.write({"content/news/index.vi.md": "---\ntitle: News\nlisting: news\n---\n"})
    news = (
        f"title: {localized('News')}\ndate: 2024-05-01\ncategory: investment\nsample: true\n"
        f"body: {localized('x')}\n"
    )
    project.write({"content/data/news/a.yml": news})
    portal = load_portal(project.root / "content")
    loaded = portal.items["news"]["a"]
    hostile = {
        **loaded.model.body,
        "en": '<script>alert(1)</script>[x](javascript:alert(1)) ![p](x.png){ onload="alert(1)" }',
    }
    object.__setattr__(loaded.model, "body", hostile)  # as if the content check had been skipped
    feed = news_feed(portal, BY_CODE["en"], "https://portal.example/", dt.date(2026, 1, 1))
    tree = lxml_html.fragment_fromstring(feed.entries[0].content or "", create_parent="div")
    assert [e.tag for e in tree.iter()] == ["div", "p", "a", "img"]
    assert tree.find(".//a").get("href").startswith("https://portal.example/")
    assert tree.find(".//img").attrib == {"alt": "p", "src": "https://portal.example/news/x.png"}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_the_sanitizer_removes_what_the_check_reports(attack):
    """Defence in depth: the HTML Markdown makes of each attack comes out harmless."""
    html = converter().convert(ATTACKS[attack][0])
    clean = sanitize(html)
    tree = lxml_html.fragment_fromstring(clean or "<p></p>", create_parent="div")
    for element in tree.iter():
        assert element.tag not in {"script", "style", "svg", "iframe", "form", "meta", "input"}
        for name, value in element.attrib.items():
            assert not name.startswith("on") and name != "style"
            assert not value.replace("\t", "").lower().startswith(("javascript:", "data:"))
            if element.tag == "img" and name == "src":
                assert "://" not in value
    assert findings(clean) == []  # what remains passes the check


def test_shipped_content_passes_and_the_sanitizer_changes_nothing_in_it():
    """The allow-list and nh3 agree: clean text comes out as it went in (same tree)."""
    portal = load_portal(ROOT / "content")
    texts = list(markdown_texts(portal))
    assert len(texts) > 500  # pages, bodies and plans in six languages
    md = converter()
    for text in texts:
        assert text_findings(text.text, md) == [], text.path
        md.reset()
        html = md.convert(text.text)
        assert _tree(sanitize(html)) == _tree(html), text.path


def _tree(html: str) -> list:
    root = lxml_html.fragment_fromstring(html or "<p></p>", create_parent="div")
    return [(e.tag, sorted(e.attrib.items()), (e.text or "").strip()) for e in root.iter()]


def test_pages_and_nested_text_are_sanitized_when_rendered(project):
    """The renderer cleans a page's HTML and a plan's original text, whatever reached it."""
    from generator.i18n.catalogs import load_translator
    from generator.images import ImageSet, install_images
    from generator.render import RenderContext, Renderer, make_environment
    from generator.routes import build_routes

    portal = load_portal(project.root / "content")
    routes = build_routes(portal)
    lang = BY_CODE["en"]
    translators = {code: load_translator(ROOT / "translations", BY_CODE[code]) for code in BY_CODE}
    ctx = RenderContext(
        portal, routes, lang, translators["en"], {}, dt.date(2026, 1, 1), translators
    )
    renderer = Renderer(make_environment(ROOT / "theme"), ctx)
    install_images(renderer.env, ImageSet({}, {}, project.root, None, []))
    hostile = '<p onclick="x">About</p><script>alert(1)</script><img src="https://e.example/p">'
    assert renderer.page_content(routes["about/index"], hostile) == "<p>About</p><img>"

    plan = portal.items["plans"]["84-kh"]
    object.__setattr__(plan.model, "original_text", "Text <svg onload=alert(1)></svg>")
    html = renderer.page_content(routes["plans/84-kh"], "")
    assert "Text" in html and "<svg" not in html and "onload" not in html


def test_links_in_a_plans_original_text_are_checked_like_a_body(project):
    """The link check walks the same texts as the sanitizer: a plan's original text included."""
    path = project.root / "content/data/plans/84-kh.yml"
    text = path.read_text().replace(
        "  KẾ HOẠCH hoạt động thông tin đối ngoại\n",
        "  KẾ HOẠCH hoạt động thông tin đối ngoại\n\n  See [the annex](../nowhere/index.md).\n",
    )
    path.write_text(text)
    line = text.splitlines().index("  See [the annex](../nowhere/index.md).") + 1
    assert (
        f"content/data/plans/84-kh.yml:{line}: the link '../nowhere/index.md' leads to a page "
        "that does not exist — correct the file name, or create that page"
    ) in _problems(project)
