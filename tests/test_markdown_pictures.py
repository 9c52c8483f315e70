"""A photograph in a Markdown page is served as the items' ``<picture>`` (WebP and JPEG variants
in ``srcset``, width, height, the editor's alt text), named in one path style for pages and items
(``media/…`` from ``content/``), the older page-relative style still read the same; the
sanitizer still refuses ``<picture>`` written by an editor.
"""

from __future__ import annotations

import posixpath
import shutil
from pathlib import Path

import pytest
from test_images import jpeg

from generator.markdown.pictures import MarkdownImage, media_path, show_pictures
from generator.markdown.sanitize import ATTRIBUTES, TAGS, findings, sanitize
from generator.vnu import vnu_problems

import scratch
from conftest import (
    CODES,
    Project,
    add_attraction,
    image_entry,
    mini_files,
    mkdocs_yml,
    page,
)

ITEM = "tourism/attractions/den-mau"
PHOTO = "media/photos/den-mau.jpg"
STYLES = {"vi": PHOTO, "en": f"../{PHOTO}"}
"""The photograph as each about page names it: from content/ (vi), from the page's folder (en)."""
PRIORITY = {"loading", "decoding", "fetchpriority"}
"""What sets an item's lead photograph apart from an image further down a page."""


def photo_project(root: Path) -> Project:
    """The mini portal with an attraction showing a 2000×1500 photograph, and the about pages
    showing the same photograph in the two path styles."""
    project = Project(root)
    project.write({"mkdocs.yml": mkdocs_yml(), **mini_files()})
    add_attraction(project, {PHOTO: jpeg(2000, 1500)}, image_entry(PHOTO, "Temple gate"))
    for code, path in STYLES.items():
        body = f"Before.\n\n![The gate in {code}]({path})\n\nAfter & more."
        project.write({f"content/about/index.{code}.md": page(f"About {code}", body)})
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    project = photo_project(tmp_path_factory.mktemp("page-photos"))
    result = project.build()
    assert result.returncode == 0, result.stderr
    return project


def picture_of(doc) -> tuple[dict[str, str], dict[str, str]]:
    """The attributes of the one ``<picture>``'s WebP ``<source>`` and of its ``<img>``."""
    (picture,) = doc.xpath("//div[contains(@class, 'portal-body')]//picture | //figure//picture")
    source = picture.xpath(".//source")[0]  # libxml2 knows no <source>: it may hold the <img>
    img = picture.xpath(".//img")[0]
    return dict(source.attrib), dict(img.attrib)


def without(attributes: dict[str, str], names: set[str]) -> dict[str, str]:
    return {name: value for name, value in attributes.items() if name not in names}


def from_site(attributes: dict[str, str], page_dir: str) -> dict[str, str]:
    """``attributes`` with the URLs of ``src`` and ``srcset`` as paths of the site."""

    def site_path(url: str) -> str:
        return posixpath.normpath(posixpath.join(page_dir, url))

    found = dict(attributes)
    if "src" in found:
        found["src"] = site_path(found["src"])
    if "srcset" in found:
        candidates = [part.split() for part in found["srcset"].split(",")]
        found["srcset"] = ", ".join(f"{site_path(url)} {width}" for url, width in candidates)
    return found


@pytest.mark.parametrize("code", list(STYLES))
def test_a_page_photograph_is_the_items_picture(built, code):
    prefix = "" if code == "vi" else f"{code}/"
    page_doc = built.html(f"{prefix}about/index.html")
    item_doc = built.html(f"{prefix}{ITEM}/index.html")
    page_source, page_img = picture_of(page_doc)
    item_source, item_img = picture_of(item_doc)

    assert page_source["type"] == "image/webp"
    webp = [part.split() for part in page_source["srcset"].split(",")]
    assert [width for _, width in webp] == ["480w", "960w", "1600w"]
    assert all(url.endswith(".webp") for url, _ in webp)
    assert page_img["alt"] == f"The gate in {code}"
    assert (page_img["width"], page_img["height"]) == ("1600", "1200")
    assert page_img["src"].endswith("-1600.jpg") and page_img["loading"] == "lazy"
    for url, _ in webp:
        assert (built.site / prefix / "about" / url).resolve().is_file(), url

    # the same files at the same sizes as the item's lead photograph
    here, there = f"{prefix}about", f"{prefix}{ITEM}"
    assert from_site(page_source, here) == from_site(item_source, there)
    assert from_site(without(page_img, PRIORITY | {"alt"}), here) == from_site(
        without(item_img, PRIORITY | {"alt"}), there
    )
    # and nothing of the editor's file at full size is left in the page
    assert not page_doc.xpath(f"//img[contains(@src, '{Path(PHOTO).name}')]")


def test_both_path_styles_lead_to_the_same_files(built):
    vi_source, vi_img = picture_of(built.html("about/index.html"))
    en_source, en_img = picture_of(built.html("en/about/index.html"))
    for vi_url, en_url in zip(
        vi_source["srcset"].split(","), en_source["srcset"].split(","), strict=True
    ):
        vi_file = (built.site / "about" / vi_url.split()[0]).resolve()
        assert vi_file == (built.site / "en/about" / en_url.split()[0]).resolve()
    assert vi_img["src"].removeprefix("../") == en_img["src"].removeprefix("../../")


def test_pages_with_pictures_are_valid_html(built, tmp_path):
    for name in ("about/index.html", "en/about/index.html", f"{ITEM}/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built.site / name, tmp_path / name)
    assert [str(problem) for problem in vnu_problems(tmp_path)] == []


# --- in process -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_the_renderer_makes_a_pages_image_the_items_picture(tmp_path, code):
    """What MkDocs makes of either style (a site path, or a link relative to the page) becomes
    the same markup as the item's lead photograph, but for loading and alt text."""
    project = photo_project(tmp_path)
    renderer, routes = scratch.renderer(project, code)
    here = routes["about/index"].path(code)
    up = "../" * here.count("/")
    item = renderer.page_content(routes[ITEM], "")
    lead = item[item.index("<picture>") : item.index("</picture>") + len("</picture>")]
    for src in (f"/{PHOTO}", f"{up}{PHOTO}"):
        html = f'<p>Before.</p>\n<p><img alt="Gate &amp; bell" src="{src}"></p>\n<p>After.</p>'
        shown = renderer.page_content(routes["about/index"], html)
        assert shown.startswith("<p>Before.</p>\n<p><picture>")
        assert shown.endswith("</picture></p>\n<p>After.</p>")
        picture = shown[shown.index("<picture>") : shown.index("</picture>") + len("</picture>")]
        expected = lead.replace(' fetchpriority="high"', ' loading="lazy" decoding="async"')
        expected = expected.replace("../../media/", "media/")  # the item is two folders deeper
        assert picture == expected.replace('alt="Temple gate', 'alt="Gate &amp; bell').replace(
            f" ({code})", ""
        )


def test_only_images_of_media_are_replaced_and_every_other_byte_stays():
    html = (
        '<p>Tôi &amp; <b>bạn</b></p>\n<p class="note"><img alt="a" src="../elsewhere/x.png">'
        '<img alt="b">\n<img alt="c" src="../../media/y.jpg" id="k"></p>'
    )
    shown = show_pictures(html, "en/about/", lambda image: f"[{image!r}]")
    expected = MarkdownImage("media/y.jpg", "c", {"id": "k"})
    assert shown == html.replace('<img alt="c" src="../../media/y.jpg" id="k">', f"[{expected!r}]")
    assert media_path("/media/a%20b.jpg", "lo/about/") == "media/a b.jpg"
    assert media_path("../../media/a.jpg", "lo/about/") == "media/a.jpg"
    assert media_path("https://e.example/media/a.jpg", "") is None


def test_the_sanitizer_still_refuses_a_picture_written_by_an_editor():
    """``<picture>`` comes only from the theme: the allow-list for editors is unchanged."""
    assert "picture" not in TAGS and "source" not in TAGS
    assert ATTRIBUTES["img"] == {"src", "alt", "title", "width", "height"}
    raw = (
        '<picture><source srcset="/x.webp"><img src="/x.jpg" srcset="/y.jpg 2x" alt="x"></picture>'
    )
    assert [finding.needles[0] for finding in findings(raw)] == ["<picture", "<source", "srcset="]
    assert sanitize(raw) == '<img src="/x.jpg" alt="x">'


def test_the_check_reads_media_from_content_in_any_folder(project):
    body = "![Gate](media/hero.svg)\n\n[The plan](media/emblem.svg)"
    project.write({"content/about/index.en.md": page("About en", body)})
    scratch.load(project)  # no problem: media/ starts at content/, as in the fields


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("../../media/hero.svg", "leads out of content/"),
        ("media/nowhere.jpg", "'media/nowhere.jpg'"),
        ("", "has no alt text"),
    ],
)
def test_a_wrong_image_path_is_reported_with_its_line(project, target, message):
    text = "![Gate](media/hero.svg)" if not target else f"![Gate]({target})"
    body = f"Text.\n\n{text.replace('Gate', '') if not target else text}\n"
    project.write({"content/about/index.en.md": page("About en", body)})
    (problem,) = [p for p in scratch.problems(project) if "about/index.en.md" in str(p.path)]
    assert problem.line == 6 and message in problem.message
    assert problem.fix
