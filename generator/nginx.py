"""The nginx server block of the portal, rendered from ``deploy/nginx/doingoai.conf.j2``.

The template holds the policy (headers, caching, 404 pages); this module only fills in what
differs between servers — where the site is, its name, its certificate — and the language
prefixes, taken from :mod:`generator.i18n.languages` so that a seventh language gets its 404 page
without anyone editing the template. ``deploy/nginx/doingoai.conf`` is the rendering with the
defaults below, committed as an example an operator can use as it is.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from generator.i18n.languages import LANGUAGES
from generator.theme_bundle import head_script_hash

DEPLOY_DIR = Path(__file__).resolve().parent.parent / "deploy" / "nginx"
TEMPLATE = "doingoai.conf.j2"
EXAMPLE = DEPLOY_DIR / "doingoai.conf"

# Features no page uses, refused to the page and to anything it might embed.
PERMISSIONS = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)
HSTS_SECONDS = 31_536_000  # one year; Mozilla's Observatory asks for at least six months

_ONE_WORD = re.compile(r"""[^\s;{}"'#$\\]+""")
"""One word of an nginx directive: nothing that ends it (``;``, braces, a line break), quotes it,
makes the rest a comment (``#``) or a variable (``$``)."""


@dataclass(frozen=True)
class ServerOptions:
    """What one nginx server of the portal needs to know.

    Args:
        root: the folder of the built site (``portal build --site-dir``).
        server_name: the host name(s) nginx answers for.
        tls_cert: the certificate chain; with ``tls_key``, turns on HTTPS, HSTS and the redirect.
        tls_key: the certificate's private key.
        addresses: the addresses nginx listens on (IPv4 and IPv6 wildcards by default).
        http_port: the port of plain HTTP (a redirect only, when TLS is on).
        https_port: the port of HTTPS.
    """

    root: str = "/var/www/doingoai/site"
    server_name: str = "doingoai.example.org"
    tls_cert: str | None = None
    tls_key: str | None = None
    addresses: tuple[str, ...] = ("0.0.0.0", "[::]")
    http_port: int = 80
    https_port: int = 443

    @property
    def tls(self) -> bool:
        return self.tls_cert is not None and self.tls_key is not None


def render_server_block(options: ServerOptions | None = None) -> str:
    """The server block(s) for ``options`` (the committed example's values when omitted).

    Raises:
        ValueError: when only one of the certificate and its key is given.
    """
    options = options or ServerOptions()
    _refuse_half_tls(options)
    _refuse_other_words({**_site_words(options), "listen": options.addresses})
    return _template(TEMPLATE).render(
        root=options.root,
        server_name=options.server_name,
        tls=options.tls,
        tls_cert=options.tls_cert,
        tls_key=options.tls_key,
        addresses=options.addresses,
        http_port=options.http_port,
        https_port=options.https_port,
        languages=[lang.code for lang in LANGUAGES if not lang.is_default],
        permissions=PERMISSIONS,
        head_script=head_script_hash(),
        hsts_seconds=HSTS_SECONDS,
    )


EDITOR_TEMPLATE = "editor.conf.j2"


@dataclass(frozen=True)
class EditorOptions:
    """The editors' server: the web editor of ``portal cms`` at ``/admin/`` and nothing else.

    Args:
        root: the folder holding ``admin/`` (``portal cms --out <root>/admin``).
        server_name: the host name(s) nginx answers for.
        csp: the editor's Content-Security-Policy (:func:`generator.cms.config.admin_csp`).
        addresses: the addresses it listens on: the agency's network, never a wildcard by
            default (127.0.0.1 behind a tunnel).
        port: the port it listens on.
        allow: networks (CIDR) allowed in; every other address is refused (403).
        htpasswd: a password file (``htpasswd -B``) asked before the page (basic auth).
        tls_cert: the certificate chain; with ``tls_key``, HTTPS and HSTS.
        tls_key: the certificate's private key.
    """

    root: str = "/var/www/doingoai/editor"
    server_name: str = "editor.doingoai.example.org"
    csp: str = ""
    addresses: tuple[str, ...] = ("127.0.0.1",)
    port: int = 8443
    allow: tuple[str, ...] = ()
    htpasswd: str | None = None
    tls_cert: str | None = None
    tls_key: str | None = None


def render_editor_block(options: EditorOptions) -> str:
    """The editors' server block for ``options``.

    Raises:
        ValueError: when only one of the certificate and its key is given, or without a policy.
    """
    _refuse_half_tls(options)
    if not options.csp:
        raise ValueError("the editor's server needs its Content-Security-Policy")
    _refuse_other_words(
        {
            **_site_words(options),
            "--htpasswd": [options.htpasswd or "-"],
            "--listen": options.addresses,
            "--allow": options.allow,
        }
    )
    for network in options.allow:
        _refuse_other_than_a_network(network)
    return _template(EDITOR_TEMPLATE).render(
        root=options.root.rstrip("/"),
        server_name=options.server_name,
        csp=options.csp,
        addresses=options.addresses,
        port=options.port,
        allow=options.allow,
        htpasswd=options.htpasswd,
        realm="doingoai editors",
        tls=options.tls_cert is not None,
        tls_cert=options.tls_cert,
        tls_key=options.tls_key,
        hsts_seconds=HSTS_SECONDS,
    )


def _template(name: str) -> Template:
    """A template of ``deploy/nginx/`` (nginx configuration, not HTML: nothing escaped)."""
    env = Environment(
        loader=FileSystemLoader(DEPLOY_DIR),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env.get_template(name)


def _refuse_half_tls(options: ServerOptions | EditorOptions) -> None:
    """A certificate without its key, or a key without its certificate, is a mistake.

    Raises:
        ValueError: when only one of the two is given.
    """
    if (options.tls_cert is None) != (options.tls_key is None):
        raise ValueError("TLS needs both --tls-cert and --tls-key")


def _site_words(options: ServerOptions | EditorOptions) -> dict[str, list[str]]:
    """What every server takes from the operator into its directives, by the option that gave
    it: the folder served, the host names and the certificate (``-`` where none is given)."""
    return {
        "--root": [options.root],
        "--server-name": options.server_name.split(" "),
        "--tls-cert": [options.tls_cert or "-"],
        "--tls-key": [options.tls_key or "-"],
    }


def _refuse_other_words(values: dict[str, Iterable[str]]) -> None:
    """Refuse a value nginx would read as more than one word of its directive.

    Raises:
        ValueError: naming the option and the value.
    """
    for option, words in values.items():
        for word in words:
            if not _ONE_WORD.fullmatch(word):
                raise ValueError(
                    f"{option} {word!r}: not one value of nginx's configuration — leave out "
                    "spaces, line breaks and ; { } \" ' # $ \\ (repeat the option for several)"
                )


def _refuse_other_than_a_network(network: str) -> None:
    """``--allow`` lets in the addresses of one network, never every address (``allow all``)."""
    try:
        ipaddress.ip_network(network, strict=False)
    except ValueError:
        raise ValueError(
            f"--allow {network!r}: not a network — give an address or a network in CIDR "
            "form, e.g. 10.0.0.0/8 (without --allow, "
            "every address may ask)"
        ) from None
