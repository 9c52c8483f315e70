"""Limits: content that would exhaust the build machine is refused with ``path:line: what — fix``
before it costs anything (YAML aliases, oversized files, oversized images); image workers follow
the memory; library warnings are counted as build warnings; spreadsheet formulas in the open-data
CSV are neutralised.

Each test stands for one attack that reached readers or took the machine down on a clone of the
demo (issue 8). Memory is measured on a child process with ``os.wait4``, never timed.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from generator.content import limits
from generator.content.portal import load_portal
from generator.content.problems import ContentError
from generator.content.yamlsource import YamlSyntaxError, parse_yaml

from conftest import (
    ATTRACTION_FILE,
    CODES,
    ENV,
    ROOT,
    Project,
    add_attraction,
    image_entry,
    localized,
    page,
)

MIB = 1024 * 1024


def problems_of(content: Path) -> list[str]:
    """Every problem ``load_portal`` reports for ``content``, as printed."""
    with pytest.raises(ContentError) as caught:
        load_portal(content)
    return [str(problem) for problem in caught.value.problems]


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: ``levels`` lines, each ten aliases of the one above."""
    lines = ['a0: &a0 "lol"']
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


def run_measured(code: str, address_space: int = 1024 * MIB) -> tuple[int, str, int]:
    """Run ``code`` in a child Python capped at ``address_space`` bytes.

    Returns:
        The exit status, the child's output and its peak resident memory in bytes (from
        ``wait4``: this child's alone, not the largest of every child of the test session).
    """

    def cap() -> None:  # without the limit under test, the child fails instead of the machine
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        preexec_fn=cap,
    )
    assert child.stdout is not None
    output = child.stdout.read().decode()
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return child.returncode, output, usage.ru_maxrss * 1024


# --- YAML anchors and aliases -----------------------------------------------------------------


def test_a_nine_level_alias_bomb_is_refused_while_composing_in_little_memory(tmp_path):
    bomb = tmp_path / "bomb.yml"
    bomb.write_text(billion_laughs(9), encoding="utf-8")
    status, output, peak = run_measured(
        f"""
        import resource
        from pathlib import Path
        from generator.content.yamlsource import YamlSyntaxError, parse_yaml
        path = Path({str(bomb)!r})
        loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            parse_yaml(path.read_text(encoding="utf-8"), path)
        except YamlSyntaxError as exc:
            print(f"refused at line {{exc.line}}: {{exc.message}} — {{exc.fix}}")
        print("loaded KiB", loaded)
        """
    )
    assert status == 0, output
    assert "refused at line 1: the YAML anchor '&a0'" in output, output
    loaded = int(output.rsplit("loaded KiB ", 1)[1]) * 1024
    # What the bomb costs over the loaded interpreter (whole-process RSS grows with imports):
    # composed, nine levels of ten aliases would be a billion nodes.
    assert peak - loaded < 64 * MIB, f"the YAML took {(peak - loaded) / MIB:.0f} MiB"


def test_an_alias_is_refused_with_its_line_and_how_to_write_it():
    with pytest.raises(YamlSyntaxError) as caught:
        parse_yaml("title: x\nsource: *nq202\n", Path("x.yml"))
    assert caught.value.line == 2
    assert "alias '*nq202'" in caught.value.message
    assert "write the value out in full" in caught.value.fix


def test_an_anchor_in_an_item_is_reported_with_path_line_and_fix(project: Project):
    item = project.root / "content/data/agencies/tinh-uy.yml"
    item.write_text(
        f"title: &t {localized('Party Committee')}\nlevel: party\nsources: [Charter]\n",
        encoding="utf-8",
    )
    assert (
        "content/data/agencies/tinh-uy.yml:1: the YAML anchor '&t' (a value to be copied "
        "elsewhere) is not allowed — remove '&t' and write the value out in full wherever "
        "'*t' stands"
    ) in problems_of(project.root / "content")


def test_an_alias_in_front_matter_is_reported_at_its_line_in_the_page(project: Project):
    project.write({"content/about/index.en.md": "---\ntitle: &t About\nsummary: *t\n---\nText.\n"})
    found = problems_of(project.root / "content")
    assert len(found) == 1, found
    assert found[0].startswith("content/about/index.en.md:2: the YAML anchor '&t'"), found


def test_the_shipped_content_uses_no_anchor():
    load_portal(ROOT / "content")  # raises ContentError listing any


# --- file sizes -------------------------------------------------------------------------------


def test_an_oversized_markdown_page_is_refused_with_its_size_the_limit_and_the_fix(project):
    path = project.root / "content/about/index.en.md"
    filler = ("Một đoạn văn. " * 80 + "\n\n") * (limits.MAX_MARKDOWN_BYTES // 1000)
    path.write_text(page("About en", filler), encoding="utf-8")
    size = path.stat().st_size
    assert size > limits.MAX_MARKDOWN_BYTES
    found = problems_of(project.root / "content")
    assert found == [
        f"content/about/index.en.md:1: the file is {size / 1e6:.1f} MB ({size:,} bytes), more "
        f"than the limit of {limits.MAX_MARKDOWN_BYTES / 1e6:.1f} MB for a .md file — split it "
        "into several pages, or publish the long document as a PDF in content/media/"
    ]


def test_an_oversized_yaml_item_is_refused_before_it_is_read_whole(project, monkeypatch):
    path = project.root / "content/data/plans/84-kh.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "  " + "nội dung " * (limits.MAX_YAML_BYTES // 8), encoding="utf-8")
    read: list[int] = []
    real_open = Path.open

    def counting_open(self, mode="r", *args, **kwargs):
        handle = real_open(self, mode, *args, **kwargs)
        if self == path:
            real_read = handle.read
            handle.read = lambda n=-1: read.append(n) or real_read(n)
        return handle

    monkeypatch.setattr(Path, "open", counting_open)
    found = problems_of(project.root / "content")
    assert len(found) == 1 and found[0].startswith("content/data/plans/84-kh.yml:1: the file is")
    assert "more than the limit of 2.0 MB for a .yml file — shorten it" in found[0]
    assert read == [limits.MAX_YAML_BYTES + 1]


def test_markdown_that_would_convert_for_minutes_is_refused_with_its_path(project, monkeypatch):
    """16,000 unclosed '![' in 32 KB took two minutes to convert: a time budget refuses it."""
    monkeypatch.setattr(limits, "MARKDOWN_SECONDS", 0.5)
    project.write({"content/about/index.en.md": page("About", "Intro.\n\n" + "![" * 16000)})
    found = problems_of(project.root / "content")
    assert any(
        p.startswith("content/about/index.en.md:4: this text takes more than 0.5 s") for p in found
    ), found


def test_yaml_nested_too_deeply_is_a_problem_not_a_crash(project):
    project.write({"content/data/agencies/deep.yml": "title: " + "[" * 5000 + "]" * 5000 + "\n"})
    found = problems_of(project.root / "content")
    assert any(
        p.startswith("content/data/agencies/deep.yml:1: the values are nested too deeply")
        for p in found
    ), found


def test_the_shipped_files_are_well_under_the_limits():
    sizes = {
        suffix: max(p.stat().st_size for p in (ROOT / "content").rglob(f"*{suffix}"))
        for suffix in (".md", ".yml")
    }
    assert sizes[".md"] * 10 < limits.MAX_MARKDOWN_BYTES
    assert sizes[".yml"] * 3 < limits.MAX_YAML_BYTES


# --- open data: formulas in CSV ---------------------------------------------------------------

FORMULAS = {
    "vi": '=HYPERLINK("https://evil.example","Bấm")',
    "en": "+cmd|' /C calc'!A0",
    "zh": "-5%",
    "ja": "@SUM(A1:A9)",
    "ko": "-2+3",
    "lo": "+84 221 3500 000",
}


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised_and_json_is_exact(project):
    from generator.export import export_open_data
    from generator.routes import build_routes

    title = "{" + ", ".join(f"{code}: {json.dumps(text)}" for code, text in FORMULAS.items()) + "}"
    files = {
        f"content/investment/parks/index.{code}.md": page(
            f"Parks {code}", listing="industrial-parks"
        )
        for code in CODES
    }
    files["content/data/industrial-parks/khu-a.yml"] = (
        f"title: {title}\nlocation: {localized('Mỹ Hào')}\nsample: true\n"
        "developer: '-2+3+cmd'\ntotal_area_ha: -12.5\navailable_area_ha: +40\n"
        "distances: {hanoi_km: 1e2}\n"
    )
    project.write(files)
    portal = load_portal(project.root / "content")
    out = project.root / "out"
    export_open_data(portal, build_routes(portal), "https://x.example/", out, "2026-11-22")

    text = (out / "data/industrial-parks.csv").read_text(encoding="utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text, newline="")))
    for code, formula in FORMULAS.items():
        assert row[f"title.{code}"] == "'" + formula, code
    assert row["developer"] == "'-2+3+cmd"
    assert (row["total_area_ha"], row["available_area_ha"]) == ("-12.5", "40")
    record = json.loads((out / "data/industrial-parks.json").read_text(encoding="utf-8"))
    item = record["items"][0]
    assert item["title"] == FORMULAS and item["developer"] == "-2+3+cmd"
    assert item["total_area_ha"] == "-12.5"


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("-", "'-"),
        ("-12.5", "-12.5"),
        ("+40", "+40"),
        ("1e3", "1e3"),
        ("Phố Hiến = 1", "Phố Hiến = 1"),
        ('["=1"]', '["=1"]'),
    ],
)
def test_only_text_that_begins_like_a_formula_is_prefixed(cell, written):
    from generator.export import spreadsheet_safe

    assert spreadsheet_safe(cell) == written


# --- images -----------------------------------------------------------------------------------

ATTRACTION = ATTRACTION_FILE


def with_photo(project: Project, data: bytes, name: str = "media/photos/big.jpg") -> Path:
    """The mini portal with an attraction showing the JPEG ``data``; returns its content folder."""
    add_attraction(project, {name: data}, image_entry(name, "Gate"))
    return project.root / "content"


def jpeg_claiming(width: int, height: int) -> bytes:
    """A small JPEG whose header claims ``width``×``height`` (its pixels are not there)."""
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(out, "JPEG")
    data = bytearray(out.getvalue())
    frame = data.index(b"\xff\xc0")  # baseline start of frame: length, precision, height, width
    data[frame + 5 : frame + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def jpeg_with_broken_exif(width: int = 800, height: int = 600) -> bytes:
    """A JPEG whose EXIF names a description longer than the EXIF block (Pillow warns)."""
    exif = Image.Exif()
    exif[0x010E] = "x" * 200  # ImageDescription
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 60)).save(out, "JPEG", exif=exif.tobytes()[:-150])
    return out.getvalue()


@pytest.mark.parametrize(("width", "height"), [(9000, 6500), (13000, 13000)])
def test_an_image_over_the_pixel_limit_is_refused_from_its_header(project, tmp_path, width, height):
    from generator.images import prepare_images

    content = with_photo(project, jpeg_claiming(width, height))
    line = (content.parent / ATTRACTION).read_text(encoding="utf-8").count("\n") - 1
    with pytest.raises(ContentError) as caught:
        prepare_images(load_portal(content), tmp_path / "cache")
    shown = f"{width}×{height} pixels, " if width * height <= 2 * limits.MAX_IMAGE_PIXELS else ""
    assert [str(p) for p in caught.value.problems] == [
        f"{ATTRACTION}:{line}: the image 'media/photos/big.jpg' is {shown}"
        f"{width * height / 1e6:.0f} megapixels: more than the limit of 52 megapixels — export "
        "it again at most 4000 pixels wide (the site shows photographs at most 1600 pixels wide)"
    ]


def test_pillow_refuses_what_the_portal_refuses():
    from generator import images  # noqa: F401  (importing it sets Pillow's guard)

    assert Image.MAX_IMAGE_PIXELS == limits.MAX_IMAGE_PIXELS
    assert limits.SUGGESTED_IMAGE_WIDTH**2 * 3 <= limits.MAX_IMAGE_PIXELS  # 1:3 still passes


def test_image_workers_follow_the_memory_not_the_cpu_count():
    from generator.images import image_workers

    photo_48mp = 8064 * 6048 * 3
    copies = limits.IMAGE_WORKING_COPIES
    assert image_workers([photo_48mp, 1000], 10 * photo_48mp * copies, 4) == 4  # CPU-bound
    assert image_workers([1000, photo_48mp], 2 * photo_48mp * copies, 16) == 2  # memory-bound
    assert image_workers([photo_48mp], photo_48mp, 8) == 1  # never fewer than one
    assert image_workers([], 0, 3) == 3


def test_the_memory_budget_is_a_share_of_what_is_available():
    from generator.images import memory_budget

    available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    assert 0 < memory_budget() <= available * limits.IMAGE_MEMORY_SHARE * 1.5


def test_a_48_megapixel_photograph_costs_a_fraction_of_its_pixels(tmp_path, project):
    """8064×6048 passes the limit; it is decoded at a quarter of its size, and what the site
    publishes at the editor's address is no wider than the widest variant."""
    content = with_photo(project, b"")
    photo = content / "media/photos/big.jpg"
    status, output, _ = run_measured(
        f"""
        from PIL import Image
        Image.new("RGB", (8064, 6048), (90, 140, 200)).save({str(photo)!r}, quality=80)
        """
    )
    assert status == 0, output
    status, output, peak = run_measured(
        f"""
        import resource
        from pathlib import Path
        from generator.content.portal import load_portal
        from generator.images import prepare_images
        portal = load_portal(Path({str(content)!r}))
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
        images = prepare_images(portal, Path({str(tmp_path)!r}))
        print(images.clean_original("media/photos/big.jpg"))
        """
    )
    assert status == 0, output
    before_images, clean_original = output.split()
    with Image.open(clean_original) as original:
        assert original.size == (1600, 1200)
    # What the image itself costs, over the interpreter and the loaded content: decoded whole it
    # would take 140 MiB, three working copies 420 MiB (433 MiB measured without the scaled decode).
    decoded = 8064 * 6048 * 3
    cost = peak - int(before_images)
    assert cost < decoded / 2, f"the image cost {cost / MIB:.0f} MiB for {decoded / MIB:.0f} MiB"


def test_a_warning_of_pillow_is_reissued_with_the_place_that_shows_the_image(project, tmp_path):
    import warnings

    from generator.images import ImageLibraryWarning, prepare_images

    content = with_photo(project, jpeg_with_broken_exif())
    line = (content.parent / ATTRACTION).read_text(encoding="utf-8").count("\n") - 1
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        prepare_images(load_portal(content), tmp_path / "cache")
    assert [(w.category, str(w.message)) for w in caught] == [
        (
            ImageLibraryWarning,
            f"{ATTRACTION}:{line}: Pillow warns about the image 'media/photos/big.jpg': Tag data "
            "larger than file. Skipping tag 270 — export it again from a photo editor if the "
            "image looks wrong on the site",
        )
    ]


# --- portal build: warnings counted, refused files keep the old site --------------------------


def test_a_library_warning_is_shown_with_its_place_and_counted_in_the_summary(project):
    with_photo(project, jpeg_with_broken_exif(1600, 1000))
    line = (project.root / ATTRACTION).read_text(encoding="utf-8").count("\n") - 1
    result = project.build()
    assert result.returncode == 0, result.stderr
    assert (
        f"  WARNING: {ATTRACTION}:{line}: Pillow warns about the image 'media/photos/big.jpg': "
        "Tag data larger than file. Skipping tag 270"
    ) in result.stderr, result.stderr
    assert "warnings: 1," in result.stdout, result.stdout


def test_a_refused_file_fails_the_build_and_leaves_the_previous_site(project):
    assert project.build().returncode == 0
    before = project.digest()
    project.write({"content/data/agencies/bomb.yml": billion_laughs(9)})
    result = project.build()
    assert result.returncode == 1
    assert (
        "content/data/agencies/bomb.yml:1: the YAML anchor '&a0' (a value to be copied "
        "elsewhere) is not allowed"
    ) in result.stderr, result.stderr
    assert "is unchanged" in result.stderr
    assert project.digest() == before


def test_the_editors_guide_states_the_limits_in_force():
    guide = (ROOT / "content/README.md").read_text(encoding="utf-8")
    section = guide.split("## Limits", 1)[1].split("\n## ", 1)[0]
    for stated in (
        f"{limits.MAX_MARKDOWN_BYTES / 1e6:.1f} MB",
        f"{limits.MAX_YAML_BYTES / 1e6:.1f} MB",
        f"{limits.MAX_IMAGE_PIXELS // 1_000_000} megapixels",
        f"at most {limits.SUGGESTED_IMAGE_WIDTH} pixels wide",
    ):
        assert stated in section, stated
