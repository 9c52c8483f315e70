"""Typed addresses and paths: nothing an editor writes can become code or reach a file outside
content/ (issue 8, item 2). Each hostile value is refused with ``path:line: what — fix``.

Most tests write a tiny portal into tmp_path and call ``load_portal`` in-process; two build it
for real to show that a refused build keeps the previous site and what a good build publishes.
"""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from media_samples import pdf, safe_media
from mkdocs.structure.files import File, Files
from PIL import Image

from generator.content.media import (
    PUBLISHED_TYPES,
    UnsafePath,
    publishable,
    resolve_file,
    svg_findings,
)
from generator.content.portal import load_portal
from generator.plugin import PortalPlugin

from browser import browser_page, serve, settled
from conftest import ROOT, SITE_YML, localized
from scratch import problems_of

AGENCY = "content/data/agencies/so-ngoai-vu.yml"
AGENCY_YML = f"title: {localized('Foreign Affairs')}\nsources: [Decision]\n"


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def yaml_str(value: str) -> str:
    """``value`` as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(value)


def assert_reported(problems: list[str], path: str, line: int, *parts: str) -> None:
    prefix = f"{path}:{line}: "
    hits = [p for p in problems if p.startswith(prefix) and all(part in p for part in parts)]
    assert hits, f"expected {prefix}… {parts} in:\n" + "\n".join(problems)
    assert " — " in hits[0], f"no fix given: {hits[0]}"


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 400), "green").save(buffer, "JPEG")
    return buffer.getvalue()


# --- addresses -------------------------------------------------------------------------------

HOSTILE_URLS = {
    "javascript": "javascript:alert(document.domain)",
    "javascript-case-and-space": " JaVaScript:alert(1)",
    "javascript-tab": "java\tscript:alert(1)",
    "javascript-newline": "javascript\n:alert(1)",
    "javascript-nul": "java\x00script:alert(1)",
    "data": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript": "vbscript:msgbox(1)",
    "file": "file:///etc/passwd",
    "protocol-relative": "//evil.example/",
    "backslashes": "https:\\\\evil.example/",
    "no-slashes": "https:evil.example/",
    "no-host": "https:///path",
    "user-before-host": "https://hungyen.gov.vn@evil.example/",
    "no-scheme": "evil.example/page",
    "space": "https://evil.example/a page",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_URLS))
def test_a_hostile_web_address_is_refused(project, name):
    text = AGENCY_YML + f"website: {yaml_str(HOSTILE_URLS[name])}\n"
    project.write({AGENCY: text})
    assert_reported(problems_of(project), AGENCY, line_of(text, "website"), "'website': ")


def _site(field_yaml: str) -> dict[str, str]:
    return {"content/site.yml": SITE_YML + field_yaml}


def _site_replacing(old: str, new: str) -> dict[str, str]:
    assert old in SITE_YML
    return {"content/site.yml": SITE_YML.replace(old, new)}


def _item(kind: str, slug: str, fields: str) -> dict[str, str]:
    return {f"content/data/{kind}/{slug}.yml": f"title: {localized(slug)}\nsources: [S]\n{fields}"}


URL_FIELDS = {
    "partner-link": (
        lambda v: _site(f"partner_links:\n  - title: {localized('P')}\n    url: {v}\n"),
        "content/site.yml",
        "partner_links.0.url",
    ),
    "report-problem": (
        lambda v: _site_replacing(
            "report_problem: mailto:test@example.org", f"report_problem: {v}"
        ),
        "content/site.yml",
        "report_problem",
    ),
    "figure-source": (
        lambda v: _site(
            f"figures:\n  - label: {localized('Area')}\n    value: 1\n    unit: km2\n"
            f"    as_of: 2025-07-01\n    source: {{title: Law, url: {v}}}\n"
        ),
        "content/site.yml",
        "figures.0.source.url",
    ),
    "agency-website": (
        lambda v: {AGENCY: AGENCY_YML + f"website: {v}\n"},
        AGENCY,
        "website",
    ),
    "item-source": (
        lambda v: {
            AGENCY: f"title: {localized('A')}\nsources:\n  - title: Decision\n    url: {v}\n"
        },
        AGENCY,
        "sources.0.url",
    ),
    "industrial-park-website": (
        lambda v: _item("industrial-parks", "kcn", f"location: {localized('L')}\nwebsite: {v}\n"),
        "content/data/industrial-parks/kcn.yml",
        "website",
    ),
    "procedure-online-service": (
        lambda v: _item(
            "procedures",
            "dang-ky",
            f"authority: so-ngoai-vu\nsteps: [{localized('Apply')}]\n"
            f"processing_time: {localized('3 days')}\nonline_service: {v}\n",
        ),
        "content/data/procedures/dang-ky.yml",
        "online_service",
    ),
    "page-source": (
        lambda v: {
            "content/about/index.en.md": f"---\ntitle: About\nsources:\n  - title: Law\n"
            f"    url: {v}\n---\nText.\n"
        },
        "content/about/index.en.md",
        "sources.0.url",
    ),
}


@pytest.mark.parametrize("field", sorted(URL_FIELDS))
def test_every_address_field_refuses_javascript(project, field):
    make, path, name = URL_FIELDS[field]
    files = make(yaml_str("javascript:alert(document.cookie)"))
    project.write(files)
    line = line_of(files[path], "javascript:")
    assert_reported(problems_of(project), path, line, f"'{name}': ", "'javascript:'")


HOSTILE_CONTACTS = {
    "report-problem-data": ("report_problem", "data:text/html,<script>alert(1)</script>"),
    "report-problem-mailto-script": ("report_problem", "mailto:javascript:alert(1)"),
    "report-problem-mailto-markup": ("report_problem", 'mailto:a@example.org?subject="><svg>'),
    "masthead-email-attribute": ("email", 'a@example.org" onmouseover="alert(1)'),
    "masthead-email-mailto": ("email", "mailto:a@example.org"),
    "masthead-email-javascript": ("email", "javascript:alert(1)//@example.org"),
    "masthead-phone-javascript": ("phone", "javascript:alert(1)"),
    "masthead-phone-markup": ("phone", "+84 221 <script>"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE_CONTACTS))
def test_a_hostile_contact_address_is_refused(project, name):
    field, value = HOSTILE_CONTACTS[name]
    if field == "report_problem":
        files = _site_replacing("report_problem: mailto:test@example.org", f"{field}: {{}}")
    elif field == "email":
        files = _site_replacing("  email: test@example.org", "  email: {}")
    else:
        files = _site_replacing(
            "  email: test@example.org", "  email: test@example.org\n  phone: {}"
        )
    text = files["content/site.yml"].replace("{}", yaml_str(value))
    project.write({"content/site.yml": text})
    line = line_of(text, f"{field}: ")
    assert_reported(problems_of(project), "content/site.yml", line, f"{field}': ")


@pytest.mark.parametrize(
    "field, value",
    [("email", "a@example.org\nb"), ("phone", "javascript:alert(1)"), ("email", "a b@c.d")],
)
def test_contacts_and_agencies_refuse_hostile_emails_and_phones(project, field, value):
    text = AGENCY_YML + f"{field}: {yaml_str(value)}\n"
    project.write({AGENCY: text})
    assert_reported(problems_of(project), AGENCY, line_of(text, field), f"'{field}': ")


def test_safe_addresses_are_accepted_and_printed_as_browsers_read_them(project):
    site = SITE_YML.replace(
        "report_problem: mailto:test@example.org",
        "report_problem: MAILTO:test@example.org?subject=B%C3%A1o%20l%E1%BB%97i\n"
        f"partner_links:\n  - title: {localized('MOFA')}\n    url: HTTPS://www.MOFA.gov.vn\n",
    ).replace("  email: test@example.org", "  email: test@example.org\n  phone: +84 (221) 386-2000")
    project.write({"content/site.yml": site})
    portal = load_portal(project.root / "content")
    assert portal.site.report_problem == "mailto:test@example.org?subject=B%C3%A1o%20l%E1%BB%97i"
    assert portal.site.partner_links[0].url == "https://www.mofa.gov.vn/"
    assert portal.site.masthead.phone == "+84 (221) 386-2000"


# --- paths written in fields -----------------------------------------------------------------

HOSTILE_PATHS = {
    "parent": "../outside.jpg",
    "parent-after-media": "media/../../outside.jpg",
    "absolute": "/etc/hostname",
    "absolute-outside-repo": "/tmp/outside.jpg",
    "backslashes": "media\\..\\..\\outside.jpg",
    "file-scheme": "file:///etc/passwd",
    "web-address": "https://evil.example/x.jpg",
    "windows-drive": "C:/Windows/win.ini",
    "nul": "media/hero.svg\x00.jpg",
    "control-character": "media/\x1b[31mhero.svg",
    "hidden": ".git/config",
    "dot-segment": "media/./hero.svg",
    "double-slash": "media//hero.svg",
    "query": "media/hero.svg?x=1",
    "empty": "",
}


@pytest.mark.parametrize("name", sorted(HOSTILE_PATHS))
def test_a_hostile_image_path_is_refused(project, name):
    (project.root / "outside.jpg").write_bytes(jpeg())
    text = AGENCY_YML + (
        f"images:\n  - src: {yaml_str(HOSTILE_PATHS[name])}\n    alt: {localized('Photo')}\n"
    )
    project.write({AGENCY: text})
    assert_reported(problems_of(project), AGENCY, line_of(text, "src:"), "'images.0.src': ")


PATH_FIELDS = {
    "emblem": (
        lambda v: _site_replacing("emblem: media/emblem.svg", f"emblem: {v}"),
        "content/site.yml",
        "emblem",
    ),
    "hero": (
        lambda v: _site_replacing("  src: media/hero.svg", f"  src: {v}"),
        "content/site.yml",
        "hero.src",
    ),
    "share-image": (
        lambda v: _site(f"share_image:\n  src: {v}\n  alt: {localized('Card')}\n"),
        "content/site.yml",
        "share_image.src",
    ),
    "attachment": (
        lambda v: _item(
            "projects",
            "du-an",
            f"code: P1\nsector: industry\nlocation: {localized('L')}\nforms: [FDI]\n"
            f"contact: so-ngoai-vu\nattachments:\n  - title: {localized('Plan')}\n"
            f"    file: {v}\n",
        ),
        "content/data/projects/du-an.yml",
        "attachments.0.file",
    ),
    "publication-file": (
        lambda v: _item("publications", "phim", f"kind: video\ndate: 2025-01-01\nfile: {v}\n"),
        "content/data/publications/phim.yml",
        "file",
    ),
    "poster": (
        lambda v: _item(
            "publications",
            "phim",
            f"kind: video\ndate: 2025-01-01\nposter:\n  src: {v}\n  alt: {localized('P')}\n",
        ),
        "content/data/publications/phim.yml",
        "poster.src",
    ),
    "subtitles": (
        lambda v: _item(
            "publications",
            "phim",
            f"kind: video\ndate: 2025-01-01\nsubtitles:\n  - lang: vi\n    file: {v}\n",
        ),
        "content/data/publications/phim.yml",
        "subtitles.0.file",
    ),
}


@pytest.mark.parametrize("field", sorted(PATH_FIELDS))
def test_every_path_field_refuses_a_path_out_of_content(project, field):
    make, path, name = PATH_FIELDS[field]
    (project.root / "outside.jpg").write_bytes(jpeg())
    files = make("../outside.jpg")
    project.write(files)
    line = line_of(files[path], "../outside.jpg")
    assert_reported(problems_of(project), path, line, f"'{name}': ", "'..'")


RESOLVED_PATHS = {
    "missing": ("media/nowhere.svg", "is not in content/"),
    "not-published": ("data/agencies/tinh-uy.yml", "is not a file the site publishes"),
    "page-source": ("about/index.vi.md", "is not a file the site publishes"),
}


@pytest.mark.parametrize("name", sorted(RESOLVED_PATHS))
def test_a_path_must_lead_to_a_published_file(project, name):
    value, expected = RESOLVED_PATHS[name]
    text = SITE_YML.replace("emblem: media/emblem.svg", f"emblem: {value}")
    project.write({"content/site.yml": text})
    line = line_of(text, "emblem")
    assert_reported(
        problems_of(project), "content/site.yml", line, f"the file '{value}' {expected}"
    )


@pytest.mark.parametrize(
    "link, target, value",
    [
        ("media/link.svg", "hero.svg", "media/link.svg"),
        ("media/pics", "{outside}", "media/pics/x.jpg"),
    ],
)
def test_the_resolver_refuses_a_path_through_a_link(project, tmp_path_factory, link, target, value):
    """``load_portal`` stops at any link first; the plugin asks the resolver again at publishing."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x.jpg").write_bytes(jpeg())
    root = project.root / "content"
    os.symlink(target.format(outside=outside), root / link)
    with pytest.raises(UnsafePath, match=f"passes through the symbolic link {link}"):
        resolve_file(root, value)
    assert not publishable(root, root / value)


# --- paths written in Markdown ---------------------------------------------------------------

MARKDOWN_LINKS = {
    "document-out-of-content": ("[plan](../../outside.pdf)", "leads out of content/"),
    "image-out-of-content": ("![photo](../../outside.jpg)", "leads out of content/"),
    "far-out-of-content": ("[passwd](../../../../../../etc/passwd)", "leads out of content/"),
    "source-file": ("[data](../data/agencies/tinh-uy.yml)", "is not a file the site publishes"),
    "site-yml": ("[site](../site.yml)", "is not a file the site publishes"),
    "absolute-out-of-content": ("[x](/../outside.pdf)", "leads to no page of the site"),
}


@pytest.mark.parametrize("name", sorted(MARKDOWN_LINKS))
def test_a_markdown_link_to_a_file_must_stay_in_content(project, name):
    link, expected = MARKDOWN_LINKS[name]
    (project.root / "outside.pdf").write_bytes(b"%PDF-1.4\n")
    (project.root / "outside.jpg").write_bytes(jpeg())
    text = f"---\ntitle: About\n---\nText.\n\nSee {link}.\n"
    project.write({"content/about/index.en.md": text})
    assert_reported(problems_of(project), "content/about/index.en.md", 6, expected)


def test_markdown_links_to_published_files_pass(project):
    project.write(
        {
            "content/about/index.en.md": "---\ntitle: About\n---\n[Plan](../media/plan.pdf), "
            "[again](/media/plan.pdf), ![Fields](../media/hero.svg)\n",
        }
    )
    (project.root / "content/media/plan.pdf").write_bytes(pdf())
    assert problems_of(project) == []


# --- symbolic links --------------------------------------------------------------------------

SYMLINKS = {
    "system-file": ("media/hostname.jpg", "/etc/hostname"),
    "outside-folder": ("media/outside", "{outside}"),
    "git-config": ("media/config.pdf", "../../.git/config"),
    "page": ("about/leak.vi.md", "/etc/hostname"),
    "inside-content": ("media/copy.svg", "hero.svg"),
    "broken": ("media/gone.jpg", "nowhere.jpg"),
    "folder-in-data": ("data/events", "{outside}"),
}


@pytest.mark.parametrize("name", sorted(SYMLINKS))
def test_a_symbolic_link_in_content_is_refused(project, name, tmp_path_factory):
    link, target = SYMLINKS[name]
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.pdf").write_bytes(b"%PDF-1.4 secret\n")
    (project.root / ".git").mkdir()
    (project.root / ".git/config").write_text("[remote]\n  token = secret\n")
    path = project.root / "content" / link
    path.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(target.format(outside=outside), path)
    assert_reported(problems_of(project), f"content/{link}", 1, f"{link} is a symbolic link")


def test_nothing_is_read_through_a_link(project, tmp_path_factory):
    """A link stops the check before any page or item is read (it may lead to /dev/stdin)."""
    outside = tmp_path_factory.mktemp("outside")
    (outside / "page.md").write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    os.symlink(outside / "page.md", project.root / "content/about/leak.vi.md")
    project.write({AGENCY: AGENCY_YML + "website: javascript:alert(1)\n"})
    assert problems_of(project) == [
        "content/about/leak.vi.md:1: about/leak.vi.md is a symbolic link; the site would publish "
        "whatever it points to — replace the link with a copy of the file (under content/media/), "
        "or delete it"
    ]


def test_a_pipe_in_content_is_refused_without_being_opened(project):
    os.mkfifo(project.root / "content/media/pipe.pdf")
    assert_reported(problems_of(project), "content/media/pipe.pdf", 1, "is not a regular file")


# --- files that are not published ------------------------------------------------------------

UNPUBLISHED = {
    "html-page": ("about/evil.html", "is neither a page (.md) nor under content/media/"),
    "html-in-media": ("media/evil.html", "files of type '.html' are not published"),
    "sql-dump": ("media/dump.sql", "files of type '.sql' are not published"),
    "emacs-backup": ("about/index.vi.md~", "backup or temporary copy"),
    "emacs-autosave": ("about/#index.vi.md#", "backup or temporary copy"),
    "bak": ("media/hero.svg.bak", "backup or temporary copy"),
    "no-extension": ("media/notes", "files of type '(no extension)' are not published"),
    "photo-outside-media": ("about/photo.jpg", "is neither a page (.md) nor under content/media/"),
    "top-level-php": ("shell.php", "is neither a page (.md) nor under content/media/"),
    "file-in-data": ("data/export.sql", "is not an item"),
    "macro-document": ("media/budget.xlsm", "files of type '.xlsm' are not published"),
    "gif": ("media/anim.gif", "files of type '.gif' are not published"),
}


@pytest.mark.parametrize("name", sorted(UNPUBLISHED))
def test_a_file_that_is_not_published_is_refused(project, name):
    relative, expected = UNPUBLISHED[name]
    path = project.root / "content" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"<script>alert(1)</script>\n")
    assert_reported(problems_of(project), f"content/{relative}", 1, expected)


def test_allowed_media_and_hidden_files_pass_the_check(project):
    (project.root / "content/media/docs").mkdir(parents=True)
    for suffix in PUBLISHED_TYPES:
        (project.root / f"content/media/docs/file{suffix}").write_bytes(safe_media(suffix))
    project.write({"content/media/.gitkeep": "", "content/.DS_Store": "x", "content/README.md": ""})
    assert problems_of(project) == []


def test_the_plugin_drops_every_content_file_the_allow_list_does_not_admit(project):
    docs = project.root / "content"
    project.write({"content/media/plan.pdf": "x", "content/media/dump.sql": "x"})
    os.symlink("/etc/hostname", docs / "media/host.pdf")
    config = SimpleNamespace(docs_dir=str(docs), site_dir=str(project.root / "site"))
    names = ["media/plan.pdf", "media/dump.sql", "media/host.pdf", "site.yml", "media/hero.svg"]
    files = Files([File(name, str(docs), config.site_dir, True) for name in names])
    theme = File("assets/images/favicon.svg", str(ROOT / "theme"), config.site_dir, True)
    files.append(theme)
    PortalPlugin()._drop_unpublished_content(files, config)
    assert sorted(f.src_uri for f in files) == [
        "assets/images/favicon.svg",
        "media/hero.svg",
        "media/plan.pdf",
    ]
    assert publishable(docs, ROOT / "theme/assets/images/favicon.svg")


# --- SVG -------------------------------------------------------------------------------------

_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
HOSTILE_SVGS = {
    "script": (f"<svg {_NS}>\n<script>alert(1)</script></svg>", 2, "<script> element"),
    "onload": (f'<svg {_NS}\n onload="alert(1)"></svg>', 2, "event attribute onload="),
    "onclick-nested": (f'<svg {_NS}>\n<g><rect onClick="x()"/></g></svg>', 2, "onClick="),
    "foreign-object": (
        f"<svg {_NS}>\n<foreignObject><p>x</p></foreignObject></svg>",
        2,
        "<foreignObject> element",
    ),
    "javascript-href": (
        f'<svg {_NS}>\n<a href="javascript:alert(1)"><text>x</text></a></svg>',
        2,
        "refers to 'javascript:alert(1)'",
    ),
    "javascript-xlink-href": (
        f'<svg {_NS}>\n<a xlink:href=" java&#9;script:alert(1)"><text>x</text></a></svg>',
        2,
        "<a> refers to",
    ),
    "external-link": (
        f'<svg {_NS}>\n<a href="https://evil.example/"><text>x</text></a></svg>',
        2,
        "refers to 'https://evil.example/'",
    ),
    "external-image": (
        f'<svg {_NS}>\n<image href="http://tracker.example/p.png"/></svg>',
        2,
        "<image> refers to",
    ),
    "use-of-another-file": (
        f'<svg {_NS}>\n<use xlink:href="other.svg#icon"/></svg>',
        2,
        "<use> refers to 'other.svg#icon'",
    ),
    "style-import": (
        f"<svg {_NS}>\n<style>@import url(https://evil.example/x.css);</style></svg>",
        2,
        "imports another style sheet",
    ),
    "style-url": (
        f"<svg {_NS}>\n<style>rect {{ fill: url('https://evil.example/p') }}</style></svg>",
        2,
        "refers to 'https://evil.example/p'",
    ),
    "style-escape": (
        f"<svg {_NS}>\n<style>@\\69mport 'x.css';</style></svg>",
        2,
        "CSS escape",
    ),
    "style-attribute-url": (
        f'<svg {_NS}>\n<rect style="fill:url(//evil.example/x)"/></svg>',
        2,
        "refers to '//evil.example/x'",
    ),
    "fill-url": (f'<svg {_NS}>\n<rect fill="url(a.svg#g)"/></svg>', 2, "refers to 'a.svg#g'"),
    "animate-href": (
        f'<svg {_NS}>\n<a><animate attributeName="href" values="javascript:alert(1)"/>'
        "<text>x</text></a></svg>",
        2,
        "animates the attribute href=",
    ),
    "set-event": (
        f'<svg {_NS}>\n<set attributeName="onmouseover" to="alert(1)"/></svg>',
        2,
        "animates the attribute onmouseover=",
    ),
    "xhtml-iframe": (
        f'<svg {_NS} xmlns:h="http://www.w3.org/1999/xhtml">\n<h:iframe src="x"/></svg>',
        2,
        "<iframe> element",
    ),
    "stylesheet-instruction": (
        f'<?xml-stylesheet href="https://evil.example/x.css"?>\n<svg {_NS}></svg>',
        1,
        "processing instruction <?xml-stylesheet",
    ),
    "xxe": (
        '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        f"<svg {_NS}><text>&x;</text></svg>",
        1,
        "has a <!DOCTYPE>",
    ),
    "billion-laughs": (
        '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
        f"\n<svg {_NS}><text>&f;&f;&f;&f;&f;&f;&f;&f;</text></svg>",
        1,
        "has a <!DOCTYPE>",
    ),
    "doctype-only": (
        '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        f"<svg {_NS}></svg>",
        1,
        "has a <!DOCTYPE>",
    ),
    "not-xml": ("<svg><script>alert(1)</svg>", 1, "is not well-formed XML"),
    "not-an-svg": ("<html><body><p>x</p></body></html>", 1, "is not an SVG drawing"),
    # CSS: only url(#id); every other way to name a file is refused, escapes decoded first
    "image-set-from-the-tester": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><style>svg{'
        'background-image:image-set("https://evil.example/svgleak.png" 1x)} rect{cursor:'
        'image-set("https://evil.example/cur.png" 1x),auto}</style><rect width="100" height="100"/>'
        "</svg>",
        1,
        "<style> uses image-set(…)",
    ),
    "cursor-image-set": (
        f'<svg {_NS}>\n<rect width="100" height="100" '
        "style=\"cursor:image-set('https://evil.example/c.png' 1x),auto\"/></svg>",
        2,
        "style= on <rect> uses image-set(…)",
    ),
    "webkit-image-set": (
        f"<svg {_NS}>\n<style>svg{{background:-webkit-image-set('https://evil.example/w.png' 1x)}}"
        "</style></svg>",
        2,
        "uses -webkit-image-set(…)",
    ),
    "cross-fade": (
        f"<svg {_NS}>\n<style>svg{{background:cross-fade(url(#a), url(https://evil.example/c.png),"
        " 50%)}}</style></svg>",
        2,
        "uses cross-fade(…)",
    ),
    "image-function": (
        f"<svg {_NS}>\n<style>svg{{background:image('https://evil.example/i.png')}}</style></svg>",
        2,
        "uses image(…)",
    ),
    "src-function": (
        f"<svg {_NS}>\n<style>svg{{background:src('https://evil.example/s.png')}}</style></svg>",
        2,
        "uses src(…)",
    ),
    "font-face": (
        f"<svg {_NS}>\n<style>@font-face{{font-family:x;src:url(https://evil.example/f.woff2)}}"
        'text{font-family:x}</style><text y="50">Hi</text></svg>',
        2,
        "loads a font file (@font-face)",
    ),
    "escaped-url": (
        f"<svg {_NS}>\n<style>svg{{background-image:\\75 rl(https://evil.example/e.png)}}</style>"
        "</svg>",
        2,
        "refers to 'https://evil.example/e.png' (only url(#id) inside the drawing) "
        "(written with a CSS escape",
    ),
    "escaped-image-set-in-an-attribute": (
        f'<svg {_NS}>\n<rect width="100" height="100" '
        "style=\"background-image:\\69 mage-set('https://evil.example/x.png' 1x)\"/></svg>",
        2,
        "uses image-set(…), which can fetch an image or a file (written with a CSS escape",
    ),
    "presentation-attribute-url": (
        f'<svg {_NS}>\n<rect width="100" height="100" '
        'fill="url(https://evil.example/paint.svg#p)"/></svg>',
        2,
        "fill= on <rect> refers to 'https://evil.example/paint.svg#p'",
    ),
    "mask-image": (
        f'<svg {_NS}>\n<rect width="10" height="10" '
        'style="mask-image:url(https://evil.example/mask.png)"/></svg>',
        2,
        "style= on <rect> refers to",
    ),
    "animated-url": (
        f'<svg {_NS}>\n<rect><set attributeName="fill" to="url(https://evil.example/p#p)"/>'
        "</rect></svg>",
        2,
        "to= on <set> refers to",
    ),
    "address-in-a-string": (
        f"<svg {_NS}>\n<text style=\"font-family:'x://evil.example/'\">t</text></svg>",
        2,
        "has '//', the start of an address on another site",
    ),
}
FETCHING_SVGS = [
    "image-set-from-the-tester",
    "cursor-image-set",
    "webkit-image-set",
    "font-face",
    "escaped-url",
    "escaped-image-set-in-an-attribute",
    "presentation-attribute-url",
    "mask-image",
    "style-attribute-url",
]
"""Refused kinds that Chromium, opening the drawing, was seen to fetch from another host."""
SAFE_SVG = (
    f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- a comment -->\n<svg {_NS}>'
    '<defs><linearGradient id="g"/><symbol id="s"/></defs><style>/* see https://x */'
    'rect{fill:url(#g)} text{font-family:"Noto Sans";content:"\\201C"}</style>'
    '<rect fill="url(#g)" style="stroke: url( \'#g\' )" aria-label="https://x"/>'
    '<use xlink:href="#s"/><image href="data:image/png;base64,iVBORw0KGgo="/>'
    '<a href="#s"><text>t</text></a></svg>'
)
"""Internal references, gradients, an embedded raster, comments (with an address), a CSS escape
that names no file and an address in an accessible name are a drawing's own."""


@pytest.mark.parametrize("name", sorted(HOSTILE_SVGS))
def test_a_hostile_svg_is_refused(project, name):
    text, line, expected = HOSTILE_SVGS[name]
    project.write({"content/media/drawing.svg": text})
    assert_reported(problems_of(project), "content/media/drawing.svg", line, "the SVG ", expected)


def test_safe_svg_features_pass(tmp_path):
    drawing = tmp_path / "safe-drawing.svg"
    drawing.write_text(SAFE_SVG, encoding="utf-8")
    assert svg_findings(drawing) == []


def test_the_shipped_svgs_pass():
    shipped = shipped_svgs()
    assert len(shipped) >= 3
    assert {str(path.relative_to(ROOT)): svg_findings(path) for path in shipped} == {
        str(path.relative_to(ROOT)): [] for path in shipped
    }


def shipped_svgs() -> list[Path]:
    shipped = sorted((ROOT / "content/media").rglob("*.svg"))
    return shipped + sorted((ROOT / "theme/assets/images").rglob("*.svg"))


@pytest.mark.browser
def test_chromium_fetches_what_the_check_refuses_and_nothing_it_accepts(tmp_path):
    """Opened as a page in Chromium, each refused kind fetches from another host; no drawing the
    check accepts (the shipped ones and every safe feature) requests anything."""
    refused = {f"{name}.svg": HOSTILE_SVGS[name][0] for name in FETCHING_SVGS}
    accepted = {path.name: path.read_text(encoding="utf-8") for path in shipped_svgs()}
    accepted["safe-drawing.svg"] = SAFE_SVG
    for name, text in {**refused, **accepted}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert all(svg_findings(tmp_path / name) for name in refused)
    assert [name for name in accepted if svg_findings(tmp_path / name)] == []
    with serve(tmp_path) as base, browser_page() as page:
        page.route(re.compile(r"^(?!https?://127\.0\.0\.1[:/])\w+://"), lambda r: r.abort())
        fetched = {name: requests_on_opening(page, base + name) for name in [*refused, *accepted]}
    assert {name: fetched[name] for name in accepted} == {name: [] for name in accepted}
    for name in refused:
        assert fetched[name] and all("evil.example" in url for url in fetched[name]), name


def requests_on_opening(page, url: str) -> list[str]:
    """The requests to other hosts made while ``url`` opens, is pointed at and painted."""
    page.external_requests.clear()
    page.goto(url)
    settled(page)
    page.mouse.move(50, 50)  # a cursor image loads when the pointer is over its element
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return list(page.external_requests)


# --- real builds -----------------------------------------------------------------------------


def test_a_refused_build_names_every_problem_and_keeps_the_previous_site(project):
    assert project.build().returncode == 0
    before = project.digest()
    project.write(
        {
            "content/media/evil.svg": f"<svg {_NS}>\n<script>alert(1)</script></svg>",
            "content/about/evil.html": "<script>alert(1)</script>",
            AGENCY: AGENCY_YML + "website: javascript:alert(1)\n",
        }
    )
    (project.root / "content/media/plan.pdf").write_bytes(
        pdf("/OpenAction 4 0 R", "<< /S /JavaScript /JS (app.launchURL('https://evil.example')) >>")
    )
    result = project.build()
    assert result.returncode == 1
    for expected in (
        "content/media/evil.svg:2: the SVG has a <script> element",
        "content/about/evil.html:1: about/evil.html is neither a page",
        f"{AGENCY}:3: 'website': 'javascript:' addresses are not allowed here",
        "content/media/plan.pdf:1: media/plan.pdf has JavaScript",
    ):
        assert expected in result.stderr, result.stderr
    assert project.digest() == before


def test_a_build_publishes_media_but_no_source_and_no_hidden_file(project):
    """Even with a mkdocs.yml that no longer excludes the sources, only media are published."""
    config = project.root / "mkdocs.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    sources = ["/data/", "/site.yml", "/glossary.yml", "/README.md"]
    assert settings.pop("exclude_docs").split() == sources
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    project.write(
        {
            "content/media/.gitkeep": "",
            "content/.hidden.yml": "x: 1",
            "content/glossary.yml": "terms: []\n",
            "content/site.yml": SITE_YML.replace(
                "  email: test@example.org", "  email: test@example.org\n  phone: +84 221 386-2000"
            ),
        }
    )
    (project.root / "content/media/plan.pdf").write_bytes(pdf())
    result = project.build()
    assert result.returncode == 0, result.stderr
    footer_links = project.html("en/index.html").xpath("//footer//a/@href")
    assert "tel:+84221386-2000" in footer_links and "mailto:test@example.org" in footer_links
    published = {p.relative_to(project.site).as_posix() for p in project.site.rglob("*")}
    assert {"media/plan.pdf", "media/hero.svg", "media/emblem.svg"} <= published
    leaked = {"media/.gitkeep", ".hidden.yml", "site.yml", "glossary.yml", "README.md"}
    leaked.add("data/plans/84-kh.yml")
    assert not leaked & published


def test_many_texts_are_checked_in_processes_with_the_findings_of_one(monkeypatch):
    """A first build of a large portal shares the conversions among processes: each text gets
    the findings it gets alone, in its own place."""
    from generator.content import safety

    texts = [(f"Paragraph {i} with **bold** text.", False) for i in range(safety.PARALLEL_FROM)]
    texts[137] = ("Before <script>alert(1)</script> after.", False)
    texts[199] = ('<div onclick="x()">Click</div>', True)
    shared = safety._findings_of(texts)
    monkeypatch.setattr(safety, "PARALLEL_FROM", len(texts) + 1)
    alone = safety._findings_of(texts)
    assert shared == alone
    assert [i for i, found in enumerate(shared) if found] == [137, 199]
