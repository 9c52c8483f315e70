"""``portal nginx-config``: the nginx server block of the site."""

from __future__ import annotations

from pathlib import Path

import click

from generator.i18n.tool import tr


@click.command("nginx-config")
@click.option(
    "--root",
    default="/var/www/doingoai/site",
    show_default=True,
    help="The folder nginx serves: where the built site is deployed.",
)
@click.option("--server-name", default="doingoai.example.org", show_default=True)
@click.option("--tls-cert", type=click.Path(dir_okay=False), help="Certificate chain (PEM).")
@click.option("--tls-key", type=click.Path(dir_okay=False), help="Its private key (PEM).")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout."
)
def nginx_config(
    root: str, server_name: str, tls_cert: str | None, tls_key: str | None, output: str | None
) -> None:
    """Print the nginx server block of the site: strict CSP and security headers, caching,
    precompressed files, each language's 404 page. With --tls-cert and --tls-key: HTTPS, HSTS
    and a redirect from HTTP."""
    from generator.nginx import ServerOptions, render_server_block

    options = ServerOptions(root=root, server_name=server_name, tls_cert=tls_cert, tls_key=tls_key)
    try:
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
