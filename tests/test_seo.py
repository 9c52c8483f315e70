"""Search-engine and feed output, checked on the mini portal and on the shipped content: the
sitemap against the published schemas (offline, tests/xsd/), hreflang, canonical links,
robots.txt, and the Atom feed of news in each language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import etree
from lxml import html as lxml_html

from generator.i18n.catalogs import load_translator
from generator.i18n.languages import BY_CODE

from conftest import CODES, ROOT, TAGS, Project, localized, mini_files, mkdocs_yml, page, prefix

XSD = Path(__file__).parent / "xsd" / "sitemap-strict.xsd"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
NEWS_WORD = {
    "vi": "Tin tức",
    "en": "News",
    "zh": "新闻",
    "ja": "ニュース",
    "ko": "뉴스",
    "lo": "ຂ່າວ",
}


def _site_url() -> str:
    for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        if line.startswith("site_url:"):
            return line.split(":", 1)[1].strip()
    raise AssertionError("mkdocs.yml has no site_url")


SITE_URL = _site_url()


# --- the sites under test -------------------------------------------------------------------


def _news(title: str, date: str, category: str, body: str | None, **extra: str) -> str:
    text = f"title: {localized(title)}\ndate: {date}\ncategory: {category}\nsample: true\n"
    text += f"summary: {localized(title + ' in short')}\n"
    if body is not None:
        text += "body: {" + ", ".join(f'{c}: "{body} ({c})"' for c in CODES) + "}\n"
    return text + "".join(f"{key}: {value}\n" for key, value in extra.items())


# Written in an order that is not the order of their dates; one has no body, one a correction.
NEWS_ITEMS = {
    "delegation": _news(
        "Delegation",
        "2026-01-15",
        "foreign-affairs",
        "See the [plans](../plans/index.md), [about us](../about/index.md#top) and [below](#more).",
    ),
    "forum": _news("Forum", "2026-03-02", "investment", None),
    "festival": _news("Festival", "2025-12-20", "culture", "Text.", updated="2026-02-01"),
}
NEWEST_FIRST = ["forum", "delegation", "festival"]


def news_files() -> dict[str, str]:
    files = {f"content/data/news/{slug}.yml": text for slug, text in NEWS_ITEMS.items()}
    for code in CODES:
        files[f"content/news/index.{code}.md"] = page(f"News {code}", "News.", listing="news")
    return files


@pytest.fixture(scope="module")
def news_mini(tmp_path_factory) -> Project:
    """The mini portal with a news section, built once for this module."""
    proj = Project(tmp_path_factory.mktemp("news-mini"))
    proj.write({"mkdocs.yml": mkdocs_yml(), **mini_files(), **news_files()})
    result = proj.build()
    assert result.returncode == 0, result.stderr
    return proj


@pytest.fixture(params=["mini", "shipped"])
def site(request) -> Path:
    if request.param == "mini":
        return request.getfixturevalue("built_mini").site
    return request.getfixturevalue("shipped_site")


@pytest.fixture(params=["news-mini", "shipped"])
def news_site(request) -> tuple[Path, int]:
    """A site with news, and how many news items it has."""
    if request.param == "news-mini":
        return request.getfixturevalue("news_mini").site, len(NEWS_ITEMS)
    shipped_news = list((ROOT / "content" / "data" / "news").glob("*.yml"))
    return request.getfixturevalue("shipped_site"), len(shipped_news)


# --- helpers --------------------------------------------------------------------------------


def file_of(site_dir: Path, url: str) -> Path:
    """The file of ``site_dir`` that serves the absolute ``url``."""
    assert url.startswith(SITE_URL), f"{url} is not an absolute URL of the site"
    path = urlsplit(url).path[len(urlsplit(SITE_URL).path) :]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site_dir / path


def sitemap(site_dir: Path) -> etree._ElementTree:
    return etree.parse(str(site_dir / "sitemap.xml"))


def html_pages(site_dir: Path) -> Iterator[tuple[str, lxml_html.HtmlElement]]:
    """Every page of the site as (its absolute URL, its parsed HTML); 404 pages excluded."""
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith(("assets/", "pagefind/")) or path.name == "404.html":
            continue
        url = SITE_URL + (relative[: -len("index.html")] if path.name == "index.html" else relative)
        yield url, lxml_html.fromstring(path.read_bytes())


def hreflangs(doc: lxml_html.HtmlElement) -> dict[str, str]:
    links = doc.cssselect("head link[rel='alternate'][hreflang]")
    found = {link.get("hreflang"): link.get("href") for link in links}
    assert len(found) == len(links), "an hreflang is given twice"
    return found


def is_noindex(doc: lxml_html.HtmlElement) -> bool:
    return any("noindex" in m.get("content", "") for m in doc.cssselect("meta[name='robots']"))


# --- sitemap --------------------------------------------------------------------------------


def test_sitemap_validates_against_the_published_schemas(site):
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    doc = sitemap(site)
    assert schema.validate(doc), "\n".join(str(error) for error in schema.error_log)


def test_the_strict_schema_rejects_an_undeclared_extension():
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    bad = etree.fromstring(
        f'<urlset xmlns="{SM[1:-1]}" xmlns:x="urn:unknown"><url><loc>{SITE_URL}</loc>'
        "<x:thing/></url></urlset>"
    )
    assert not schema.validate(bad)


def test_every_sitemap_url_is_a_file_of_the_site(site):
    doc = sitemap(site)
    locs = [loc.text for loc in doc.iter(f"{SM}loc")]
    assert locs and len(locs) == len(set(locs))
    for url in locs + [link.get("href") for link in doc.iter(f"{XHTML}link")]:
        assert file_of(site, url).is_file(), url
    for image in doc.iter("{http://www.google.com/schemas/sitemap-image/1.1}loc"):
        assert file_of(site, image.text).is_file(), image.text


def test_sitemap_alternates_are_those_of_the_pages(site):
    for url in sitemap(site).iter(f"{SM}url"):
        loc = url.findtext(f"{SM}loc")
        listed = {link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")}
        if loc.endswith(".pdf"):  # a publication's PDF: its alternates are the other PDFs
            assert loc in listed.values() and len(listed) >= len(CODES), loc
            assert all(file_of(site, href).read_bytes()[:5] == b"%PDF-" for href in listed.values())
            continue
        doc = lxml_html.fromstring(file_of(site, loc).read_bytes())
        assert listed == hreflangs(doc), loc
        assert not is_noindex(doc), f"{loc} is in the sitemap but says noindex"


# --- hreflang and canonical -----------------------------------------------------------------


def test_hreflang_sets_are_reciprocal_absolute_and_complete(site):
    pages = dict(html_pages(site))
    indexable = {url: hreflangs(doc) for url, doc in pages.items() if not is_noindex(doc)}
    noindex = {url for url, doc in pages.items() if is_noindex(doc)}
    for url, alternates in indexable.items():
        assert "x-default" in alternates, url
        assert url in alternates.values(), f"{url} does not list itself"
        assert alternates["x-default"] == alternates["vi"], url
        for hreflang, href in alternates.items():
            assert href.startswith(SITE_URL), (url, href)
            assert file_of(site, href).is_file(), (url, href)
            assert href not in noindex, f"{url} lists {href}, a page that is not indexed"
            if hreflang != "x-default":
                assert href in indexable, (url, href)
                assert indexable[href] == alternates, f"{href} and {url} disagree on alternates"


def test_a_fallback_page_is_listed_nowhere(built_mini):
    fallback = SITE_URL + "lo/about/"
    doc = built_mini.html("lo/about/index.html")
    assert is_noindex(doc)
    assert "lo" not in hreflangs(doc)
    locs = {loc.text for loc in sitemap(built_mini.site).iter(f"{SM}loc")}
    hrefs = {link.get("href") for link in sitemap(built_mini.site).iter(f"{XHTML}link")}
    assert fallback not in locs | hrefs
    for url, page_doc in html_pages(built_mini.site):
        assert fallback not in hreflangs(page_doc).values(), url


def test_each_page_has_exactly_one_canonical_link(site):
    for url, doc in html_pages(site):
        canonical = doc.cssselect("link[rel='canonical']")
        assert len(canonical) == 1, url
        href = canonical[0].get("href")
        assert file_of(site, href).is_file(), (url, href)
        if not is_noindex(doc):
            assert href == url, f"{url} names {href} as canonical"


def test_robots_txt_points_at_the_sitemap(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in lines
    assert (site / "sitemap.xml").is_file()


# --- feeds ----------------------------------------------------------------------------------


def parse_feed(site_dir: Path, code: str) -> feedparser.FeedParserDict:
    path = site_dir / prefix(code) / "feed.xml"
    assert path.is_file(), path
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_feed_of_each_language_parses_with_its_language_and_links(news_site):
    site_dir, count = news_site
    for code in CODES:
        feed = parse_feed(site_dir, code)
        assert feed.feed.language == TAGS[code]
        assert feed.feed.title.endswith(f" · {NEWS_WORD[code]}"), feed.feed.title
        links = {link.rel: link.href for link in feed.feed.links}
        assert links["self"] == f"{SITE_URL}{prefix(code)}feed.xml"
        assert links["alternate"] == f"{SITE_URL}{prefix(code)}news/"
        assert file_of(site_dir, links["alternate"]).is_file()
        assert len(feed.entries) == count
        assert len({entry.id for entry in feed.entries}) == count
        for entry in feed.entries:
            assert entry.link.startswith(f"{SITE_URL}{prefix(code)}news/"), entry.link
            assert file_of(site_dir, entry.link).is_file(), entry.link
            assert entry.title and entry.updated_parsed and entry.published_parsed


def test_feed_entries_are_newest_first(news_site):
    site_dir, _ = news_site
    for code in CODES:
        published = [entry.published_parsed for entry in parse_feed(site_dir, code).entries]
        assert published == sorted(published, reverse=True)


def test_feed_entries_carry_the_items_text_in_each_language(news_mini):
    for code in CODES:
        feed = parse_feed(news_mini.site, code)
        slugs = [entry.link.rstrip("/").rsplit("/", 1)[1] for entry in feed.entries]
        assert slugs == NEWEST_FIRST
        forum, delegation, festival = feed.entries
        # The mini portal's news are samples: their titles carry the prefix (tests/test_samples.py).
        sample = load_translator(ROOT / "translations", BY_CODE[code]).gettext("Sample: %(title)s")
        assert delegation.title == sample % {"title": f"Delegation ({code})"}
        assert delegation.summary == f"Delegation in short ({code})"
        assert delegation.published == "2026-01-15T00:00:00+07:00"
        assert festival.updated == "2026-02-01T00:00:00+07:00"  # corrected after publication
        assert "content" not in forum  # no body, no content
        assert feed.feed.updated == "2026-03-02T00:00:00+07:00"


def test_feed_content_is_the_body_as_html_with_absolute_links(news_mini):
    for code in CODES:
        delegation = parse_feed(news_mini.site, code).entries[1]
        body = lxml_html.fragment_fromstring(delegation.content[0].value, create_parent="div")
        hrefs = [a.get("href") for a in body.iter("a")]
        assert hrefs == [
            f"{SITE_URL}{prefix(code)}plans/",
            f"{SITE_URL}{prefix(code)}about/#top",
            f"{delegation.link}#more",
        ]
        for href in hrefs:
            assert file_of(news_mini.site, href.split("#")[0]).is_file(), href


def test_feed_dates_are_rfc3339(news_mini):
    text = (news_mini.site / "feed.xml").read_text(encoding="utf-8")
    root = etree.fromstring(text.encode())
    for element in root.iter(
        "{http://www.w3.org/2005/Atom}updated", "{http://www.w3.org/2005/Atom}published"
    ):
        assert dt.datetime.fromisoformat(element.text).tzinfo is not None, element.text


def test_pages_announce_their_languages_feed(news_mini):
    for code in CODES:
        for path in ("", "about/", "news/delegation/"):
            doc = news_mini.html(f"{prefix(code)}{path}index.html")
            feeds = doc.cssselect("head link[rel='alternate'][type='application/atom+xml']")
            assert [link.get("href") for link in feeds] == [f"{SITE_URL}{prefix(code)}feed.xml"]
            assert feeds[0].get("title").endswith(NEWS_WORD[code])


def test_no_feed_without_a_news_section(built_mini):
    assert not list(built_mini.site.rglob("feed.xml"))
    doc = built_mini.html("index.html")
    assert not doc.cssselect("link[type='application/atom+xml']")
