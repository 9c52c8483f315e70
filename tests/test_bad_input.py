"""Bad input: every problem is reported with its file and line (asserted in-process on the
:class:`Problem` objects, and on what `portal check` prints); `portal check` fails wherever the
strict build would; and, end to end in a subprocess once per kind of failure (content, image), a
failed build keeps the old site byte for byte."""

from __future__ import annotations

import io
import logging

import pytest
from PIL import Image
from test_limits import ATTRACTION, jpeg_claiming, with_photo

from conftest import Project, localized
from scratch import invoke, problems

PLAN = "content/data/plans/84-kh.yml"

# case: (files written over the mini portal, (path, line, start of the message, start of the fix))
CASES = {
    "malformed-yaml": (
        {"content/data/agencies/bad.yml": "title: {vi: x\nsources: [a]\n"},
        ("content/data/agencies/bad.yml", 2, "malformed YAML", ""),
    ),
    "malformed-front-matter": (
        {"content/about/index.vi.md": "---\ntitle: [About\n---\nText\n"},
        ("content/about/index.vi.md", 3, "malformed front matter", ""),
    ),
    "missing-required-field": (
        {"content/data/agencies/bad.yml": "sources: [a]\nlevel: party\n"},
        ("content/data/agencies/bad.yml", 1, "required field 'title' is missing", ""),
    ),
    "unknown-field": (
        {"content/data/agencies/bad.yml": f"title: {localized('A')}\ntitel: x\nsources: [a]\n"},
        ("content/data/agencies/bad.yml", 2, "unknown field 'titel'", "did you mean 'title'?"),
    ),
    "wrong-type-date": (
        {
            "content/data/agencies/bad.yml": (
                f"title: {localized('A')}\nsources: [a]\nupdated: 29/01/2024\n"
            )
        },
        ("content/data/agencies/bad.yml", 3, "'updated' is not a valid date", ""),
    ),
    "missing-translation": (
        {"content/data/agencies/bad.yml": "title: {vi: A, en: A}\nsources: [a]\n"},
        ("content/data/agencies/bad.yml", 1, "'title': missing translation: zh, ja, ko, lo", ""),
    ),
    "duplicate-slug": (
        {
            "content/data/agencies/other.yml": (
                f"slug: tinh-uy\ntitle: {localized('B')}\nsources: [a]\n"
            )
        },
        ("content/data/agencies/tinh-uy.yml", 1, "duplicate slug 'tinh-uy'", ""),
    ),
    "unknown-language": (
        {"content/about/index.fr.md": "---\ntitle: À propos\n---\nTexte\n"},
        (
            "content/about/index.fr.md",
            1,
            "language code 'fr' is not one of the portal's languages",
            "",
        ),
    ),
    "broken-link": (
        {
            "content/about/index.en.md": (
                "---\ntitle: About\n---\nText\n\nSee [x](../nowhere/index.md).\n"
            )
        },
        (
            "content/about/index.en.md",
            6,
            "the link '../nowhere/index.md' leads to a page that does not exist",
            "",
        ),
    ),
    "image-without-alt": (
        {"content/about/index.en.md": "---\ntitle: About\n---\n![](../media/hero.svg)\n"},
        ("content/about/index.en.md", 4, "the image ../media/hero.svg has no alt text", ""),
    ),
    "unknown-reference": (
        {PLAN: None},  # the plan's second task led by an agency that does not exist
        (
            PLAN,
            None,
            "'tasks.1.lead.agency' refers to agencies 'so-noi-vu', which does not exist",
            "",
        ),
    ),
    "script-in-a-page": (
        {
            "content/about/index.en.md": (
                "---\ntitle: About\n---\nText\n\n<script>alert(1)</script>\n"
            )
        },
        ("content/about/index.en.md", 6, "the HTML tag <script> is not allowed in content", ""),
    ),
    "javascript-link-in-an-item": (
        {
            "content/data/agencies/bad.yml": (
                f"title: {localized('A')}\nsources: [a]\nbody:\n"
                + "".join(
                    f"  {c}: '[web](javascript:alert(1))'\n" for c in "vi en zh ja ko lo".split()
                )
            )
        },
        (
            "content/data/agencies/bad.yml",
            4,
            "the link 'javascript:alert(1)' uses 'javascript:'",
            "",
        ),
    ),
    "fact-without-source": (
        {"content/data/agencies/bad.yml": f"title: {localized('A')}\n"},
        ("content/data/agencies/bad.yml", 1, "'(file)': 'sources' is missing: a fact needs", ""),
    ),
    "figure-without-date-or-source": (
        {"content/site.yml": None},  # a key figure with neither 'as_of' nor 'source'
        ("content/site.yml", None, "required field 'figures.0.as_of' is missing", ""),
    ),
}

FIGURE = f"figures:\n  - label: {localized('Area')}\n    value: 2514.81\n    unit: km2\n"


def write_case(project: Project, case: str) -> tuple[str, int, str, str]:
    """Write the bad input of ``case``; return where and what the problem must be."""
    files, (path, line, message, fix) = CASES[case]
    if case == "unknown-reference":
        text = (project.root / PLAN).read_text(encoding="utf-8")
        lead = "    lead: {as_written: Party Committee (vi), agency: tinh-uy}"
        files = {PLAN: text.replace(lead, lead.replace("tinh-uy", "so-noi-vu"))}
        line = text.splitlines().index(lead) + 1
    if case == "figure-without-date-or-source":
        text = (project.root / "content/site.yml").read_text(encoding="utf-8")
        files = {"content/site.yml": text + FIGURE}
        line = text.count("\n") + 2  # the figure's first field
    project.write(files)
    return path, line, message, fix


def matching(found, path: str, line: int, message: str, fix: str):
    return [
        p
        for p in found
        if (p.path, p.line, p.severity) == (path, line, "error")
        and p.message.startswith(message)
        and p.fix.startswith(fix)
    ]


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_with_its_file_and_line(project, case):
    expected = write_case(project, case)
    found = matching(problems(project), *expected)
    assert found, [str(p) for p in problems(project)]

    check = invoke(project, "check")
    assert check.exit_code == 1
    assert f"{found[0]}\n" in check.stderr  # path:line: what — fix, as the editor reads it
    assert "content OK" not in check.stdout


def test_a_key_figure_needs_its_date_and_its_source(project):
    write_case(project, "figure-without-date-or-source")
    messages = {p.message for p in problems(project) if p.path == "content/site.yml"}
    assert {
        "required field 'figures.0.as_of' is missing",
        "required field 'figures.0.source' is missing",
    } <= messages, messages


# --- check fails wherever the strict build fails: images --------------------------------------


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (40, 120, 60)).save(out, "JPEG")
    return out.getvalue()


IMAGES = {
    "too-small": (lambda: jpeg(300, 200), "the image 'media/photos/big.jpg' is only 300 pixels"),
    "truncated": (lambda: jpeg(1600, 1200)[:2000], "the image 'media/photos/big.jpg' cannot be"),
    "not-an-image": (lambda: b"<html>no photo</html>", "the image 'media/photos/big.jpg' cannot"),
    "over-the-pixel-limit": (
        lambda: jpeg_claiming(9000, 6500),
        "the image 'media/photos/big.jpg' is 9000×6500 pixels",
    ),
}


@pytest.mark.parametrize("case", sorted(IMAGES))
def test_check_fails_on_an_image_the_build_fails_on(project, case):
    make, message = IMAGES[case]
    content = with_photo(project, make())
    line = (content.parent / ATTRACTION).read_text(encoding="utf-8").count("\n") - 1
    check = invoke(project, "check")
    assert check.exit_code == 1, check.stderr
    assert f"{ATTRACTION}:{line}: {message}" in check.stderr, check.stderr
    assert "content OK" not in check.stdout


# --- end to end: a failed build keeps the old site ----------------------------------------------


@pytest.mark.parametrize("case", ["unknown-reference", "too-small-image"])
def test_a_failed_build_names_the_problem_and_the_old_site_survives(project, case):
    assert project.build().returncode == 0
    before = project.digest()
    if case == "too-small-image":  # a warning of the image pipeline: the strict build fails on it
        content = with_photo(project, jpeg(300, 200))
        line = (content.parent / ATTRACTION).read_text(encoding="utf-8").count("\n") - 1
        expected = f"{ATTRACTION}:{line}: the image 'media/photos/big.jpg' is only 300 pixels wide"
    else:
        path, line, message, _ = write_case(project, case)
        expected = f"{path}:{line}: {message}"

    check = project.run("check")
    assert check.returncode == 1
    assert expected in check.stderr, check.stderr

    build = project.build()
    assert build.returncode == 1
    assert expected in build.stderr, build.stderr
    assert "is unchanged" in build.stderr
    assert project.digest() == before
    assert not list(project.root.glob(".site-build-*"))


def test_a_failed_build_in_process_gives_the_mkdocs_logger_back(project):
    logger = logging.getLogger("mkdocs")
    before = (logger.propagate, logger.level, list(logger.handlers))
    write_case(project, "broken-link")
    result = invoke(project, "build")
    assert result.exit_code == 1
    assert "build failed" in result.stderr
    assert (logger.propagate, logger.level, list(logger.handlers)) == before
    assert not list(project.root.glob(".site-build-*"))


def test_clean_content_checks_clean(project):
    result = invoke(project, "check")
    assert result.exit_code == 0, result.stderr
    assert "content OK" in result.stdout


def test_new_creates_the_vietnamese_page_to_fill_in(project):
    result = invoke(project, "new", "culture", "ca-tru", "--new-section")
    assert result.exit_code == 0
    assert "created content/culture/ca-tru.vi.md" in result.stdout
    created = sorted(p.name for p in (project.root / "content/culture").iterdir())
    assert created == ["ca-tru.vi.md"]  # the other languages show the notice until translated
    assert matching(problems(project), "content/culture/ca-tru.vi.md", 2, "'title'", "")
    assert invoke(project, "check").exit_code == 1
