"""An Atom 1.0 feed of news per language: ``feed.xml`` for Vietnamese, ``<lang>/feed.xml`` for the
others, rendered by ``theme/seo/feed.xml``.

Each feed is written while its own language is being built, because the domain environment's
gettext (the feed's title) is bound to that language. Bodies are the same Markdown as the item's
page, with every link made absolute: a feed reader shows them far from the site.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from generator.content.fields import province_midnight
from generator.content.loader import LoadedItem
from generator.content.markdown_refs import is_external
from generator.content.models import News
from generator.content.portal import Portal
from generator.i18n.languages import BY_CODE, Language
from generator.markdown import converter
from generator.markdown.links import LinkRewriter
from generator.markdown.sanitize import sanitize
from generator.routes import absolute, content_link

FEED_NAME = "feed.xml"
NEWS = "news"
SAMPLE = "sample"
"""The category term of an illustrative item's entry (its label is the catalog's "Sample")."""


@dataclass(frozen=True)
class FeedEntry:
    id: str
    title: str
    link: str
    published: str
    updated: str
    category: str
    sample: bool  # an illustrative item: its title is prefixed and it has the category SAMPLE
    summary: str | None
    content: str | None  # HTML; the template escapes it into <content type="html">
    text_lang: str | None = None
    """The language tag of title, summary and content when they are not in the feed's language
    (the item is not yet translated and shows its Vietnamese)."""


@dataclass(frozen=True)
class Feed:
    lang: Language
    id: str
    province: str
    author: str
    email: str
    self_url: str
    alternate_url: str
    updated: str
    entries: list[FeedEntry]


def feed_path(lang: Language) -> str:
    """Site-relative path of ``lang``'s feed (``feed.xml``, ``en/feed.xml`` …)."""
    return f"{lang.prefix}{FEED_NAME}"


def has_news_feed(portal: Portal) -> bool:
    """A portal has news feeds when some page lists the news."""
    return NEWS in portal.listing_pages


def write_news_feed(
    env: Environment,
    portal: Portal,
    lang: Language,
    site_url: str,
    site_dir: Path,
    today: dt.date,
) -> Path | None:
    """Write the Atom feed of ``lang``'s news into ``site_dir``.

    Args:
        env: the domain Jinja environment, its gettext bound to ``lang``.
        portal: the loaded content.
        lang: the language being built.
        site_url: the site's absolute base URL.
        site_dir: the root folder of the whole site (all languages).
        today: the build's date, the feed's date only when there is no news yet.

    Returns:
        The file written, or None when no page lists news.
    """
    if not has_news_feed(portal):
        return None
    feed = news_feed(portal, lang, site_url, today)
    path = site_dir / feed_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        env.get_template("seo/feed.xml").render(feed=feed, sample_term=SAMPLE) + "\n",
        encoding="utf-8",
    )
    return path


def news_feed(portal: Portal, lang: Language, site_url: str, today: dt.date) -> Feed:
    """The feed of ``lang``: every news item, newest first.

    Args:
        portal: the loaded content (with a page listing news).
        lang: the feed's language.
        site_url: the site's absolute base URL.
        today: the feed's date when there is no news yet.

    Returns:
        The feed, ready for the template.
    """
    items = sorted(portal.items.get(NEWS, {}).values(), key=_newest_first)
    entries = [_entry(portal, loaded, lang, site_url) for loaded in items]
    site = portal.site
    return Feed(
        lang=lang,
        id=absolute(site_url, feed_path(lang)),
        province=site.province[lang.code],
        author=site.masthead.agency[lang.code],
        email=site.masthead.email,
        self_url=absolute(site_url, feed_path(lang)),
        alternate_url=absolute(site_url, portal.page_path(portal.listing_pages[NEWS], lang.code)),
        updated=max((entry.updated for entry in entries), default=_rfc3339(today)),
        entries=entries,
    )


def _newest_first(loaded: LoadedItem) -> tuple[int, str]:
    assert isinstance(loaded.model, News)
    return (-loaded.model.date.toordinal(), loaded.slug)


def _entry(portal: Portal, loaded: LoadedItem, lang: Language, site_url: str) -> FeedEntry:
    model = loaded.model
    assert isinstance(model, News)
    link = absolute(site_url, portal.item_path(NEWS, loaded.slug, lang.code))
    # A later correction of the item (``updated``) is the entry's update; ``date`` its publication.
    updated = max(model.date, model.updated or model.date)
    shown = model.shown_in(lang.code)
    body = (model.body or {}).get(shown)
    return FeedEntry(
        id=link,
        title=model.title[shown],
        link=link,
        published=_rfc3339(model.date),
        updated=_rfc3339(updated),
        category=model.category,
        sample=model.sample,
        summary=model.summary[shown] if model.summary else None,
        content=_body_html(body, portal, lang, site_url, link) if body else None,
        text_lang=None if shown == lang.code else BY_CODE[shown].tag,
    )


def _rfc3339(day: dt.date) -> str:
    return province_midnight(day).isoformat()  # news carry a date only


# --- bodies ---------------------------------------------------------------------------------


def _body_html(
    body: str,
    portal: Portal,
    lang: Language,
    site_url: str,
    entry_url: str,
) -> str:
    """The HTML of a news body for a feed reader: links absolute, sanitized as on the page."""
    links = LinkRewriter(_LinkResolver(portal, lang, site_url, entry_url).resolve)
    html = converter(extra=(links,)).convert(body)
    return sanitize(html, own_origin=site_url)


@dataclass(frozen=True)
class _LinkResolver:
    portal: Portal
    lang: Language
    site_url: str
    entry_url: str

    def resolve(self, target: str) -> str:
        """The absolute URL of ``target`` written in a news body (relative to the news folder)."""
        if target.startswith("#"):
            return self.entry_url + target
        if is_external(target) or not target:
            return target
        path, hash_sign, fragment = target.partition("#")
        suffix = hash_sign + fragment
        if path.startswith("/"):
            return absolute(self.site_url, path) + suffix
        base = posixpath.dirname(self.portal.listing_pages[NEWS])
        resolved = content_link(self.portal, base, path, self.lang.code)
        return absolute(self.site_url, resolved) + suffix
