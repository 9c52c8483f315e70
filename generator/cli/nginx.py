"""``portal nginx-config``: the nginx server block of the site, or of the editors' server."""

from __future__ import annotations

from pathlib import Path

import click

from generator.i18n.tool import tr


@click.command("nginx-config")
@click.option(
    "--root",
    help="The folder nginx serves: where the built site is deployed "
    "[default: /var/www/doingoai/site; with --editor, the folder holding admin/: "
    "/var/www/doingoai/editor].",
)
@click.option("--server-name", help="[default: doingoai.example.org, editor.doingoai.example.org]")
@click.option("--tls-cert", type=click.Path(dir_okay=False), help="Certificate chain (PEM).")
@click.option("--tls-key", type=click.Path(dir_okay=False), help="Its private key (PEM).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
@click.option(
    "--editor",
    is_flag=True,
    help="The editors' server instead: the web editor (portal cms) at /admin/ under its own "
    "Content-Security-Policy, on an internal address (see docs/web-editor.md).",
)
@click.option(
    "--backend",
    type=click.Choice(["github", "gitlab", "gitea"]),
    default="github",
    show_default=True,
    help="With --editor: the git host the editor talks to, as given to portal cms.",
)
@click.option("--base-url", help="With --editor: a self-hosted git host's address.")
@click.option("--api-root", help="With --editor: a self-hosted git host's API address.")
@click.option(
    "--listen",
    multiple=True,
    default=("127.0.0.1",),
    show_default=True,
    help="With --editor: an address to listen on (repeat for several): the agency's network.",
)
@click.option("--port", type=int, default=8443, show_default=True, help="With --editor.")
@click.option(
    "--allow", multiple=True, help="With --editor: a network (CIDR) let in; others get 403."
)
@click.option(
    "--htpasswd",
    help="With --editor: a password file (htpasswd -B) asked before the editor (basic auth).",
)
def nginx_config(
    root: str | None,
    server_name: str | None,
    tls_cert: str | None,
    tls_key: str | None,
    output: str | None,
    editor: bool,
    backend: str,
    base_url: str | None,
    api_root: str | None,
    listen: tuple[str, ...],
    port: int,
    allow: tuple[str, ...],
    htpasswd: str | None,
) -> None:
    """Print the nginx server block of the site: strict CSP and security headers, caching,
    precompressed files, each language's 404 page. With --tls-cert and --tls-key: HTTPS, HSTS
    and a redirect from HTTP. With --editor: the editors' server block instead."""
    from generator.nginx import (
        EditorOptions,
        ServerOptions,
        render_editor_block,
        render_server_block,
    )

    try:
        if editor:
            text = render_editor_block(
                EditorOptions(
                    root=root or EditorOptions.root,
                    server_name=server_name or EditorOptions.server_name,
                    csp=_editor_csp(backend, base_url, api_root),
                    addresses=listen,
                    port=port,
                    allow=allow,
                    htpasswd=htpasswd,
                    tls_cert=tls_cert,
                    tls_key=tls_key,
                )
            )
        else:
            options = ServerOptions(
                root=root or ServerOptions.root,
                server_name=server_name or ServerOptions.server_name,
                tls_cert=tls_cert,
                tls_key=tls_key,
            )
            text = render_server_block(options)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(
            tr("wrote {path}; check it with 'nginx -t' before reloading nginx", path=output),
            err=True,
        )
    else:
        click.echo(text, nl=False)


def _editor_csp(backend: str, base_url: str | None, api_root: str | None) -> str:
    """The policy ``portal cms`` prints for the same git host."""
    from generator.cms.config import Backend, admin_csp

    return admin_csp(Backend(backend, "-", base_url=base_url, api_root=api_root))
