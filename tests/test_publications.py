"""The publications as PDFs (generator/publications/): read back with pypdf from the shipped
portal's build, rendered by poppler, listed on the portal, and made again only when their
inputs change."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from urllib.parse import urlsplit

import pypdf
import pytest
from lxml import etree

from generator.content.portal import load_portal
from generator.content.problems import ContentError
from generator.i18n.catalogs import load_translator
from generator.i18n.languages import BY_CODE, CODES, LANGUAGES
from generator.publications.editions import prepare_publications, reuse_publications
from generator.publications.selection import (
    pdf_name,
    pdf_path,
    printed_publications,
    select,
)
from generator.routes import build_routes

from conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
SITE_URL = "https://doingoai.hungyen.example/"
PAGES = {"booklet": (6, 40), "leaflet": (2, 2)}
"""The page counts a layout may have: a booklet's grows with the content, a leaflet is one
sheet, printed on both sides."""
SENTENCES = {
    # ນ້ຳ: a tone mark before ຳ, which HarfBuzz decomposes and reorders (theme/print/fonts/).
    "lo": ("industrial-parks", "det-may-pho-noi", "summary"),
    "zh": ("industrial-parks", "det-may-pho-noi", "summary"),
    "ko": ("industrial-parks", "det-may-pho-noi", "summary"),
}
"""A sentence of the content per script that must come out of the investment profile as written."""


def _plain(text: str) -> str:
    """Text without white space (lines wrap where the layout wants) or Lao word breaks."""
    return re.sub(r"[\s\u200b]+", "", text)


@pytest.fixture(scope="module")
def portal():
    return load_portal(ROOT / "content")


@pytest.fixture(scope="module")
def pdfs(shipped_site, portal):
    """Every PDF of the shipped build: (publication, language code, path, reader)."""
    found = []
    for publication in printed_publications(portal):
        for code in CODES:
            path = shipped_site / pdf_path(portal, publication, code)
            found.append((publication, code, path, pypdf.PdfReader(path)))
    return found


def _text(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_three_publications_in_six_languages_are_published(pdfs):
    names = {(publication.model.printed.file, code) for publication, code, _, _ in pdfs}
    assert len(names) == 18
    assert {publication.model.printed.layout for publication, *_ in pdfs} == {"booklet", "leaflet"}


def test_text_comes_out_in_logical_order_in_every_script(pdfs, portal):
    for publication, code, path, reader in pdfs:
        text = _plain(_text(reader))
        # The title, then each section's heading in the order the edition lists them.
        positions = [text.find(_plain(publication.model.title[code]))]
        sections = publication.model.printed.sections
        if publication.model.printed.layout == "leaflet":
            # Read side by side: the outside (cover, flap, back), then the inside (2, 3, 4).
            sections = sections[3:] + sections[:3]
        for section in sections:
            if section.title:
                positions.append(text.find(_plain(section.title[code]), positions[-1]))
        assert -1 not in positions, f"{path.name}: a heading is missing or out of order"
        if publication.model.printed.file == "hung-yen-investment-profile" and code in SENTENCES:
            kind, slug, field = SENTENCES[code]
            sentence = getattr(portal.items[kind][slug].model, field)[code]
            assert code != "lo" or "ນ້ຳ" in sentence, "the Lao sentence must hold ນ້ຳ"
            assert _plain(sentence) in text, f"{path.name}: {sentence!r} not found as written"


def test_every_font_is_embedded_and_subset(pdfs):
    for _, _, path, reader in pdfs:
        fonts = {}
        for page in reader.pages:
            for font in page["/Resources"].get("/Font", {}).values():
                font = font.get_object()
                fonts[font["/BaseFont"]] = font
        assert fonts, path.name
        for name, font in fonts.items():
            descriptor = (
                font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                if "/DescendantFonts" in font
                else font["/FontDescriptor"]
            )
            embedded = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys())
            assert embedded, f"{path.name}: {name} is not embedded"
            assert re.match(r"^/[A-Z]{6}\+", name), f"{path.name}: {name} is not a subset"


def test_language_title_and_structure_tree_are_set(pdfs):
    for publication, code, path, reader in pdfs:
        root = reader.trailer["/Root"]
        assert root["/Lang"] == BY_CODE[code].tag, path.name
        assert reader.metadata.title == publication.model.title[code], path.name
        assert bool(root["/MarkInfo"]["/Marked"]), path.name
        tree = root["/StructTreeRoot"].get_object()
        assert tree.get("/K"), f"{path.name}: empty structure tree"
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]), path.name
        assert root["/Outlines"].get_object().get("/Count"), f"{path.name}: no bookmarks"


def test_links_lead_to_the_portal_in_the_same_language(pdfs, shipped_site):
    site_host = urlsplit(SITE_URL).netloc
    for _, code, path, reader in pdfs:
        prefix = BY_CODE[code].prefix
        others = [f"{other}/" for other in CODES if BY_CODE[other].prefix and other != code]
        portal_links = 0
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                uri = action.get("/URI")
                if not uri or urlsplit(uri).netloc != site_host:
                    continue
                portal_links += 1
                site_path = urlsplit(uri).path.lstrip("/")
                assert site_path.startswith(prefix), f"{path.name}: {uri} is in another language"
                assert not any(site_path.startswith(other) for other in others), uri
                target = shipped_site / site_path
                assert (target / "index.html").is_file() or target.is_file(), f"{uri}: no page"
        # A QR code and its link per section, and the line with the web version's address.
        assert portal_links >= 5, f"{path.name}: {portal_links} links to the portal"


FOLD = {1: ("flap", "back", "cover"), 2: (0, 1, 2)}
"""A roll-folded tri-fold, page by page, left to right: the outside of the sheet is [inside flap
| back | cover], the inside [panel 2 | 3 | 4] (the edition's first three sections); the flap
holds the fourth section, the back the fifth."""


def _panel_text(path, page: int, panel: int) -> str:
    """The text poppler finds in one third of an A4 landscape page (842 × 595 pt)."""
    third = 842 / 3
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-x", str(round(panel * third)),
         "-y", "0", "-W", str(round(third)), "-H", "595", path, "-"],
        check=True, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    return _plain(result.stdout)


def test_the_leaflet_panels_are_in_fold_order(pdfs, portal):
    routes = build_routes(portal)
    leaflets = [pdf for pdf in pdfs if pdf[0].model.printed.layout == "leaflet"]
    assert len(leaflets) == 6
    for publication, code, path, _ in leaflets:
        document = select(portal, routes, publication, BY_CODE[code], SITE_URL, dt.date.today())
        titles = [_plain(section.title) for section in document.sections]
        assert len(titles) == 5, "the shipped leaflet fills five panels and the cover"
        named = {"flap": titles[3], "back": titles[4], "cover": _plain(document.title)}
        for page, panels in FOLD.items():
            texts = [_panel_text(path, page, place) for place in range(3)]
            for place, panel in enumerate(panels):
                heading = named[panel] if isinstance(panel, str) else titles[panel]
                if panel == "cover":  # the cover's title, and nowhere else on the page
                    found = [other for other in range(3) if heading in texts[other]]
                else:  # a section's panel begins with its heading
                    found = [other for other in range(3) if texts[other].startswith(heading)]
                assert found == [place], f"{path.name} p.{page}: {heading!r} in {found}"


def test_page_counts_are_in_range(pdfs):
    for publication, _, path, reader in pdfs:
        low, high = PAGES[publication.model.printed.layout]
        assert low <= len(reader.pages) <= high, f"{path.name}: {len(reader.pages)} pages"


def test_page_one_of_each_renders_with_poppler(pdfs):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for _, _, path, _ in pdfs:
        stem = ARTIFACTS / f"pdf-{path.stem}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", path, stem],
            check=True,
            timeout=120,
        )
        png = stem.with_suffix(".png")
        assert png.stat().st_size > 2000, f"{png}: (almost) empty"


def test_edition_date_and_web_version_line_are_printed(pdfs, portal):
    for publication, code, path, reader in pdfs:
        translator = load_translator(ROOT / "translations", BY_CODE[code])
        text = _plain(_text(reader))
        web = SITE_URL + portal.item_path(publication.type, publication.slug, code)
        line = translator.gettext("The web version is kept current: %(url)s") % {"url": web}
        assert _plain(line) in text, f"{path.name}: no web version line"
        assert _plain(translator.gettext("Edition of %(date)s").split("%")[0]) in text


def test_a_sample_is_never_printed_without_its_label(pdfs, portal):
    for publication, code, path, reader in pdfs:
        label = _plain(load_translator(ROOT / "translations", BY_CODE[code]).gettext("Sample"))
        text = _plain(_text(reader))
        used = {section.show for section in publication.model.printed.sections}
        samples = [
            loaded.model
            for kind in used
            for loaded in portal.items.get(kind, {}).values()
            if loaded.model.sample
        ]
        for model in samples:
            title = _plain(model.title[code])
            labelled = text.count(label + title)
            # The title may also be words of the item's own summary; anywhere else it is a
            # heading, which must carry the label.
            in_own_text = sum(
                _plain((getattr(model, name) or {}).get(code, "")).count(title)
                for name in ("summary", "body")
            )
            unlabelled = text.count(title) - labelled - in_own_text
            assert unlabelled <= 0, f"{path.name}: sample {title!r} printed without {label!r}"
            assert labelled or title not in text, f"{path.name}: {title!r} never labelled"
    profile = next(p for p in pdfs if p[0].model.printed.file == "hung-yen-investment-profile")
    assert profile[0].model.printed.sections  # the profile prints the (sample) projects:
    assert any(m.sample for m in (x.model for x in portal.items["projects"].values()))


def test_the_portal_lists_each_pdf_with_size_pages_and_date(shipped_site, pdfs):
    listing = etree.HTML((shipped_site / "en/plans/publications/index.html").read_bytes())
    links = listing.xpath('//a[@type="application/pdf"]')
    assert len(links) == 18
    for link in links:
        assert link.get("hreflang") in {lang.tag for lang in LANGUAGES}
        facts = "".join(link.getparent().itertext())
        assert re.search(r"\d+ KB · \d+ pages? · Edition of ", facts), facts
    hrefs = {urlsplit(link.get("href")).path.rsplit("/", 1)[-1] for link in links}
    assert hrefs == {path.name for _, _, path, _ in pdfs}
    sitemap = (shipped_site / "sitemap.xml").read_text(encoding="utf-8")
    for *_, path, _ in pdfs:
        assert f"/{path.name}</loc>" in sitemap
    opendata = (shipped_site / "data/publication-pdfs.json").read_text(encoding="utf-8")
    assert all(path.name in opendata for _, _, path, _ in pdfs)
    assert "publication-pdfs.json" in (shipped_site / "data/index.json").read_text()


def test_an_edit_to_one_park_rebuilds_the_investment_profiles_only(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    theme = ROOT / "theme"
    codes = ("vi", "ko")
    translators = {lang.code: load_translator(ROOT / "translations", lang) for lang in LANGUAGES}
    today = dt.date(2026, 11, 29)

    def build():
        portal = load_portal(content)
        return prepare_publications(
            portal,
            build_routes(portal),
            translators,
            theme,
            tmp_path / "cache",
            SITE_URL,
            today,
            codes=codes,
        )

    cold = build()
    assert len(cold.rebuilt) == 6
    assert build().rebuilt == []
    park = content / "data/industrial-parks/yen-my.yml"
    park.write_text(
        park.read_text(encoding="utf-8").replace("total_area_ha: 280", "total_area_ha: 281"),
        encoding="utf-8",
    )
    assert sorted(build().rebuilt) == [
        "hung-yen-investment-profile-ko.pdf",
        "hung-yen-investment-profile-vi.pdf",
    ]


def test_two_publications_may_not_print_to_the_same_file(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    handbook = content / "data/publications/cam-nang-du-lich.yml"
    handbook.write_text(
        handbook.read_text(encoding="utf-8").replace(
            "file: hung-yen-travel-handbook", "file: hung-yen-leaflet"
        ),
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as caught:
        load_portal(content)
    (problem,) = [p for p in caught.value.problems if "hung-yen-leaflet" in p.message]
    # The second publication (in the order of the files) is the one refused, at its 'file:'.
    where = "content/data/publications/to-gap-gioi-thieu-tinh.yml:24: "
    assert str(problem).startswith(where), problem
    assert "data/publications/cam-nang-du-lich.yml" in problem.message
    assert "printed.file" in problem.fix


def test_a_copy_of_the_portal_elsewhere_reuses_the_cached_pdfs(tmp_path):
    """The tests' builds of copies of the shipped content share one PDF cache (conftest):
    a PDF's inputs do not include where the content folder is."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)

    def made(folder):
        return _one_pdf(load_portal(folder), tmp_path / "cache", "lo", "hung-yen-leaflet").rebuilt

    assert made(content) == ["hung-yen-leaflet-lo.pdf"]
    assert made(ROOT / "content") == []


def _one_pdf(portal, cache, code, name, images=None):
    """One publication in one language, laid out (or taken from ``cache``)."""
    translators = {lang.code: load_translator(ROOT / "translations", lang) for lang in LANGUAGES}
    return prepare_publications(
        portal,
        build_routes(portal),
        translators,
        ROOT / "theme",
        cache,
        SITE_URL,
        dt.date(2026, 11, 29),
        codes=(code,),
        only={name},
        images=images,
    )


PHOTO_ALT = "Vườn nhãn lồng bên sông Hồng"


def _photo(path, colour):
    """A photograph wider than print needs (the PDF embeds the clean copy, 1600 px wide)."""
    from PIL import Image as Pil

    Pil.new("RGB", (2400, 1200), colour).save(path, quality=90)


def test_a_photograph_of_a_printed_page_is_embedded_with_its_alt_text(tmp_path):
    """An image of a page a PDF prints (geography, in the investment profile) is embedded from
    the content, not dropped as an address of the portal; an edit to its bytes lays the PDF out
    again; an image that is not there stops at its line."""
    from generator.images import prepare_images

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    photo = content / "media/nhan-long.jpg"
    _photo(photo, (40, 120, 60))
    page = content / "about/geography.vi.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(f"{text}\n![{PHOTO_ALT}](media/nhan-long.jpg)\n", encoding="utf-8")

    def build(pipeline=True):
        portal = load_portal(content)
        images = prepare_images(portal, tmp_path / "images") if pipeline else None
        return _one_pdf(portal, tmp_path / "cache", "vi", "hung-yen-investment-profile", images)

    made = build()
    assert made.rebuilt == ["hung-yen-investment-profile-vi.pdf"]
    reader = pypdf.PdfReader(made.cached(made.files[0]))
    # WeasyPrint shares one resource dictionary between pages: one photo, listed on each.
    embedded = {image.image.size for page in reader.pages for image in page.images}
    assert embedded == {(1600, 800)}, "the photo, as the clean copy no wider than 1600 px"
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/Alt" in node:
                alts.append(str(node["/Alt"]))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert PHOTO_ALT in alts

    assert build().rebuilt == []
    _photo(photo, (200, 80, 40))
    assert build().rebuilt == ["hung-yen-investment-profile-vi.pdf"]
    # Without the image pipeline the editor's file is embedded, at an address that stays the
    # same: its bytes are in the PDF's inputs.
    assert build(pipeline=False).rebuilt == ["hung-yen-investment-profile-vi.pdf"]
    _photo(photo, (20, 40, 200))
    assert build(pipeline=False).rebuilt == ["hung-yen-investment-profile-vi.pdf"]

    portal = load_portal(content)
    photo.unlink()
    with pytest.raises(ContentError) as caught:
        select(
            portal,
            build_routes(portal),
            printed_publications(portal)[0],
            BY_CODE["vi"],
            SITE_URL,
            dt.date(2026, 11, 29),
        )
    line = text.count("\n") + 2
    assert str(caught.value.problems[0]).startswith(f"content/about/geography.vi.md:{line}: ")


def test_a_remembered_plan_is_used_only_while_the_cache_holds_every_pdf_as_it_left_it(tmp_path):
    """The build remembers each PDF's inputs digest with its plan; the PDFs are reused without
    a plan only if every record still names that digest (another build may have laid one out
    since, in a PDF cache shared by several copies of the portal) and every file is there."""
    portal = load_portal(ROOT / "content")
    digests = {}
    for lang in LANGUAGES:
        for publication in printed_publications(portal):
            name = pdf_name(publication, lang.code)
            digests[name] = f"digest of {name}"
            (tmp_path / name).write_bytes(b"%PDF-1.7 stand-in")
            record = {"digest": digests[name], "pages": 2}
            (tmp_path / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
    reused = reuse_publications(portal, tmp_path, digests)
    assert reused is not None and len(reused.files) == len(digests) == 18
    assert {pdf.pages for pdf in reused.files} == {2}
    name = "hung-yen-leaflet-lo.pdf"
    (tmp_path / f"{name}.json").write_text(json.dumps({"digest": "laid out since", "pages": 2}))
    assert reuse_publications(portal, tmp_path, digests) is None
    (tmp_path / f"{name}.json").write_text(json.dumps({"digest": digests[name], "pages": 2}))
    assert reuse_publications(portal, tmp_path, digests) is not None
    (tmp_path / name).unlink()
    assert reuse_publications(portal, tmp_path, digests) is None
    assert reuse_publications(portal, tmp_path, {}) is None


def test_the_print_loads_only_theme_and_content_files_and_takes_fonts_decompressed(tmp_path):
    """WeasyPrint gets the WOFF2 faces as the fonts they pack (what it would decompress itself,
    done once per process); a font or file outside the allowed folders, or a link leading out of
    them, is refused before anything is read."""
    import io

    from fontTools.ttLib import woff2

    from generator.publications.document import LocalFiles

    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme" / "assets" / "fonts", theme / "fonts")
    font = theme / "fonts" / "noto-sans-vi-regular.woff2"
    fetcher = LocalFiles((theme,))
    expected = io.BytesIO()
    woff2.decompress(io.BytesIO(font.read_bytes()), expected)
    body = fetcher.fetch(font.as_uri()).read()
    assert body == expected.getvalue() and body[:4] in (b"\x00\x01\x00\x00", b"OTTO")
    outside = tmp_path / "elsewhere.woff2"
    shutil.copyfile(font, outside)
    (theme / "fonts" / "linked.woff2").symlink_to(outside)
    for url in (
        outside.as_uri(),
        (theme / "fonts" / "linked.woff2").as_uri(),
        f"{theme.as_uri()}/../elsewhere.woff2",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError, match="only theme and content files"):
            fetcher.fetch(url)
