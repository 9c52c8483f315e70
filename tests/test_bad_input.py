"""Bad input: `portal check` names the file and line; a failed build keeps the old site."""

from __future__ import annotations

import pytest

from conftest import localized

CASES = {
    "malformed-yaml": (
        {"content/data/agencies/bad.yml": "title: {vi: x\nsources: [a]\n"},
        "content/data/agencies/bad.yml:2: malformed YAML",
    ),
    "malformed-front-matter": (
        {"content/about/index.vi.md": "---\ntitle: [About\n---\nText\n"},
        "content/about/index.vi.md:3: malformed front matter",
    ),
    "missing-required-field": (
        {"content/data/agencies/bad.yml": "sources: [a]\nlevel: party\n"},
        "content/data/agencies/bad.yml:1: required field 'title' is missing",
    ),
    "unknown-field": (
        {"content/data/agencies/bad.yml": f"title: {localized('A')}\ntitel: x\nsources: [a]\n"},
        "content/data/agencies/bad.yml:2: unknown field 'titel' — did you mean 'title'?",
    ),
    "wrong-type-date": (
        {
            "content/data/agencies/bad.yml": (
                f"title: {localized('A')}\nsources: [a]\nupdated: 29/01/2024\n"
            )
        },
        "content/data/agencies/bad.yml:3: 'updated' is not a valid date",
    ),
    "missing-translation": (
        {"content/data/agencies/bad.yml": "title: {vi: A, en: A}\nsources: [a]\n"},
        "content/data/agencies/bad.yml:1: 'title': missing translation: zh, ja, ko, lo",
    ),
    "duplicate-slug": (
        {
            "content/data/agencies/other.yml": (
                f"slug: tinh-uy\ntitle: {localized('B')}\nsources: [a]\n"
            )
        },
        "duplicate slug 'tinh-uy'",
    ),
    "unknown-language": (
        {"content/about/index.fr.md": "---\ntitle: À propos\n---\nTexte\n"},
        "content/about/index.fr.md:1: language code 'fr' is not one of the portal's languages",
    ),
    "broken-link": (
        {
            "content/about/index.en.md": (
                "---\ntitle: About\n---\nText\n\nSee [x](../nowhere/index.md).\n"
            )
        },
        "content/about/index.en.md:6: the link '../nowhere/index.md' "
        "leads to a page that does not exist",
    ),
    "image-without-alt": (
        {"content/about/index.en.md": "---\ntitle: About\n---\n![](../media/hero.svg)\n"},
        "content/about/index.en.md:4: the image ../media/hero.svg has no alt text",
    ),
    "unknown-reference": (
        {"content/data/plans/84-kh.yml": None},
        "refers to agencies",
    ),
    "script-in-a-page": (
        {
            "content/about/index.en.md": (
                "---\ntitle: About\n---\nText\n\n<script>alert(1)</script>\n"
            )
        },
        "content/about/index.en.md:6: the HTML tag <script> is not allowed in content",
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
        "content/data/agencies/bad.yml:4: the link 'javascript:alert(1)' uses 'javascript:'",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_the_old_site_survives(project, case):
    assert project.build().returncode == 0
    before = project.digest()
    files, expected = CASES[case]
    if case == "unknown-reference":
        path = project.root / "content/data/plans/84-kh.yml"
        files = {
            "content/data/plans/84-kh.yml": path.read_text().replace(
                "lead: tinh-uy", "lead: so-noi-vu"
            )
        }
    project.write(files)

    check = project.run("check")
    assert check.returncode == 1
    assert expected in check.stderr, check.stderr

    build = project.build()
    assert build.returncode == 1
    assert expected in build.stderr
    assert "is unchanged" in build.stderr
    assert project.digest() == before


def test_clean_content_checks_clean(project):
    result = project.run("check")
    assert result.returncode == 0, result.stderr
    assert "content OK" in result.stdout


def test_new_creates_six_files_to_fill_in(project):
    result = project.run("new", "culture", "ca-tru")
    assert result.returncode == 0
    created = sorted(p.name for p in (project.root / "content/culture").iterdir())
    assert created == [f"ca-tru.{c}.md" for c in ("en", "ja", "ko", "lo", "vi", "zh")]
    check = project.run("check")
    assert check.returncode == 1
    assert "content/culture/ca-tru.vi.md:2: 'title'" in check.stderr
