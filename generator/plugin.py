"""The MkDocs plugin: event methods only, each handing the work to the module that owns it.

mkdocs-static-i18n re-runs the whole build once per language; this plugin loads the content once
per sequence of language builds and generates, for the language being built, the pages that come
from data, after i18n has sorted the editors' files (hence ``event_priority(-110)``).
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Collection
from pathlib import Path

import yaml
from jinja2 import ChoiceLoader, DictLoader
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from generator import markdown as markdown_setup
from generator.buildcache import BuildCache
from generator.compress import precompress_site
from generator.config import PortalConfig
from generator.content import safety
from generator.content.media import publishable
from generator.content.pages import page_key_and_lang
from generator.content.portal import Portal, load_portal
from generator.content.problems import ContentError
from generator.export import export_open_data
from generator.feeds import write_news_feed
from generator.i18n.catalogs import Translator, load_translator
from generator.i18n.languages import AUTONYMS, BY_CODE, CODES, DEFAULT, LANGUAGES, Language
from generator.images import (
    OUTPUT_DIR,
    ImageSet,
    cache_dir_for,
    install_images,
    prepare_images,
    publish_images,
)
from generator.outputs import SiteWriter
from generator.pagecache import PageStore, dates_as_facts, site_fingerprint, site_inputs
from generator.pageview import page_view
from generator.publications import editions as print_editions
from generator.publications.opendata import printed_dataset
from generator.publications.selection import printed_pages
from generator.render import (
    RenderContext,
    Renderer,
    escapes_html,
    install,
    make_environment,
    share_compiled_templates,
)
from generator.routes import Route, build_routes
from generator.search import SearchIndex, build_search_index
from generator.seo import write_search_engine_files
from generator.theme_assets import serves_theme_file
from generator.theme_bundle import ThemeBundle, bundle_theme

log = get_plugin_logger(__name__)

CACHED_PAGE = "doingoai/cached-page.html"
"""The template of a page taken whole from the build cache."""


class PortalPlugin(BasePlugin[PortalConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.routes: dict[str, Route] = {}
        self.built: list[str] = []
        self.render_ctx: RenderContext | None = None
        self.renderer: Renderer | None = None
        self.translators: dict[str, Translator] = {}
        self.images: ImageSet | None = None
        self.theme_bundle: ThemeBundle | None = None
        self.prints: print_editions.PrintSet | None = None
        """The publications' PDFs, made (or taken from their cache) when the content loads."""
        self.pdfs_behind = False
        """List the PDFs as their cache last recorded them, without selecting, rendering or
        laying out any (the live preview, which lays out the changed ones behind its pages:
        :meth:`plan_publications`); a build makes them before its pages."""
        self.finish_later = False
        """Leave the outputs that span every language to a :meth:`finish_site` call (set when
        the languages are built in parallel processes, which the caller merges first)."""
        self.search_index: SearchIndex | None = None
        """The languages the processes that built them have indexed for search."""
        self.compressed_elsewhere: set[str] = set()
        """Languages whose folders the processes that built them have compressed."""
        self.compressed_files: Collection[str] = frozenset()
        """Files at the site's root compressed already (the default language's pages)."""
        self.cache: BuildCache | None = None
        """What earlier builds worked out, by content hash (``portal build --no-cache`` sets a
        cache that keeps nothing); the project's cache when left None."""
        self.only_pages: set[str] | None = None
        """Render only the pages of these route keys, copy no other file (the live preview
        updating the pages an edit touches); None renders the whole site."""
        self.writer: SiteWriter | None = None
        """Writes the site's own files (search index, .gz copies), linking those the site being
        replaced holds unchanged (set by ``portal build``; None: written plainly)."""
        self.pages: PageStore | None = None
        """Whole pages from the build cache (a full build only; None: every page renders)."""
        self._from_cache: dict[str, str] = {}
        """This run's pages taken from the cache, by source: their HTML."""
        self._prepared = False
        self._inputs: list | None = None
        """The files every page and PDF depends on (:func:`site_inputs`), read once per load."""

    # --- configuration ---------------------------------------------------------------------

    @event_priority(-110)  # after i18n has chosen the language of this run
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        _use_portal_markdown(config)
        code = _current_language(config)
        if self._prepared:
            self._prepared = False  # loaded by prepare(), just before this build
        elif self.portal is None or code == _first_language(config):
            self._load(config)
        lang = BY_CODE[code]
        log.info(f"building {code} ({lang.autonym}) …")
        assert self.portal is not None
        self.render_ctx = RenderContext(
            self.portal,
            self.routes,
            lang,
            self.translators[code],
            AUTONYMS,
            _today(self.config.today),
            self.translators,
        )
        self.renderer = Renderer(make_environment(Path(self.config.theme_dir)), self.render_ctx)
        assert self.images is not None
        install_images(self.renderer.env, self.images)
        print_editions.install_publications(self.renderer.env, self.prints)
        # One 404 page per language is generated below, and one sitemap for all languages is
        # written at the end: the theme's single ones would be overwritten language after language.
        config.theme.static_templates.discard("404.html")
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def prepare(self, config: MkDocsConfig) -> None:
        """Load the content, catalogs and images now, for the build that follows: a caller that
        builds the languages in forked processes loads (and reports problems) once, before."""
        self._load(config)
        self._prepared = True

    def _load(self, config: MkDocsConfig) -> None:
        if self.cache is None:
            self.cache = BuildCache.for_project(Path(config.config_file_path).parent)
        safety.findings_cache = self.cache
        try:
            self.portal = load_portal(Path(config.docs_dir))
        except ContentError as exc:
            for problem in exc.problems:
                log.error(str(problem))
            raise PluginError(
                f"{len(exc.problems)} problem(s) in content; see the lines above"
            ) from None
        for warning in self.portal.warnings:
            log.warning(str(warning))
        self.images = self._prepare_images(config)
        self.routes = build_routes(self.portal)
        self.built = []
        # Every language's catalog, compiled once per build: a page in one language may offer
        # itself in another language's words (the root's offer of the reader's language).
        self.translators = {
            lang.code: load_translator(Path(self.config.translations_dir), lang)
            for lang in LANGUAGES
        }
        self._inputs = self._site_inputs(config)
        self.prints = self._prepare_publications(config)
        self.pages = self._page_store(config)

    def _page_store(self, config: MkDocsConfig) -> PageStore | None:
        """Pages from the cache, in a full build with a cache; the preview renders its own."""
        if self.pdfs_behind or self._inputs is None:
            return None
        assert self.cache is not None and self.prints is not None
        facts = [*(repr(pdf) for pdf in self.prints.files), *self._worked_out_facts(config)]
        return PageStore(self.cache, site_fingerprint(self._inputs, facts))

    def _site_inputs(self, config: MkDocsConfig) -> list | None:
        """The files every page and PDF depends on, read once (a full build with a cache)."""
        if self.cache is None or not self.cache.enabled or self.only_pages is not None:
            return None
        return site_inputs(
            Path(config.docs_dir),
            [Path(self.config.theme_dir), Path(self.config.translations_dir)],
            [Path(config.config_file_path)],
            self.cache,
        )

    def _worked_out_facts(self, config: MkDocsConfig) -> list[str]:
        """What pages and PDFs both show that the build works out: the day, the site's address
        and git's dates of the content."""
        assert self.portal is not None
        return [
            f"today {_today(self.config.today).isoformat()}",
            f"site {config.site_url or ''}",
            *dates_as_facts(self.portal.change_dates(), Path(config.docs_dir)),
        ]

    def _print_plan_key(self, config: MkDocsConfig) -> str | None:
        """What every PDF's HTML is made from: the site's files (data whole, front matter), the
        bodies of the pages publications print, the print inputs (templates, fonts), the day,
        the site's address and git's dates. None: no cache (every plan is made again)."""
        if self._inputs is None or self.pdfs_behind:
            return None
        assert self.portal is not None
        facts = [
            "print-plan",
            print_editions.print_inputs(Path(self.config.theme_dir), config.site_url or "/"),
            *(f"{page.src_uri}\n{page.body}" for page in printed_pages(self.portal, self.routes)),
            *self._worked_out_facts(config),
        ]
        return site_fingerprint(self._inputs, facts)

    def _prepare_publications(self, config: MkDocsConfig) -> print_editions.PrintSet:
        """The publications' PDFs in every language, laid out again only where their inputs
        changed: the pages listing them need their sizes and page counts."""
        assert self.portal is not None
        cache_dir = print_editions.cache_dir_for(Path(config.config_file_path).parent)
        if self.pdfs_behind:
            return print_editions.known_publications(self.portal, cache_dir)
        plan_key = self._print_plan_key(config)
        if plan_key is not None and self.cache is not None:
            stored = self.cache.get("print-plan", plan_key)
            reused = stored and print_editions.reuse_publications(
                self.portal, cache_dir, json.loads(stored)
            )
            if reused:
                log.info(f"publications: {len(reused.files)} PDFs, inputs unchanged")
                return reused
        try:
            prints = print_editions.prepare_publications(
                self.portal,
                self.routes,
                self.translators,
                Path(self.config.theme_dir),
                cache_dir,
                config.site_url or "/",
                _today(self.config.today),
                images=self.images,
            )
        except ContentError as exc:  # an image of a printed page that is not there
            for problem in exc.problems:
                log.error(str(problem))
            raise PluginError(f"{len(exc.problems)} problem(s) in publications") from None
        if plan_key is not None and self.cache is not None:
            self.cache.put("print-plan", plan_key, json.dumps(prints.digests).encode("utf-8"))
        made = ", ".join(prints.rebuilt) or "none (all from the cache)"
        log.info(f"publications: {len(prints.files)} PDFs, laid out: {made}")
        return prints

    def plan_publications(self, config: MkDocsConfig) -> print_editions.PrintPlan:
        """The PDFs of the content last loaded, and which of them to lay out again."""
        assert self.portal is not None
        return print_editions.plan_publications(
            self.portal,
            self.routes,
            self.translators,
            Path(self.config.theme_dir),
            print_editions.cache_dir_for(Path(config.config_file_path).parent),
            config.site_url or "/",
            _today(self.config.today),
            images=self.images,
        )

    def _prepare_images(self, config: MkDocsConfig) -> ImageSet:
        """Variants of every photograph, made once per build (the cache skips unchanged ones)."""
        assert self.portal is not None
        cache = cache_dir_for(Path(config.config_file_path).parent)
        try:
            images = prepare_images(self.portal, cache)
        except ContentError as exc:
            for problem in exc.problems:
                log.error(str(problem))
            message = f"{len(exc.problems)} problem(s) in images; see the lines above"
            raise PluginError(message) from None
        for warning in images.warnings:
            log.warning(str(warning))
        return images

    # --- files -----------------------------------------------------------------------------

    @event_priority(-110)  # after i18n's on_files, which would drop generated pages
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        lang = self._lang
        for route in self.routes.values():
            if route.item is not None:
                files.append(self._item_file(route, lang, config))
            elif route.kind == "listing-page":
                files.append(self._generated_page(route, lang, config))
            elif route.kind == "not-found":
                files.append(self._not_found_file(route, lang, config))
        # theme/seo/ holds the templates of the sitemap, robots.txt and feeds, not files to copy.
        seo_templates = (Path(self.config.theme_dir) / "seo").resolve()
        for file in list(files):
            if file.src_dir and (_resolved(file.src_dir) / file.src_uri).is_relative_to(
                seo_templates
            ):
                files.remove(file)
        self._drop_unserved_theme_files(files, config)
        self._publish_theme_bundle(files, config)
        self._drop_unpublished_content(files, config)
        self._publish_clean_originals(files, config)
        if self.only_pages is not None:
            self._keep_only(files, self.only_pages)
        return files

    def _keep_only(self, files: Files, keys: set[str]) -> None:
        """Every file left out but the pages of ``keys``; the others stay known, so links to
        them still resolve."""
        for file in files:
            keep = file.is_documentation_page() and page_key_and_lang(file.src_uri)[0] in keys
            if not keep:
                file.inclusion = InclusionLevel.EXCLUDED

    def _drop_unpublished_content(self, files: Files, config: MkDocsConfig) -> None:
        """Only the media allow-list leaves content/ as it is; ``portal check`` refused the rest."""
        docs_dir = Path(config.docs_dir)
        for file in list(files):
            if file.abs_src_path and not file.is_documentation_page():
                if not publishable(docs_dir, Path(file.abs_src_path)):
                    files.remove(file)

    def _drop_unserved_theme_files(self, files: Files, config: MkDocsConfig) -> None:
        """Theme files no page uses (Material's scripts, source maps) are not published."""
        own = Path(self.config.theme_dir).resolve()
        themes = {Path(d).resolve() for d in config.theme.dirs}
        for file in list(files):
            folder = _resolved(file.src_dir) if file.src_dir else None
            if folder in themes and not serves_theme_file(file.src_uri, folder == own):
                files.remove(file)

    def _publish_theme_bundle(self, files: Files, config: MkDocsConfig) -> None:
        """The theme's stylesheets, scripts and fonts, bundled and fingerprinted."""
        self.theme_bundle = bundle_theme(
            Path(self.config.theme_dir),
            config.extra_css,
            config.extra_javascript,
            colours=self.portal.site.colours.model_dump(),
        )
        for asset in self.theme_bundle.assets:
            files.append(File.generated(config, asset.uri, content=asset.content))

    def _publish_clean_originals(self, files: Files, config: MkDocsConfig) -> None:
        """Editors' raster files are copied without their metadata (camera, GPS position)."""
        assert self.images is not None
        for file in list(files):
            clean = self.images.clean_original(file.src_uri) if file.abs_src_path else None
            if clean is not None:
                files.remove(file)
                copy = File.generated(config, file.src_uri, abs_src_path=str(clean))
                copy.dest_uri = file.dest_uri
                files.append(copy)

    def _generated_page(self, route: Route, lang: Language, config: MkDocsConfig) -> File:
        """A page with no Markdown of its own (page 2, 3 … of a list)."""
        file = File.generated(config, route.src_uri(lang.code), content="")
        file.dest_uri = f"{route.path(lang.code)}index.html"
        return file

    def _not_found_file(self, route: Route, lang: Language, config: MkDocsConfig) -> File:
        file = File.generated(
            config, route.src_uri(lang.code), content="---\ntemplate: 404.html\n---\n"
        )
        file.dest_uri = route.path(lang.code)
        return file

    def _item_file(self, route: Route, lang: Language, config: MkDocsConfig) -> File:
        assert route.item is not None
        model = route.item.model
        shown = model.shown_in(lang.code)  # Vietnamese while the item is not yet translated
        front = yaml.safe_dump({"title": model.title[shown]}, allow_unicode=True)
        body = (model.body or {}).get(shown, "")
        file = File.generated(
            config, route.src_uri(lang.code), content=f"---\n{front}---\n\n{body}\n"
        )
        file.dest_uri = f"{route.path(lang.code)}index.html"
        return file

    # --- rendering -------------------------------------------------------------------------

    def on_env(self, env, config: MkDocsConfig, files: Files):
        assert self.render_ctx is not None and self.images is not None
        install(env, self.render_ctx)
        install_images(env, self.images)
        print_editions.install_publications(env, self.prints)
        env.globals["theme_bundle"] = self.theme_bundle
        env.autoescape = escapes_html  # MkDocs leaves it off; content must not break markup
        share_compiled_templates(env)  # set last: compiled code depends on the settings above
        cached = DictLoader({CACHED_PAGE: "{{ portal_cached_page }}"})
        env.loader = ChoiceLoader([cached, env.loader])
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files):
        """A page whose inputs are unchanged since a build that kept it is not converted nor
        rendered: its Markdown is set aside and its template prints the kept HTML."""
        if self.pages is None or "title" not in page.meta or self.render_ctx is None:
            return markdown
        route = self._route(page)
        texts = [markdown, *self._checked_against(route)]
        code = self._lang.code
        html = self.pages.lookup(page.file.src_uri, code, texts, self.render_ctx.translator.missing)
        if html is None:
            return markdown
        self._from_cache[page.file.src_uri] = html
        page.meta["template"] = CACHED_PAGE
        return ""

    def _checked_against(self, route: Route) -> list[str]:
        """The Vietnamese text a translated page is compared with (it says when it is older)."""
        sources = self.portal.pages.get(route.key, {}) if self.portal else {}
        source = sources.get(DEFAULT)
        return [source.body] if source is not None and self._lang.code != DEFAULT else []

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self._from_cache.pop(page.file.src_uri, None) is None and self.pages is not None:
            assert self.render_ctx is not None
            self.pages.keep(page.file.src_uri, output, self.render_ctx.translator.missing)
        if self.writer is not None and self.writer.previous is not None:
            data = output.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
            if self.writer.link_unchanged(Path(page.file.abs_dest_path), data):
                return ""  # the previous site's file, linked: MkDocs writes no empty page
        return output

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.renderer is not None
        if page.file.src_uri in self._from_cache:
            return html
        return self.renderer.page_content(self._route(page), html)

    def on_page_context(self, context, page: Page, config: MkDocsConfig, nav):
        assert self.portal is not None
        if page.file.src_uri in self._from_cache:
            context["portal_cached_page"] = Markup(self._from_cache[page.file.src_uri])
            return context
        route = self._route(page)
        title = (
            self.render_ctx.translator.gettext("Page not found")
            if route.kind == "not-found"
            else ""
        )
        view = page_view(route, self.portal, self.routes, self._lang, title)
        context["portal_page"] = view
        context["here"] = view.path
        return context

    # --- end of a language -----------------------------------------------------------------

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.render_ctx is not None and self.renderer is not None and self.portal is not None
        # The feed's title is a gettext string: written now, while the env speaks this language,
        # and before the check of missing strings below, which then covers the feed too.
        write_news_feed(
            self.renderer.env,
            self.portal,
            self._lang,
            config.site_url or "/",
            Path(config.site_dir),
            self.render_ctx.today,
        )
        code = self._lang.code
        missing = sorted(self.render_ctx.translator.missing)
        if missing:
            message = f"[{code}] interface strings missing from translations/{code}: " + "; ".join(
                missing
            )
            if self.config.strict_messages:
                raise PluginError(message + " — run 'portal i18n update' and translate them")
            log.warning(message)
        self.built.append(code)
        if not self.finish_later and set(_build_languages(config)) <= set(self.built):
            self.finish_site(config)

    def finish_site(self, config: MkDocsConfig) -> None:
        """Outputs that span every language, written once the last language is built."""
        assert self.portal is not None and self.renderer is not None and self.images is not None
        published = publish_images(self.images, Path(config.site_dir))
        log.info(f"images: {published} derived files in {OUTPUT_DIR}/")
        assert self.prints is not None
        print_editions.publish_publications(self.prints, Path(config.site_dir))
        write_search_engine_files(
            self.renderer.env,
            self.portal,
            self.routes,
            config.site_url or "/",
            Path(config.site_dir),
            print_editions.sitemap_entries(self.prints, config.site_url or "/"),
        )
        export_open_data(
            self.portal,
            self.routes,
            config.site_url or "/",
            Path(config.site_dir),
            self.config.today,
            [printed_dataset(self.prints, config.site_url or "/")],
        )
        indexed = build_search_index(
            Path(config.site_dir), cache=self.cache, indexed=self.search_index, writer=self.writer
        )
        log.info(f"search index: {indexed} pages")
        packed = precompress_site(
            Path(config.site_dir),
            done=self.compressed_elsewhere,
            cache=self.cache,
            writer=self.writer,
            done_files=self.compressed_files,
        )
        log.info(
            f"precompressed: {packed.files} .gz files"
            + (" (and the languages built in parallel)" if self.compressed_elsewhere else "")
            + ", "
            f"{packed.original_bytes // 1024} KiB → {packed.compressed_bytes // 1024} KiB"
        )
        if self.cache is not None:
            self.cache.flush()

    # --- helpers ---------------------------------------------------------------------------

    @property
    def _lang(self) -> Language:
        assert self.render_ctx is not None
        return self.render_ctx.lang

    def _route(self, page: Page) -> Route:
        key, _ = page_key_and_lang(page.file.src_uri)
        return self.routes[key]


@functools.lru_cache(maxsize=64)
def _resolved(folder: str) -> Path:
    """``folder`` resolved, once per folder (files share a few folders, and resolving asks the
    file system about every part of the path)."""
    return Path(folder).resolve()


def _use_portal_markdown(config: MkDocsConfig) -> None:
    """Pages are converted with the portal's Markdown set-up, the one the content check and the
    sanitizer know; an extension added in mkdocs.yml would escape both, so it is refused."""
    refused = markdown_setup.refused_extensions(
        Path(config.config_file_path), config.markdown_extensions
    )
    if refused is not None:
        raise PluginError(str(refused))
    config.markdown_extensions = list(markdown_setup.EXTENSIONS)
    config.mdx_configs = {name: dict(values) for name, values in markdown_setup.CONFIGS.items()}


def _current_language(config: MkDocsConfig) -> str:
    """The language of this run, as mkdocs-static-i18n chose it (the only place we ask it)."""
    i18n = config.plugins.get("i18n")
    code = getattr(i18n, "current_language", None) if i18n else None
    if code not in CODES:
        raise PluginError(
            "the doingoai plugin needs the i18n plugin (mkdocs-static-i18n) configured first"
        )
    return code


def _build_languages(config: MkDocsConfig) -> list[str]:
    return list(config.plugins.get("i18n").build_languages)


def _first_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return i18n.default_language


def _today(pinned: str | None) -> dt.date:
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()
