"""Pages from data: items, listings and the home page's blocks, rendered by Jinja templates in
``theme/`` (``items/<type>.html``, ``listings/<type>.html``, ``blocks/<name>.html``).

The environment is configured by :func:`install`, which the MkDocs theme environment shares, so
every template sees the same gettext, filters and helpers whatever engine drives the build.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.bccache import Bucket
from markupsafe import Markup

from generator.content.loader import LoadedItem
from generator.content.markdown_refs import is_external
from generator.content.portal import Portal
from generator.i18n import formats, lao
from generator.i18n.catalogs import Translator
from generator.i18n.choices import choice_names
from generator.i18n.languages import BY_CODE, DEFAULT, LANGUAGES, Language
from generator.markdown import converter
from generator.markdown.links import LinkRewriter
from generator.markdown.pictures import show_pictures
from generator.markdown.sanitize import sanitize
from generator.pageview import title_of
from generator.routes import (
    Route,
    content_link,
    listing_page_key,
    page_count,
    per_page,
    relative_link,
)
from generator.upcoming import upcoming_events


@dataclass
class RenderContext:
    """What every template may use while one language is being built."""

    portal: Portal
    routes: dict[str, Route]
    lang: Language
    translator: Translator
    autonyms: dict[str, str]
    today: dt.date
    translators: dict[str, Translator]


def install(env: Environment, ctx: RenderContext) -> None:
    """Give ``env`` the gettext, filters and helpers of ``ctx``'s language."""
    if "jinja2.ext.InternationalizationExtension" not in env.extensions:
        env.add_extension("jinja2.ext.i18n")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        ctx.translator.gettext, ctx.translator.ngettext, newstyle=True
    )
    env.globals["gettext"] = _newstyle_gettext(ctx.translator.gettext)
    lang = ctx.lang
    language_bound = dict(
        tr=_translate_filter(lang, env),
        tr_plain=_translate_filter(lang, word_breaks=False),
        date=lambda value, style="long": formats.format_date(value, lang, style),
        number=lambda value: formats.format_number(value, lang),
        money=lambda value, currency: formats.format_money(value, currency, lang),
        date_from_iso=lambda value: formats.format_date(dt.date.fromisoformat(value), lang),
        wb=lao.segment if lang.code == "lo" else (lambda text: text),
    )
    env.filters.update(
        {name: _at_render_time(function) for name, function in language_bound.items()},
        iso=formats.format_iso,
        markdown=_markdown_filter(ctx.portal, lang),
    )
    env.globals.update(
        portal=ctx.portal,
        site=ctx.portal.site,
        routes=ctx.routes,
        site_lang=lang,
        languages=LANGUAGES,
        autonyms=ctx.autonyms,
        today=ctx.today,
        href=_href,
        item_href=_item_href,
        page_href=_page_href,
        upcoming_events=lambda limit=6: upcoming_events(ctx.portal, ctx.today, limit),
        latest=lambda type_name, limit=6: _latest(ctx.portal, type_name, limit),
        in_language=lambda code, message, **values: ctx.translators[code].gettext(message) % values,
        choice_label=lambda value: _choice_label(ctx.translator, value),
        page_title=lambda key: title_of(ctx.routes[key], ctx.portal, lang.code),
        country_name=lambda code: lang.locale.territories.get(code, code),
    )


def _choice_label(translator: Translator, value: str) -> str:
    """The reader's name of a model's choice (``translations/choices.yml``), or the value."""
    english = choice_names().get(value)
    return translator.gettext(english) if english else value


def _newstyle_gettext(translate):
    """Jinja's new-style ``_()``, which pages call hundreds of times each (220,000 calls in a
    build of the shipped portal): the same result, without formatting a translation that has no
    ``%`` and no values to put in (Jinja formats every one)."""

    @pass_context
    def gettext(context: Any, message: str, **values: Any) -> str:
        translated = translate(message)
        if context.eval_ctx.autoescape:
            translated = Markup(translated)
        return translated % values if values or "%" in translated else translated

    return gettext


def _at_render_time(function):
    """``function`` as a filter Jinja cannot run while compiling: compiled templates are shared
    by every language (:func:`share_compiled_templates`), and Jinja computes a filter of
    constants at compile time (``10000000 | money("USD")`` would keep the first language's
    "10.000.000 US$" in every language). A filter that takes the context is left to render time.
    """

    @pass_context
    def filter_(_context: Any, *args: Any, **kwargs: Any) -> Any:
        return function(*args, **kwargs)

    return filter_


FALLBACK_TEXT = "partials/portal/fallback-text.html"
"""How ``tr`` shows a text not yet translated into the page's language: the Vietnamese, marked
as such (``lang="vi"``)."""

FALLBACK_BLOCK = "partials/portal/fallback-block.html"
"""The same for an item's body (Markdown made HTML)."""

MARKDOWN_IMAGE = "partials/portal/markdown-image.html"
"""How an image of an editor's Markdown is shown: as the items' ``<picture>``."""


def with_pictures(env: Environment, html: str, here: str) -> str:
    """Sanitized ``html`` of the page ``here`` with its images of ``media/`` shown as the items'
    ``<picture>`` (:mod:`generator.markdown.pictures`)."""
    template = env.get_template(MARKDOWN_IMAGE)
    return show_pictures(html, here, lambda image: template.render(here=here, image=image))


def _translate_filter(lang: Language, env: Environment | None = None, word_breaks: bool = True):
    """``{{ item.title | tr }}``: the text in the page's language. Lao words get line breaks,
    except with ``tr_plain``, for titles and attributes that are not laid out as text.

    A text an item has not yet in this language (the item lists it under ``untranslated:``)
    is its Vietnamese: ``tr`` marks it with its language through :data:`FALLBACK_TEXT`,
    ``tr_plain`` (attributes) gives it as it is."""
    breaks = lao.segment if lang.code == "lo" and word_breaks else (lambda text: text)

    def translate(value: object) -> object:
        if not isinstance(value, dict):
            return value
        if lang.code in value:
            return breaks(value[lang.code])
        source = value.get(DEFAULT, "")
        if env is None or not source:
            return source
        template = env.get_template(FALLBACK_TEXT)
        return Markup(template.render(text=source, tag=BY_CODE[DEFAULT].tag))

    return translate


def _markdown_filter(portal: Portal, lang: Language):
    """Markdown nested inside a page (a plan's original text, an answer): its headings start
    at h3, under the page's own h1 and h2; sanitized like every editor's text. Given the item it
    belongs to, its relative links lead where they lead on the item's own page."""
    md = converter(nested=True)

    @pass_context
    def convert(ctx: Any, text: str | None, loaded: LoadedItem | None = None) -> Markup:
        if not text:
            return Markup("")
        if loaded is None:
            md.reset()
            return Markup(with_pictures(ctx.environment, sanitize(md.convert(text)), ctx["here"]))
        folder = posixpath.dirname(portal.listing_pages[loaded.type])
        here = ctx["here"]

        def resolve(target: str) -> str:
            if not target or target.startswith(("#", "/")) or is_external(target):
                return target
            path, hash_sign, fragment = target.partition("#")
            site_path = content_link(portal, folder, path, lang.code)
            return relative_link(here, site_path) + hash_sign + fragment

        links = LinkRewriter(resolve)
        html = sanitize(converter(nested=True, extra=(links,)).convert(text))
        return Markup(with_pictures(ctx.environment, html, here))

    return convert


@pass_context
def _href(ctx: Any, path: str) -> str:
    """Relative link from the page being rendered to the site-relative ``path``."""
    return relative_link(ctx["here"], path)


@pass_context
def _item_href(ctx: Any, loaded: LoadedItem) -> str:
    portal: Portal = ctx["portal"]
    return relative_link(
        ctx["here"], portal.item_path(loaded.type, loaded.slug, ctx["site_lang"].code)
    )


@pass_context
def _page_href(ctx: Any, key: str) -> str:
    portal: Portal = ctx["portal"]
    return relative_link(ctx["here"], portal.page_path(key, ctx["site_lang"].code))


def _latest(portal: Portal, type_name: str, limit: int) -> list[LoadedItem]:
    items = list(portal.items.get(type_name, {}).values())
    items.sort(key=lambda loaded: getattr(loaded.model, "date", None) or dt.date.min, reverse=True)
    return items[:limit]


def escapes_html(template_name: str | None) -> bool:
    """Whether ``template_name`` is one of ours, which all escape what they print.

    Material's own partials (``partials/toc.html`` …) print HTML that MkDocs prepared and are
    left as they are; everything else in ``theme/`` autoescapes like the domain environment.
    """
    name = template_name or ""
    return not name.startswith("partials/") or name.startswith("partials/portal/")


def make_environment(theme_dir: Path) -> Environment:
    """A plain Jinja environment over ``theme/`` for the fragments of pages from data."""
    env = Environment(
        loader=FileSystemLoader(str(theme_dir)),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    share_compiled_templates(env)
    return env


def share_compiled_templates(env: Environment) -> None:
    """Let ``env`` reuse the templates that an environment configured like it compiled already.

    Each language's build makes new environments; without this every template was compiled
    again for every language (368 compilations, a quarter of the Jinja time). A compiled
    template is reused only while its source is unchanged (Jinja checks the source's checksum).
    Filters that depend on the language must therefore be :func:`_at_render_time`.
    """
    env.bytecode_cache = _SHARED_CACHES.setdefault(_compiler_settings(env), _MemoryBytecodeCache())


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the life of the process."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_SHARED_CACHES: dict[tuple, _MemoryBytecodeCache] = {}


def _compiler_settings(env: Environment) -> tuple:
    """What the compiled code of a template depends on besides its source."""
    autoescape = env.autoescape
    return (
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.trim_blocks,
        env.lstrip_blocks,
        env.newline_sequence,
        env.keep_trailing_newline,
        env.optimized,
        tuple(sorted(env.extensions)),
        getattr(env, "newstyle_gettext", False),
        autoescape if isinstance(autoescape, bool) else _qualified(autoescape),
    )


def _qualified(function: object) -> str:
    """A function by name and the values it closes over (``select_autoescape``'s patterns)."""
    module = getattr(function, "__module__", "")
    name = getattr(function, "__qualname__", repr(function))
    cells = getattr(function, "__closure__", None) or ()
    return f"{module}.{name}{tuple(repr(cell.cell_contents) for cell in cells)!r}"


class Renderer:
    """Renders the parts of pages that come from data, for one language."""

    def __init__(self, env: Environment, ctx: RenderContext):
        self.env = env
        self.ctx = ctx
        install(env, ctx)

    def page_content(self, route: Route, html: str) -> str:
        """The content of ``route``'s page: the HTML of its Markdown plus what comes from data
        (an item's facts, a list of items, the blocks its front matter names)."""
        html = sanitize(html)  # the editor's Markdown; what data adds below comes from templates
        if route.kind == "not-found":
            return html
        here = route.path(self.ctx.lang.code)
        html = with_pictures(self.env, html, here)
        if route.item is not None:
            return self.item(route, html)
        meta = self.ctx.portal.pages[route.listing or route.key][DEFAULT].meta
        if route.kind == "listing-page":
            assert meta.listing is not None
            return self.listing(meta.listing, here, route.page_number)
        parts = [html]
        if meta.listing:
            parts.append(self.listing(meta.listing, here))
        parts += [self.block(name, here) for name in meta.blocks]
        return "\n".join(parts)

    def item(self, route: Route, body_html: str) -> str:
        assert route.item is not None
        template = self.env.get_template(f"items/{route.item.type}.html")
        code = self.ctx.lang.code
        body = Markup(body_html)
        shown = route.item.model.shown_in(code)
        if shown != code and body_html.strip():
            # The Vietnamese body of an item not yet translated, marked as Vietnamese.
            block = self.env.get_template(FALLBACK_BLOCK)
            body = Markup(block.render(html=body, tag=BY_CODE[shown].tag))
        return template.render(
            here=route.path(code),
            item=route.item.model,
            loaded=route.item,
            body=body,
            route=route,
        )

    def listing(self, type_name: str, here: str, page_number: int = 1) -> str:
        """The list of ``type_name`` items (one page of it when the list is paginated)."""
        portal, code = self.ctx.portal, self.ctx.lang.code
        items = sorted(portal.items.get(type_name, {}).values(), key=_listing_order(code))
        size = per_page(portal, type_name) or len(items) or 1
        shown = items[(page_number - 1) * size : page_number * size]
        html = self.env.get_template(f"listings/{type_name}.html").render(
            here=here, items=shown, type_name=type_name
        )
        count = page_count(portal, type_name)
        if count == 1:
            return html
        listing_key = portal.listing_pages[type_name]
        paths = [
            self.ctx.routes[listing_page_key(listing_key, n)].path(code)
            for n in range(1, count + 1)
        ]
        return html + self.env.get_template("partials/portal/pagination.html").render(
            here=here, paths=paths, current=page_number
        )

    def block(self, name: str, here: str) -> str:
        return self.env.get_template(f"blocks/{name}.html").render(here=here)


def _listing_order(code: str):
    def key(loaded: LoadedItem):
        when = getattr(loaded.model, "date", None) or getattr(loaded.model, "issued", None)
        title = loaded.model.title
        return (-(when.toordinal()) if when else 0, title.get(code) or title[DEFAULT])

    return key
