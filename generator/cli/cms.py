"""``portal cms``: the web editor (Decap CMS) configured from the content models."""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

import click

from generator.cli.common import (
    as_given,
    content_folder,
    content_option,
    load_content_or_exit,
    plugin_options,
    project_config,
)
from generator.i18n.tool import tr

DEFAULT_OUT = Path(".cache") / "cms" / "admin"


@click.command()
@content_option
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False),
    default=str(DEFAULT_OUT),
    show_default=True,
    help="The folder served as /admin/ (replaced). Not part of the public site unless you "
    "put it there.",
)
@click.option(
    "--backend",
    type=click.Choice(["local", "github", "gitlab", "gitea"]),
    default="local",
    show_default=True,
    help="local: decap-server on 127.0.0.1 writes to this working tree; a git host: editors "
    "sign in and commit through its API.",
)
@click.option("--repo", help="owner/name on the git host (with --backend github|gitlab|gitea).")
@click.option("--branch", default="main", show_default=True, help="The branch editors commit to.")
@click.option("--base-url", help="A self-hosted git host's address (GitLab, Gitea).")
@click.option("--api-root", help="A self-hosted git host's API address.")
@click.option("--app-id", help="The OAuth application's id on GitLab or Gitea (PKCE sign-in).")
@click.option(
    "--local-port", type=int, default=8081, show_default=True, help="decap-server's port."
)
@click.option(
    "--lang",
    "editor_lang",
    type=click.Choice(["vi", "en"]),
    default="vi",
    show_default=True,
    help="The editor's language: labels, hints and Decap's own interface (the 'cms' "
    "catalogs of translations/).",
)
@click.pass_context
def cms(
    ctx: click.Context,
    content_dir: str | None,
    out: str,
    backend: str,
    repo: str | None,
    branch: str,
    base_url: str | None,
    api_root: str | None,
    app_id: str | None,
    local_port: int,
    editor_lang: str,
) -> None:
    """Write the web editor: Decap CMS's config.yml from the content models and site.yml, its
    page and files (from node_modules, never a CDN) and the portal's stylesheet for previews.

    For local editing run decap-server in the project (PORT=8081 BIND_HOST=127.0.0.1
    npx decap-server) and serve the folder above --out, then open /admin/.
    """
    from generator.cms.admin import AdminPage, DecapMissing, check_out, find_decap, write_admin
    from generator.cms.config import Backend, admin_csp, cms_config
    from generator.cms.words import Words
    from generator.i18n.languages import DEFAULT

    config = project_config(ctx)
    options = plugin_options(config)
    content = content_folder(ctx, content_dir)
    portal = load_content_or_exit(content)
    project_dir = Path(config.config_file_path).parent
    settings = Backend(backend, repo, branch, base_url, api_root, local_port, app_id)
    words = Words(editor_lang)
    try:
        check_out(Path(out), project_dir, content)
        decap = find_decap(project_dir, Path.cwd())
        decap_config = cms_config(portal, _repository_path(content, project_dir), settings, words)
    except (DecapMissing, ValueError) as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    page = AdminPage(
        title=portal.site.province.get(editor_lang) or portal.site.province[DEFAULT],
        theme_dir=Path(options.theme_dir),
        stylesheets=tuple(str(path) for path in config.extra_css),
        lang=editor_lang,
        phrases=words.decap_phrases(),
    )
    written = write_admin(Path(out), decap_config, page, decap)
    collections = len(decap_config["collections"])
    click.echo(
        tr(
            "wrote {folder}/ ({files} files, {collections} collections, backend {backend}); "
            "serve it as /admin/ with the header\nContent-Security-Policy: {csp}",
            folder=as_given(Path(out)),
            files=len(written),
            collections=collections,
            backend=settings.name,
            csp=admin_csp(settings),
        ),
        err=True,
    )


def _repository_path(content: Path, project_dir: Path) -> PurePosixPath:
    """The content folder as the backend names it: relative to the repository (the project)."""
    absolute = content.resolve()
    try:
        return PurePosixPath(absolute.relative_to(project_dir.resolve()).as_posix())
    except ValueError:
        raise ValueError(
            f"{content}: the content folder is outside the project {project_dir} — the editor "
            "writes paths relative to the repository"
        ) from None
