"""Editors' photographs: made into WebP and JPEG/PNG variants without metadata, shown as
``<picture>`` in six languages, offered to social networks, made once, and refused with their
file and line when they cannot be decoded.

No photograph can be downloaded here, so the tests paint their own: gradients and noise, large
(4000×3000), turned on their side by an EXIF orientation and carrying a camera's EXIF and GPS tags.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image, ImageDraw, ImageFilter

from generator.images import share_size, variant_widths

from conftest import (
    ATTRACTION_FILE,
    CODES,
    ROOT,
    Project,
    add_attraction,
    image_entry,
    localized,
)

SITE_URL = "https://doingoai.hungyen.example/"
ITEM = "tourism/attractions/den-mau"
ITEM_FILE = ATTRACTION_FILE
RED = (230, 20, 20)
EXIF_ORIENTATION, EXIF_MAKE, EXIF_GPS = 0x0112, 0x010F, 0x8825


# --- photographs painted for the tests ------------------------------------------------------


def painting(width: int, height: int, alpha: bool = False) -> Image.Image:
    """A 'photograph': gradients under noise, and a red block in the top-left corner."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 30)
    red = Image.blend(gradient, noise, 0.3)
    green = Image.blend(gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), noise, 0.2)
    blue = noise.filter(ImageFilter.BoxBlur(2))
    picture = Image.merge("RGB", (red, green, blue))
    ImageDraw.Draw(picture).rectangle((0, 0, width // 5, height // 5), fill=RED)
    if alpha:
        picture.putalpha(Image.linear_gradient("L").resize((width, height)))
    return picture


def camera_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[EXIF_MAKE] = "TestCam"
    exif[EXIF_ORIENTATION] = orientation
    gps = exif.get_ifd(EXIF_GPS)
    gps.update({1: "N", 2: (20.0, 39.0, 30.0), 3: "E", 4: (106.0, 3.0, 15.0)})
    return exif


def jpeg(width: int, height: int, orientation: int = 1) -> bytes:
    out = io.BytesIO()
    painting(width, height).save(out, "JPEG", quality=92, exif=camera_exif(orientation))
    return out.getvalue()


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    painting(width, height, alpha=True).save(out, "PNG", exif=camera_exif())
    return out.getvalue()


def is_red(pixel: tuple[int, int, int]) -> bool:
    return pixel[0] > 180 and pixel[1] < 90 and pixel[2] < 90


def has_metadata(path: Path) -> bool:
    data = path.read_bytes()
    with Image.open(path) as image:
        exif = image.getexif()
        return bool(exif) or "exif" in image.info or b"TestCam" in data or b"Exif\0\0" in data


# --- the project under test -----------------------------------------------------------------


def add_share_image(project: Project) -> None:
    site = project.root / "content/site.yml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + "share_image:\n  src: media/share.jpg\n  illustration: true\n"
        + f"  alt: {localized('Card')}\n",
        encoding="utf-8",
    )
    (project.root / "content/media/share.jpg").write_bytes(jpeg(1200, 630))


def line_of(project: Project, name: str, needle: str) -> int:
    lines = (project.root / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory) -> tuple[Project, dict[str, float]]:
    """The mini portal with an attraction showing a sideways 4000×3000 JPEG, a transparent PNG
    and an SVG, built twice; returns the project and the mtimes after the first build."""
    from conftest import mini_files, mkdocs_yml

    project = Project(tmp_path_factory.mktemp("photos"))
    project.write({"mkdocs.yml": mkdocs_yml(), **mini_files()})
    add_share_image(project)
    add_attraction(
        project,
        {
            "media/photos/den-mau.jpg": jpeg(4000, 3000, orientation=6),
            "media/photos/ve-dong.png": png(1200, 800),
        },
        image_entry(
            "media/photos/den-mau.jpg",
            "Temple gate",
            caption=localized("The gate"),
            credit="Nguyễn Văn A",
        )
        + image_entry("media/photos/ve-dong.png", "Painting", illustration="true")
        + image_entry("media/hero.svg", "Fields"),
    )
    first = project.build()
    assert first.returncode == 0, first.stderr
    mtimes = {p.name: p.stat().st_mtime_ns for p in (project.site / "media/_img").iterdir()}
    second = project.build()
    assert second.returncode == 0, second.stderr
    return project, mtimes


def variants(project: Project, stem: str) -> dict[str, Path]:
    return {p.name: p for p in (project.site / "media/_img").glob(f"{stem}-*")}


# --- pure rules -----------------------------------------------------------------------------


def test_variant_widths_are_never_wider_than_the_original():
    assert variant_widths(4000) == [480, 960, 1600]
    assert variant_widths(1200) == [480, 960, 1200]
    assert variant_widths(960) == [480, 960]
    assert variant_widths(300) == [300]


def test_share_card_is_1200_by_630_or_smaller_in_that_ratio():
    assert share_size(4000, 3000) == (1200, 630)
    assert share_size(3000, 4000) == (1200, 630)
    assert share_size(800, 600) == (800, 420)


# --- the built site -------------------------------------------------------------------------


def test_a_sideways_jpeg_becomes_upright_webp_and_jpeg_variants(photo_site):
    project, _ = photo_site
    files = variants(project, "den-mau")
    widths = {480: 640, 960: 1280, 1600: 2133}  # 4000×3000 turned upright is 3000×4000
    for width, height in widths.items():
        for ext, fmt in (("webp", "WEBP"), ("jpg", "JPEG")):
            [name] = [n for n in files if n.endswith(f"-{width}.{ext}")]
            assert re.fullmatch(rf"den-mau-[0-9a-f]{{8}}-{width}\.{ext}", name)
            with Image.open(files[name]) as image:
                assert image.format == fmt and image.size == (width, height)
                if fmt == "JPEG":
                    assert image.info.get("progressive")
                    # the red corner, top-left as stored, is top-right once turned upright
                    assert is_red(image.convert("RGB").getpixel((width - 5, 5)))
                    assert not is_red(image.convert("RGB").getpixel((5, 5)))
            assert not has_metadata(files[name]), name
            assert files[name].stat().st_mode & 0o044 == 0o044, "a web server must read it"
    [share] = [n for n in files if n.endswith("-share.jpg")]
    with Image.open(files[share]) as image:
        assert image.size == (1200, 630)
    assert len(files) == 7


def test_a_transparent_png_keeps_png_as_its_fallback(photo_site):
    project, _ = photo_site
    files = variants(project, "ve-dong")
    assert sorted(n.rsplit("-", 1)[1] for n in files) == [
        "1200.png",
        "1200.webp",
        "480.png",
        "480.webp",
        "960.png",
        "960.webp",
        "share.jpg",
    ]
    for path in files.values():
        assert not has_metadata(path), path.name
    with Image.open(next(p for n, p in files.items() if n.endswith("-960.png"))) as image:
        assert image.mode == "RGBA" and image.size == (960, 640)


def test_the_editors_file_itself_is_published_upright_and_without_metadata(photo_site):
    project, _ = photo_site
    source = project.root / "content/media/photos/den-mau.jpg"
    assert has_metadata(source)  # the test's photograph does carry a camera's tags and GPS
    published = project.site / "media/photos/den-mau.jpg"
    assert not has_metadata(published)
    with Image.open(published) as image:  # upright, and no wider than the widest variant
        assert image.size == (1600, 2133)
    assert not has_metadata(project.site / "media/photos/ve-dong.png")


@pytest.mark.parametrize("code", CODES)
def test_item_page_shows_a_lead_picture_and_a_gallery(photo_site, code):
    project, _ = photo_site
    prefix = "" if code == "vi" else f"{code}/"
    doc = project.html(f"{prefix}{ITEM}/index.html")
    figures = doc.xpath("//figure[contains(@class, 'portal-photo')]")
    assert len(figures) == 3
    lead, painting_, svg = figures

    webp = lead.xpath(".//picture/source[@type='image/webp']")[0]
    img = lead.xpath(".//img")[0]  # libxml2 knows no <source>: it may hold the <img>
    assert img.get("alt") == f"Temple gate ({code})"
    assert (img.get("width"), img.get("height")) == ("1600", "2133")
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    assert webp.get("sizes") and webp.get("sizes") == img.get("sizes")
    webp_set = [c.strip().split(" ") for c in webp.get("srcset").split(",")]
    assert [w for _, w in webp_set] == ["480w", "960w", "1600w"]
    assert all(url.endswith(".webp") for url, _ in webp_set)
    fallback_set = [c.strip().rsplit(" ", 1) for c in img.get("srcset").split(",")]
    assert [w for _, w in fallback_set] == ["480w", "960w", "1600w"]
    assert all(url.endswith(".jpg") for url, _ in fallback_set)
    page_dir = project.site / prefix / ITEM
    for url, _ in webp_set:
        assert (page_dir / url).resolve().is_file(), url
    assert (page_dir / img.get("src")).resolve().is_file()
    caption = lead.xpath(".//figcaption")[0].text_content()
    assert f"The gate ({code}) · " in caption and "Nguyễn Văn A" in caption

    gallery_img = painting_.xpath(".//img")[0]
    assert gallery_img.get("loading") == "lazy" and gallery_img.get("decoding") == "async"
    assert gallery_img.get("alt") == f"Painting ({code})"
    assert painting_.xpath(".//*[contains(@class, 'portal-photo__marker')]")
    assert svg.xpath(".//img")[0].get("src").endswith("media/hero.svg")

    # every image of the page comes from this site
    for attribute in doc.xpath("//img/@src | //img/@srcset | //source/@srcset"):
        assert not re.search(r"(^|[\s,])(https?:)?//", attribute), attribute


@pytest.mark.parametrize("code", CODES)
def test_share_image_is_absolute_and_exists(photo_site, code):
    project, _ = photo_site
    prefix = "" if code == "vi" else f"{code}/"
    pages = ((f"{prefix}{ITEM}/index.html", "Temple gate"), (f"{prefix}index.html", "Card"))
    for path, alt in pages:
        doc = project.html(path)
        meta = {m.get("property") or m.get("name"): m.get("content") for m in doc.xpath("//meta")}
        url = meta["og:image"]
        assert url.startswith(SITE_URL) and url.endswith("-share.jpg")
        assert (project.site / urlsplit(url).path.lstrip("/")).is_file()
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["og:image:alt"] == f"{alt} ({code})"
        assert meta["twitter:card"] == "summary_large_image"


def test_a_second_build_rewrites_no_variant(photo_site):
    project, before = photo_site
    after = {p.name: p.stat().st_mtime_ns for p in (project.site / "media/_img").iterdir()}
    assert after == before


def test_the_cache_keeps_out_of_git(photo_site):
    project, _ = photo_site
    assert (project.root / ".cache/doingoai/.gitignore").read_text().strip().endswith("*")


# --- bad images -----------------------------------------------------------------------------


def _truncated() -> bytes:
    return jpeg(1600, 1200)[:20000]


BAD = {
    "truncated-jpeg": (lambda: _truncated(), "media/photos/broken.jpg", "cannot be decoded"),
    "not-an-image": (lambda: b"<html>no photo</html>", "media/photos/p.jpg", "cannot be decoded"),
    "too-small": (lambda: jpeg(300, 200), "media/photos/tiny.jpg", "is only 300 pixels wide"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_image_fails_the_build_with_its_file_and_line(project, case):
    make, src, expected = BAD[case]
    add_attraction(
        project, {src: make()}, image_entry("media/hero.svg", "Fields") + image_entry(src, "Bad")
    )
    line = line_of(project, ITEM_FILE, f"src: {src}")
    result = project.build()
    assert result.returncode == 1
    assert f"{ITEM_FILE}:{line}: " in result.stderr and expected in result.stderr, result.stderr
    assert not (project.site).exists()


def test_a_missing_share_image_is_reported_in_site_yml(project):
    site = project.root / "content/site.yml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + f"share_image:\n  src: media/nowhere.jpg\n  alt: {localized('Card')}\n",
        encoding="utf-8",
    )
    line = line_of(project, "content/site.yml", "src: media/nowhere.jpg")
    result = project.build()
    assert result.returncode == 1
    expected = f"content/site.yml:{line}: the image 'media/nowhere.jpg' is not in content/"
    assert expected in result.stderr, result.stderr


def test_the_shipped_share_image_is_a_1200_by_630_jpeg():
    with Image.open(ROOT / "content/media/share-hung-yen.jpg") as image:
        assert (image.format, image.size) == ("JPEG", (1200, 630))
        assert not image.getexif()


def test_a_photograph_as_hero_is_served_responsive(project):
    """The home page's hero serves an editor's photograph as well as the SVG illustration."""
    (project.root / "content/media/hero.jpg").write_bytes(jpeg(3000, 1200))
    site_yml = project.root / "content/site.yml"
    site_yml.write_text(
        site_yml.read_text("utf-8").replace("src: media/hero.svg", "src: media/hero.jpg"), "utf-8"
    )
    result = project.build()
    assert result.returncode == 0, result.stderr
    for code in CODES:
        prefix = "" if code == "vi" else f"{code}/"
        doc = project.html(f"{prefix}index.html")
        img = doc.cssselect(".portal-hero picture img")[0]
        assert img.get("alt") == f"Fields ({code})"
        assert int(img.get("width")) <= 3000 and img.get("height")
        webp = doc.cssselect(".portal-hero picture source[type='image/webp']")[0].get("srcset")
        widths = [int(part.split()[-1][:-1]) for part in webp.split(",")]
        assert widths == sorted(widths) and max(widths) <= 3000 and len(widths) >= 3
        for part in webp.split(","):
            assert (project.site / prefix / part.split()[0]).resolve().is_file()
