"""``portal new SECTION SLUG [--new-section]``: the file it writes is a page or item of
``content/`` whose path can be a web address — never a file outside ``content/`` (``..``),
never a page among the items' data or the media, never a name with spaces, capitals or accents
that the site would publish under an address of its own."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.scaffold import new_files

TODAY = dt.date(2026, 1, 1)


@pytest.mark.parametrize(
    ("section", "slug"),
    [
        ("../../escaped", "page"),  # two folders above content/
        ("tourism/../../escaped", "page"),
        ("attractions", "../../../escaped"),  # an item three folders up: the project's root
        ("tourism", "../escaped"),
        ("tourism", "x/../../../escaped"),
        ("data/attractions", "page"),  # a page among the items
        ("media", "page"),
        ("Du lịch", "page"),
        ("tourism", "Lịch-sử"),
        ("tourism", "le hoi"),
        ("tourism", "L..x"),
        ("tourism", ""),
    ],
)
def test_a_name_that_is_no_web_address_writes_nothing(tmp_path, section, slug):
    content = tmp_path / "project" / "content"
    content.mkdir(parents=True)

    with pytest.raises(ValueError, match="cannot be"):
        new_files(content, section, slug, TODAY)

    assert [path for path in tmp_path.rglob("*") if path.is_file()] == []


@pytest.mark.parametrize(
    ("section", "slug", "written"),
    [
        ("tourism/festivals", "le-hoi-den-mau", "tourism/festivals/le-hoi-den-mau.vi.md"),
        ("/tourism/", "index", "tourism/index.vi.md"),
        ("attractions", "pho-hien", "data/attractions/pho-hien.yml"),
    ],
)
def test_names_of_the_sites_form_are_written(tmp_path, section, slug, written):
    assert new_files(tmp_path, section, slug, TODAY) == [tmp_path / written]
