"""Decap CMS's ``config.yml`` from the loaded portal: collections, languages, backend.

One collection per kind of item (``content/data/<kind>/<slug>.yml``, every six-language text an
object of six inputs, as the YAML stores it), one per folder of pages and one for ``site.yml``.
Pages are one file per language (``getting-here.vi.md``, ``getting-here.en.md`` …), which is
exactly Decap's i18n structure ``multiple_files``: the title, description, sources and body are
edited per language; the fields that say what the page is (template, listing, blocks) are edited
in the Vietnamese file, the one the portal reads them from. Decap's ``i18n: duplicate`` is not
used: it writes those fields into every language's file, as ``null`` where they were left empty,
and so writes a file for every language, translated or not.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from pydantic import BaseModel

from generator.cms.widgets import field_widget, model_fields
from generator.cms.words import Words
from generator.content.models import ITEM_TYPES, Site
from generator.content.pages import PageMeta
from generator.content.portal import Portal
from generator.i18n.languages import CODES, DEFAULT

GIT_HOSTS = ("github", "gitlab", "gitea")
"""Decap's backends that commit through a git host's API (production editing)."""

LOCAL_HOST = "127.0.0.1"

DEFAULT_API_ROOTS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}
"""Decap's API address of each public git host (a Gitea is always self-hosted: --api-root)."""

ADMIN_CSP = (
    "default-src 'self'",
    # Decap validates its configuration with ajv, which compiles validators with new Function()
    "script-src 'self' 'unsafe-eval'",
    # its interface is styled by emotion, which writes <style> elements and style attributes
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
"""The Content-Security-Policy of ``/admin/`` without ``connect-src``: looser than the public
site's (``deploy/nginx/``), which is one reason the editor is not served with the public site."""

PAGE_FIELDS_PER_LANGUAGE = frozenset(
    {"title", "description", "sources", "updated", "translation", "body"}
)
"""Front-matter fields that differ between a page's language files; the others are written in
the Vietnamese file only (the portal reads a page's listing, blocks and page size from it)."""

SLUG_RULES = {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"}
"""File names as the loader wants them (lowercase ASCII words joined by hyphens)."""


@dataclass(frozen=True)
class Backend:
    """Where the editor reads and writes the repository.

    Attributes:
        name: ``local`` (``decap-server`` on 127.0.0.1 writing to the working tree) or a git
            host of :data:`GIT_HOSTS`.
        repo: ``owner/name`` on the git host.
        branch: the branch editors commit to.
        base_url: the git host's address when self-hosted (GitLab, Gitea), for sign-in.
        api_root: its API's address when self-hosted.
        local_port: the port of ``decap-server`` on 127.0.0.1.
        app_id: the OAuth application's id on a GitLab or Gitea (sign-in with PKCE, no
            server of ours in between).
    """

    name: str = "local"
    repo: str | None = None
    branch: str = "main"
    base_url: str | None = None
    api_root: str | None = None
    local_port: int = 8081
    app_id: str | None = None

    @property
    def local_url(self) -> str:
        return f"http://{LOCAL_HOST}:{self.local_port}/api/v1"

    def api_origins(self) -> list[str]:
        """The origins the editor's page talks to besides its own: the backend's API and, for
        a git host, where editors sign in."""
        if self.name == "local":
            return [f"http://{LOCAL_HOST}:{self.local_port}"]
        found = [self.api_root or DEFAULT_API_ROOTS[self.name], self.base_url]
        return [_origin(url) for url in found if url]

    def settings(self) -> dict:
        """``backend:`` and, for local editing, ``local_backend:`` of ``config.yml``."""
        if self.name == "local":
            backend = {"name": "proxy", "proxy_url": self.local_url, "branch": self.branch}
            local = {"url": self.local_url, "allowed_hosts": [LOCAL_HOST, "localhost"]}
            return {"backend": backend, "local_backend": local}
        if self.name not in GIT_HOSTS or not self.repo:
            raise ValueError(
                f"backend '{self.name}' needs a repository — give --repo owner/name with "
                f"--backend {' or '.join(GIT_HOSTS)}, or use --backend local"
            )
        backend = {"name": self.name, "repo": self.repo, "branch": self.branch}
        if self.base_url:
            backend["base_url"] = self.base_url
        if self.api_root:
            backend["api_root"] = self.api_root
        if self.app_id:
            backend["app_id"] = self.app_id
            if self.name == "gitlab":
                backend["auth_type"] = "pkce"
        return {"backend": backend}


def admin_csp(backend: Backend) -> str:
    """The ``Content-Security-Policy`` header value for the editor's folder."""
    connect = " ".join(["connect-src 'self'", *backend.api_origins()])
    return "; ".join([*ADMIN_CSP, connect])


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def cms_config(
    portal: Portal, content_dir: PurePosixPath, backend: Backend, words: Words | None = None
) -> dict:
    """The whole ``config.yml``.

    Args:
        portal: the loaded content (its pages give the folders and the collections' names).
        content_dir: the content folder relative to the repository's root (``content``), as
            the backend resolves paths.
        backend: where entries are read and saved.
        words: the labels and hints in the editor's language [default: Vietnamese]; Decap's
            own interface speaks the same language.
    """
    words = words or Words()
    return {
        **backend.settings(),
        "locale": words.lang,
        "media_folder": str(content_dir / "media"),
        "public_folder": "media",
        "slug": SLUG_RULES,
        "i18n": {"structure": "multiple_files", "locales": list(CODES), "default_locale": DEFAULT},
        "collections": [
            site_collection(portal, content_dir, words),
            *item_collections(portal, content_dir, words),
            *page_collections(portal, content_dir, words),
        ],
    }


def site_collection(portal: Portal, content_dir: PurePosixPath, words: Words) -> dict:
    """``site.yml``: the province, menu, doors, figures and masthead."""
    return {
        "name": "site",
        "label": portal.site.province.get(words.lang) or portal.site.province[DEFAULT],
        "files": [
            {
                "name": "site",
                "label": words.collection("site"),
                "file": str(content_dir / "site.yml"),
                "fields": model_fields(Site, words),
            }
        ],
    }


def item_collections(portal: Portal, content_dir: PurePosixPath, words: Words) -> list[dict]:
    """One folder collection per kind of item, named as the loader names the kind and labelled
    by the title of the page listing it."""
    return [
        {
            "name": kind,
            "label": _listing_title(portal, kind, words.lang) or words.kind(kind),
            "label_singular": words.kind(kind),
            "folder": str(content_dir / "data" / kind),
            "extension": "yml",
            "format": "yml",
            "create": True,
            "identifier_field": f"title.{DEFAULT}",
            "slug": f"{{{{fields.title.{DEFAULT}}}}}",
            "summary": f"{{{{title.{DEFAULT}}}}}",
            "fields": _translations_may_wait(model, model_fields(model, words), words),
        }
        for kind, model in ITEM_TYPES.items()
    ]


def _translations_may_wait(model: type[BaseModel], fields: list[dict], words: Words) -> list[dict]:
    """In a model whose items may declare languages not yet translated (``untranslated:``),
    only the Vietnamese of a required text is required in the editor: Decap cannot make the
    other languages depend on that list, and ``portal check`` holds each language not listed
    to its text."""
    if "untranslated" not in model.model_fields:
        return fields
    for widget in _walk(fields):
        inputs = widget.get("fields", [])
        if [f["name"] for f in inputs] == list(CODES) and inputs[0].get("required"):
            for entry in inputs[1:]:
                entry["required"] = False
            widget["hint"] = words.type_hint("untranslated")
    return fields


def _walk(fields: list[dict]):
    """Every widget of ``fields`` and of the objects and lists inside them."""
    for widget in fields:
        yield widget
        yield from _walk(widget.get("fields", []))
        if "field" in widget:
            yield from _walk([widget["field"]])


def page_collections(portal: Portal, content_dir: PurePosixPath, words: Words) -> list[dict]:
    """One collection per folder of pages (the content folder's own pages included)."""
    folders = sorted({posixpath.dirname(key) for key in portal.pages})
    return [_page_folder(portal, content_dir, folder, words) for folder in folders]


def page_fields(words: Words) -> list[dict]:
    """The front matter of :class:`~generator.content.pages.PageMeta` and the body."""
    fields = []
    for name, info in PageMeta.model_fields.items():
        # no defaults: Decap would write them into the file of every language, translated or not
        widget = field_widget(name, info, PageMeta.__name__, words, defaults=False)
        if name in PAGE_FIELDS_PER_LANGUAGE or widget["widget"] == "list":
            widget["i18n"] = True
        fields.append(widget)
    body = {"name": "body", "label": words.label(PageMeta.__name__, "body")}
    fields.append({**body, "hint": words.hint("", "body"), "widget": "markdown", "i18n": True})
    return fields


def _page_folder(portal: Portal, content_dir: PurePosixPath, folder: str, words: Words) -> dict:
    index = posixpath.join(folder, "index")
    return {
        "name": "-".join(["pages", *PurePosixPath(folder).parts]),
        "label": _page_title(portal, index, words.lang) or words.collection("pages"),
        "folder": str(content_dir / folder),
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "i18n": True,
        "identifier_field": "title",
        "fields": page_fields(words),
    }


def _page_title(portal: Portal, key: str, lang: str) -> str | None:
    """The page's title in ``lang``, else in Vietnamese."""
    versions = portal.pages.get(key, {})
    page = versions.get(lang) or versions.get(DEFAULT)
    return page.meta.title if page else None


def _listing_title(portal: Portal, kind: str, lang: str) -> str | None:
    key = portal.listing_pages.get(kind)
    return _page_title(portal, key, lang) if key else None
