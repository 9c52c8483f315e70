"""An editor's path without surprises (issue 13, item 4): what ``portal new`` writes, what it
refuses, what ``portal check`` never lets through, and files in the wrong encoding."""

from __future__ import annotations

import datetime as dt
import typing
import unicodedata

import pytest

from generator.content.hints import _unwrap
from generator.content.models import ITEM_TYPES
from generator.content.portal import load_portal
from generator.i18n.stamp import stamp
from generator.scaffold import NOT_OFFERED, UnknownSection, check_section, new_files

from conftest import CODES, TAGS, localized, page, prefix
from scratch import problems_of

TODAY = dt.date(2026, 11, 22)


# --- portal new ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(ITEM_TYPES))
def test_a_new_item_names_every_required_field_with_its_allowed_values(project, kind):
    (path,) = new_files(project.root / "content", kind, "moi", TODAY)
    text = path.read_text("utf-8")
    model = ITEM_TYPES[kind]
    for name, info in model.model_fields.items():
        if not info.is_required() or name in NOT_OFFERED:
            continue
        (line,) = [line for line in text.splitlines() if line.startswith(f"{name}:")]
        assert "# required;" in line
        annotation, _ = _unwrap(info.annotation, list(info.metadata))
        if typing.get_origin(annotation) is typing.Literal:
            assert "one of: " + ", ".join(typing.get_args(annotation)) in line


def test_a_new_news_item_asks_for_its_date_and_category():
    text = new_item_text("news")
    assert "date:  # required; a date, YYYY-MM-DD" in text
    assert (
        "category:  # required; one of: foreign-affairs, investment, culture, tourism, "
        "overseas-vietnamese" in text
    )


def new_item_text(kind: str) -> str:
    from generator.scaffold import item_text

    return item_text(kind, TODAY)


def test_an_unknown_section_is_refused_with_the_nearest_one(project):
    content = project.root / "content"
    with pytest.raises(UnknownSection) as refused:
        check_section(content, "abuot")
    assert refused.value.suggestion == "about"
    with pytest.raises(UnknownSection) as refused:
        check_section(content, "agencie")
    assert refused.value.suggestion == "agencies"
    check_section(content, "about")
    check_section(content, "news")  # a kind of item, whether or not one exists yet


def test_portal_new_refuses_a_misspelt_section_unless_told_it_is_new(project):
    result = project.run("new", "abuot", "history")
    assert result.returncode == 1
    assert "did you mean 'about'?" in result.stderr
    assert "--new-section" in result.stderr
    assert not (project.root / "content" / "abuot").exists()

    result = project.run("new", "culture", "history", "--new-section")
    assert result.returncode == 0, result.stderr
    assert (project.root / "content" / "culture" / "history.vi.md").is_file()


def test_a_new_page_starts_untranslated_not_as_failing_files(project):
    (path,) = new_files(project.root / "content", "about", "history", TODAY)
    assert path.name == "history.vi.md"
    assert sorted(p.name for p in path.parent.glob("history.*")) == ["history.vi.md"]
    # The editor fills in what portal new asked for; nothing else is needed to pass the check.
    text = path.read_text("utf-8").replace('title: ""', "title: Lịch sử")
    path.write_text(text.replace("TODO: write the page here, in Markdown.", "Nội dung."), "utf-8")
    portal = load_portal(project.root / "content")
    assert portal.translated_languages("about/history") == ["vi"]


def test_a_translation_is_started_only_from_the_vietnamese_page(project):
    content = project.root / "content"
    with pytest.raises(ValueError, match="write the Vietnamese page first"):
        new_files(content, "about", "history", TODAY, "en")
    new_files(content, "about", "history", TODAY)
    (path,) = new_files(content, "about", "history", TODAY, "en")
    assert "translation:" in path.read_text("utf-8")


# --- nothing empty, no placeholder ------------------------------------------------------------


def test_what_portal_new_writes_never_passes_the_check(project):
    content = project.root / "content"
    new_files(content, "news", "tin-moi", TODAY)
    new_files(content, "about", "history", TODAY)
    found = problems_of(project)
    assert any(
        "news/tin-moi.yml" in p and "'sources.0.title': the value is empty" in p for p in found
    )
    assert any(
        "news/tin-moi.yml" in p and "'category': the value is empty — write one of:" in p
        for p in found
    )
    assert any("history.vi.md:2: 'title': the value is empty" in p for p in found)
    assert any("history.vi.md" in p and "placeholder" in p for p in found)


def test_an_empty_source_or_a_placeholder_fails_a_finished_item(project):
    agency = f"title: {localized('Foreign Affairs')}\n"
    project.write({"content/data/agencies/so-ngoai-vu.yml": agency + 'sources:\n  - title: ""\n'})
    assert any("'sources.0.title': the value is empty" in p for p in problems_of(project))
    project.write({"content/data/agencies/so-ngoai-vu.yml": agency + "sources: ['  ']\n"})
    assert any("'sources.0.title': the value is empty" in p for p in problems_of(project))
    project.write(
        {"content/data/agencies/so-ngoai-vu.yml": agency + "sources: ['TODO: find the decision']\n"}
    )
    (found,) = [p for p in problems_of(project) if "so-ngoai-vu" in p]
    assert "so-ngoai-vu.yml:2: 'sources.0' is a placeholder" in found
    project.write({"content/about/index.vi.md": page("About", "Text.\n\nTODO: the history")})
    assert any(
        "about/index.vi.md:6: the page still holds a placeholder" in p for p in problems_of(project)
    )


# --- encodings ---------------------------------------------------------------------------------


def test_a_utf8_byte_order_mark_is_accepted(project):
    path = project.root / "content" / "about" / "index.en.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    portal = load_portal(project.root / "content")
    assert portal.pages["about/index"]["en"].meta.title == "About en"


@pytest.mark.parametrize(
    ("codec", "named"),
    [("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"), ("cp1258", "Windows-1258")],
)
def test_another_encoding_is_named_with_the_file_and_the_fix(project, codec, named):
    path = project.root / "content" / "about" / "index.vi.md"
    path.write_bytes(encoded(page("Giới thiệu", "Tỉnh Hưng Yên ở đồng bằng sông Hồng."), codec))
    (found,) = [p for p in problems_of(project) if p.startswith("content/about/index.vi.md")]
    assert found.startswith("content/about/index.vi.md:1: the file is saved as ")
    assert named in found
    assert "save it as UTF-8" in found


TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def encoded(text: str, codec: str) -> bytes:
    """``text`` in ``codec``; in Windows-1258 as Vietnamese Windows writes it: a letter with
    its vowel mark (ơ, ư, â …) precomposed, the tone mark after it as a combining mark."""
    if codec != "cp1258":
        return text.encode(codec)
    out = b""
    for char in text:
        try:
            out += char.encode(codec)
        except UnicodeEncodeError:
            marks = unicodedata.normalize("NFD", char)
            tone = next(mark for mark in marks if mark in TONE_MARKS)
            base = unicodedata.normalize("NFC", marks.replace(tone, ""))
            out += base.encode(codec) + tone.encode(codec)
    return out


def test_an_item_in_another_encoding_is_named_too(project):
    path = project.root / "content" / "data" / "agencies" / "tinh-uy.yml"
    path.write_bytes(path.read_text("utf-8").encode("utf-16"))
    assert any("tinh-uy.yml:1: the file is saved as UTF-16" in p for p in problems_of(project))


def test_stamping_a_file_in_another_encoding_names_it(project):
    path = project.root / "content" / "about" / "index.en.md"
    path.write_bytes(path.read_text("utf-8").encode("utf-16"))
    (error,) = stamp([path]).errors
    assert "index.en.md:1: the file is saved as UTF-16" in error
    assert "save it as UTF-8" in error


# --- a new page is linked from its section --------------------------------------------------


def test_a_new_page_is_listed_on_its_section_page_in_every_language(project):
    (path,) = new_files(project.root / "content", "about", "history", TODAY)
    text = path.read_text("utf-8").replace('title: ""', "title: Lịch sử Hưng Yên")
    path.write_text(text.replace("TODO: write the page here, in Markdown.", "Nội dung."), "utf-8")
    result = project.build()
    assert result.returncode == 0, result.stderr
    for code in CODES:
        section = project.html(f"{prefix(code)}about/index.html")
        (link,) = section.cssselect("nav.portal-section a")
        assert link.get("href") == "history/"
        assert link.text_content() == "Lịch sử Hưng Yên"
        # Only the Vietnamese exists: other languages name it in Vietnamese, marked as such.
        assert link.get("lang") == (None if code == "vi" else TAGS["vi"])
        page_html = project.html(f"{prefix(code)}about/history/index.html")
        menu = page_html.cssselect(".portal-menu a[data-active], .portal-menu a[aria-current]")
        assert [a.get("href") for a in menu] == ["../"]  # the menu's About is its section
    # A page that is no section's index lists nothing; the items have their own listing.
    assert not project.html("plans/index.html").cssselect("nav.portal-section")
