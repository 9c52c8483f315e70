"""``portal check`` fails wherever the strict build fails, short of writing pages: each case is one
scratch project that both refuse, naming the same problem (in this process; the images' and the
content's cases are in test_bad_input.py)."""

from __future__ import annotations

import shutil

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from conftest import ROOT, Project, mkdocs_yml
from scratch import invoke


def extra_markdown_extension(project: Project) -> str:
    config = yaml.safe_load(mkdocs_yml())
    config["markdown_extensions"] = ["abbr"]
    text = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    project.write({"mkdocs.yml": text})
    line = text.splitlines().index("markdown_extensions:") + 1
    return f"mkdocs.yml:{line}: markdown_extensions abbr are not the portal's"


def missing_interface_string(project: Project) -> str:
    """The Japanese catalog without 'Skip to content', which the header of every page shows."""
    translations = project.root / "translations"
    shutil.copytree(ROOT / "translations", translations)
    po = translations / "ja" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as handle:
        catalog = read_po(handle, locale="ja")
    assert catalog["Skip to content"].string
    catalog.delete("Skip to content")
    with po.open("wb") as handle:
        write_po(handle, catalog)
    project.write({"mkdocs.yml": mkdocs_yml(translations_dir=str(translations))})
    return "'Skip to content' has no ja translation in translations/ja/LC_MESSAGES/messages.po"


def today_not_a_date(project: Project) -> str:
    project.write({"mkdocs.yml": mkdocs_yml(today="2026-13-01")})
    return "'2026-13-01' is not a date written YYYY-MM-DD"


CASES = {
    "extra-markdown-extension": (extra_markdown_extension, "markdown_extensions abbr"),
    "missing-interface-string": (missing_interface_string, "Skip to content"),
    "today-not-a-date": (today_not_a_date, "2026-13-01"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_check_fails_where_the_build_fails(project, case, caplog):
    write, named = CASES[case]
    expected = write(project)

    check = invoke(project, "check")
    assert check.exit_code == 1, check.output
    shown = check.stderr + caplog.text  # MkDocs logs the options it refuses
    assert expected in shown, shown
    assert "content OK" not in check.stdout

    build = invoke(project, "build", "--jobs", "1")
    assert build.exit_code == 1, build.output
    assert named in build.stderr + caplog.text, build.stderr
    assert not (project.root / "site").exists()


def test_the_mini_portal_checks_clean_with_its_own_catalogs(project):
    """The same catalogs copied, unchanged: no string is reported missing."""
    translations = project.root / "translations"
    shutil.copytree(ROOT / "translations", translations)
    project.write({"mkdocs.yml": mkdocs_yml(translations_dir=str(translations))})
    check = invoke(project, "check")
    assert check.exit_code == 0, check.stderr
