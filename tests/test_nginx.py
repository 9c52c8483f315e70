"""Debian's nginx serving the shipped portal with the server block of deploy/nginx, for real.

One nginx runs on 127.0.0.1 with its own prefix, pid, temporary folders and error log: a plain
HTTP server, and a TLS pair (an HTTP server that only redirects, an HTTPS server with a
certificate made here by openssl). Real requests check the headers, caching, precompressed files
and each language's 404 page; Chromium loads the pages under the Content-Security-Policy.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import html as lxml_html

from generator.compress import COMPRESSIBLE, gzip_bytes, precompress_site
from generator.i18n.languages import LANGUAGES
from generator.nginx import EXAMPLE, ServerOptions, render_server_block
from generator.theme_assets import serves_theme_file

from browser import browser_page, settled

NGINX = "/usr/sbin/nginx"
SHORT = "public, max-age=300, must-revalidate"
FOREVER = "public, max-age=31536000, immutable"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
PAGE_404_MESSAGE = "Failed to load resource: the server responded with a status of 404 (Not Found)"
SIX_MONTHS = 15_552_000  # the Observatory's threshold for HSTS


# --- an nginx of our own -------------------------------------------------------------------


@dataclass(frozen=True)
class Servers:
    """The bases of the three servers and the site they serve."""

    plain: str  # http://127.0.0.1:<port>/, no TLS, no HSTS
    redirect: str  # http://… of the TLS pair: only redirects
    https: str  # https://… with HSTS
    site: Path
    ca: Path  # the self-signed certificate, to trust it


@dataclass(frozen=True)
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    def header(self, name: str) -> str | None:
        return self.headers.get(name)


def fetch(url: str, ca: Path | None = None, **headers: str) -> Response:
    """One GET, redirects not followed, the body as sent (not decompressed)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        context = ssl.create_default_context(cafile=str(ca))
        conn: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port, context=context, timeout=30
        )
    else:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        conn.request("GET", target, headers=headers)
        answer = conn.getresponse()
        return Response(answer.status, answer.headers, answer.read())
    finally:
        conn.close()


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
        + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def _main_config(prefix: Path, includes: list[Path]) -> str:
    """A main nginx.conf like Debian's, writing only under ``prefix``."""
    temp = prefix / "temp"
    lines = [
        # As root, nginx's workers would run as 'nobody', who cannot read pytest's 0700 folders.
        "user root;" if os.geteuid() == 0 else "",
        f"pid {prefix / 'nginx.pid'};",
        f"error_log {prefix / 'error.log'} warn;",
        "worker_processes 1;",
        "events { worker_connections 64; }",
        "http {",
        "    include /etc/nginx/mime.types;",
        "    default_type application/octet-stream;",
        "    access_log off;",
        *(
            f"    {name}_temp_path {temp / name};"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        ),
        *(f"    include {path};" for path in includes),
        "}",
    ]
    return "\n".join(lines) + "\n"


def _wait_until_listening(process: subprocess.Popen, ports: list[int], log: Path) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped: {log.read_text() if log.exists() else ''}")
        try:
            for port in ports:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nginx does not answer: {log.read_text() if log.exists() else ''}")


@contextlib.contextmanager
def running_nginx(prefix: Path, site: Path) -> Iterator[Servers]:
    """nginx on three free ports of 127.0.0.1 serving ``site``."""
    (prefix / "temp").mkdir(parents=True)
    cert, key = _self_signed(prefix)
    plain, redirect, https = _free_ports(3)
    local = {"root": str(site), "server_name": "127.0.0.1", "addresses": ("127.0.0.1",)}
    blocks = {
        "plain.conf": ServerOptions(**local, http_port=plain),
        "tls.conf": ServerOptions(
            **local, tls_cert=str(cert), tls_key=str(key), http_port=redirect, https_port=https
        ),
    }
    texts = {name: render_server_block(options) for name, options in blocks.items()}
    with nginx_serving(prefix, texts, [plain, redirect, https]):
        yield Servers(
            f"http://127.0.0.1:{plain}/",
            f"http://127.0.0.1:{redirect}/",
            f"https://127.0.0.1:{https}/",
            site,
            cert,
        )


@contextlib.contextmanager
def nginx_serving(prefix: Path, blocks: dict[str, str], ports: list[int]) -> Iterator[None]:
    """nginx running the server ``blocks`` (file name → rendered text) under ``prefix`` until
    the block ends, once it answers on every one of ``ports``."""
    for name, text in blocks.items():
        (prefix / name).write_text(text, encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(_main_config(prefix, [prefix / name for name in blocks]), encoding="utf-8")
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_listening(process, ports, prefix / "error.log")
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def served(shipped_site: Path, tmp_path_factory) -> Iterator[Servers]:
    """The shipped site (hard-linked, plus a deploy manifest in .deploy/) behind nginx."""
    work = tmp_path_factory.mktemp("nginx")
    site = work / "site"
    shutil.copytree(shipped_site, site, copy_function=os.link)
    (site / ".deploy").mkdir()
    (site / ".deploy" / "x.json").write_text('{"files": []}\n', encoding="utf-8")
    with running_nginx(work / "nginx", site) as servers:
        yield servers


def _first(site: Path, pattern: str) -> str:
    """The site-relative path of the first file matching ``pattern`` (sorted)."""
    found = sorted(site.glob(pattern))
    assert found, f"no {pattern} in the built site"
    return found[0].relative_to(site).as_posix()


def _samples(site: Path) -> dict[str, tuple[str, str]]:
    """Kinds of response → (path, expected Cache-Control)."""
    return {
        "html": ("en/", SHORT),
        "css": (_first(site, "assets/stylesheets/portal.*.min.css"), FOREVER),
        "script": (_first(site, "assets/javascripts/portal.*.min.js"), FOREVER),
        "font": (_first(site, "assets/fonts/*.woff2"), FOREVER),
        "favicon": ("assets/images/favicon.svg", SHORT),
        "image": (_first(site, "media/_img/*.webp"), FOREVER),
        "pagefind-chunk": (_first(site, "pagefind/fragment/*.pf_fragment"), FOREVER),
        "404": ("en/no-such-page/", SHORT),
    }


def _csp(response: Response) -> dict[str, list[str]]:
    policy = response.header("Content-Security-Policy") or ""
    directives = [part.split() for part in policy.split(";") if part.strip()]
    return {words[0]: words[1:] for words in directives}


# --- the committed example ------------------------------------------------------------------


def test_the_committed_example_is_the_rendering():
    """deploy/nginx/doingoai.conf is what `portal nginx-config` prints: no drift."""
    assert EXAMPLE.read_text(encoding="utf-8") == render_server_block(), (
        "run: portal nginx-config -o deploy/nginx/doingoai.conf"
    )


def test_nginx_accepts_the_committed_example(tmp_path):
    conf = tmp_path / "nginx.conf"
    conf.write_text(_main_config(tmp_path, [EXAMPLE]), encoding="utf-8")
    (tmp_path / "temp").mkdir()
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_a_certificate_without_its_key_is_refused():
    with pytest.raises(ValueError, match="--tls-key"):
        render_server_block(ServerOptions(tls_cert="/etc/ssl/cert.pem"))


# --- headers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["html", "css", "script", "font", "favicon", "image", "pagefind-chunk", "404"]
)
@pytest.mark.parametrize("server", ["plain", "https"])
def test_every_response_carries_the_security_headers_and_its_cache(served, server, kind):
    path, cache = _samples(served.site)[kind]
    response = fetch(getattr(served, server) + path, ca=served.ca)
    assert response.status == (404 if kind == "404" else 200), path
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_all(name) == [value], (path, name)
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "camera=()" in (response.header("Permissions-Policy") or "")
    assert response.header("Cache-Control") == cache, path
    hsts = response.headers.get_all("Strict-Transport-Security") or []
    assert hsts == (["max-age=31536000"] if server == "https" else []), path


def test_plain_http_of_the_tls_server_redirects_to_https(served):
    response = fetch(served.redirect + "en/about/?x=1")
    assert response.status == 301
    assert response.header("Location") == served.https + "en/about/?x=1"
    assert response.header("Strict-Transport-Security") is None


# --- Mozilla HTTP Observatory ---------------------------------------------------------------
# The rules of https://github.com/mdn/mdn-http-observatory (src/analyzer/tests/*.js) that the
# header set must pass for A+: every test passed with no penalty, bonuses for Referrer-Policy
# and for frame-ancestors. 'wasm-unsafe-eval' is not 'unsafe-eval' to the Observatory (csp.js
# checks the exact token).


def _csp_no_unsafe(home: Response) -> bool:
    csp = _csp(home)
    script = csp.get("script-src", csp["default-src"])
    style = csp.get("style-src", csp["default-src"])
    unsafe = {"'unsafe-inline'", "'unsafe-eval'", "data:", "*", "http:", "https:"}
    return not (unsafe & set(script)) and not (unsafe & set(style))


OBSERVATORY_RULES = {
    "csp-implemented-with-no-unsafe": _csp_no_unsafe,
    "csp-object-src-none": lambda r: _csp(r)["object-src"] == ["'none'"],
    "csp-base-uri-self": lambda r: _csp(r)["base-uri"] == ["'self'"],
    "csp-form-action-self": lambda r: _csp(r)["form-action"] == ["'self'"],
    "x-frame-options-implemented-via-csp": lambda r: _csp(r)["frame-ancestors"] == ["'none'"],
    "x-frame-options-sameorigin-or-deny": lambda r: r.header("X-Frame-Options") == "DENY",
    "hsts-implemented-max-age-at-least-six-months": lambda r: (
        int(re.fullmatch(r"max-age=(\d+)", r.header("Strict-Transport-Security")).group(1))
        >= SIX_MONTHS
    ),
    "x-content-type-options-nosniff": lambda r: r.header("X-Content-Type-Options") == "nosniff",
    "referrer-policy-private": lambda r: (
        r.header("Referrer-Policy")
        in {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    ),
    "cookies-not-found": lambda r: r.header("Set-Cookie") is None,
    "cross-origin-resource-sharing-not-implemented": lambda r: (
        r.header("Access-Control-Allow-Origin") is None
    ),
    # Every <script src> is a same-origin relative path: SRI is not needed for A+.
    "sri-not-implemented-but-all-scripts-loaded-from-secure-origin": lambda r: all(
        not urlsplit(src).scheme and not src.startswith("//")
        for src in lxml_html.fromstring(gzip.decompress(r.body)).xpath("//script/@src")
    ),
}


@pytest.mark.parametrize("rule", sorted(OBSERVATORY_RULES))
def test_the_home_page_passes_the_observatory_rule(served, rule):
    home = fetch(served.https, ca=served.ca, **{"Accept-Encoding": "gzip"})
    assert home.status == 200
    assert OBSERVATORY_RULES[rule](home), rule


def test_observatory_redirection_to_https_on_the_same_host(served):
    response = fetch(served.redirect)
    assert response.status in (301, 308)
    location = urlsplit(response.header("Location"))
    assert (location.scheme, location.hostname) == ("https", "127.0.0.1")


# --- files ----------------------------------------------------------------------------------


def test_gzip_is_served_from_the_precompressed_file(served):
    stylesheet = _first(served.site, "assets/stylesheets/portal.*.min.css")
    for path in ("en/", stylesheet, "pagefind/pagefind.js"):
        packed = fetch(served.plain + path, **{"Accept-Encoding": "gzip"})
        assert packed.header("Content-Encoding") == "gzip", path
        assert "Accept-Encoding" in (packed.header("Vary") or ""), path
        file = served.site / (path + "index.html" if path.endswith("/") else path)
        assert packed.body == file.with_name(file.name + ".gz").read_bytes(), path
        plain = fetch(served.plain + path)
        assert plain.header("Content-Encoding") is None and plain.body == file.read_bytes()


@pytest.mark.parametrize(
    "pattern, mime",
    [
        ("en/index.html", "text/html; charset=utf-8"),
        ("data/*.csv", "text/csv; charset=utf-8"),
        ("**/*.vtt", "text/vtt; charset=utf-8"),
        ("pagefind/pagefind.js", "application/javascript; charset=utf-8"),
    ],
)
def test_types_and_charset(served, pattern, mime):
    path = _first(served.site, pattern)
    response = fetch(served.plain + path)
    assert response.status == 200, path
    assert response.header("Content-Type") == mime, path


@pytest.mark.parametrize("lang", LANGUAGES, ids=lambda lang: lang.code)
def test_a_missing_page_gets_the_404_of_its_language(served, lang):
    for path in (f"{lang.prefix}no-such-page/", f"{lang.prefix}a/b/c.html"):
        response = fetch(served.plain + path, **{"Accept-Encoding": "gzip"})
        assert response.status == 404, path
        page = lxml_html.fromstring(gzip.decompress(response.body))
        assert page.get("lang") == lang.tag, path
        assert page.xpath("//base/@href") == [f"/{lang.prefix}404.html"]


def test_no_directory_listing(served):
    for path in ("assets/", "media/_img/", "pagefind/fragment/"):
        response = fetch(served.plain + path)
        assert response.status == 404, path
        assert b"Index of" not in response.body


def test_dot_folders_are_not_served(served):
    assert (served.site / ".deploy" / "x.json").is_file()
    for path in (".deploy/x.json", ".deploy/", "en/.hidden"):
        response = fetch(served.plain + path)
        assert response.status == 404, path
        assert b'"files"' not in response.body


# --- what the build publishes (no server needed) --------------------------------------------


def _references(site: Path) -> set[str]:
    """Every assets/… address the pages and stylesheets use, as site-relative paths."""
    found: set[str] = set()
    for page in site.rglob("*.html"):
        doc = lxml_html.fromstring(page.read_bytes())
        base = "/" + page.relative_to(site).as_posix()
        for url in doc.xpath("//link/@href | //script/@src | //img/@src"):
            if "assets/" in url and not urlsplit(url).scheme:
                found.add(_resolve(base, url))
    for sheet in site.glob("assets/stylesheets/*.css"):
        base = "/" + sheet.relative_to(site).as_posix()
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8")):
            if not urlsplit(url).scheme:
                found.add(_resolve(base, url))
    return found


def _resolve(base: str, url: str) -> str:
    from urllib.parse import urljoin

    return urljoin("http://x" + base, url).removeprefix("http://x/").split("#")[0]


def test_the_site_serves_only_the_theme_assets_its_pages_use(shipped_site):
    assets = {
        p.relative_to(shipped_site).as_posix()
        for p in (shipped_site / "assets").rglob("*")
        if p.is_file() and p.suffix != ".gz"
    }
    used = _references(shipped_site)
    assert used, "no page references any asset"
    assert used <= assets, f"referenced but missing: {sorted(used - assets)}"
    assert not [p for p in shipped_site.rglob("*.map")]
    for unused in ("javascripts/bundle.", "javascripts/workers/", "javascripts/lunr/"):
        assert not [a for a in assets if unused in a], unused
    # what remains unused is only what CSS or pages cannot name: the fonts' licence
    assert assets - used == {"assets/fonts/OFL.txt"}


def test_theme_file_rule():
    """Nothing of Material's; of ours, what is not built into the bundle (theme_bundle.py)."""
    assert not serves_theme_file("assets/stylesheets/main.57a0d79d.min.css", False)
    assert not serves_theme_file("assets/stylesheets/palette.fb2fffe2.min.css", False)
    assert not serves_theme_file("assets/javascripts/bundle.a5f9d56c.min.js", False)
    assert not serves_theme_file("assets/images/favicon.png", False)
    assert serves_theme_file("assets/images/favicon.svg", from_own_theme=True)
    built_forms = ("stylesheets/portal.css", "javascripts/search.js", "fonts/noto-sans-vi.woff2")
    for built in built_forms:
        assert not serves_theme_file(f"assets/{built}", from_own_theme=True), built
    assert not serves_theme_file("assets/images/emblem.svg.map", from_own_theme=True)


def test_the_site_uses_no_stylesheet_or_script_of_material(shipped_site):
    names = {p.name for p in (shipped_site / "assets").rglob("*") if p.suffix in (".css", ".js")}
    assert names and all(name.startswith("portal.") for name in names), names
    home = lxml_html.fromstring((shipped_site / "index.html").read_bytes())
    assert [Path(href).name for href in home.xpath("//link[@rel='stylesheet']/@href")] == [
        _first(shipped_site, "assets/stylesheets/portal.*.min.css").rsplit("/", 1)[1]
    ]


def test_the_policy_allows_each_pages_inline_script_by_its_hash(shipped_site):
    """The one inline script (theme/assets/javascripts/head.js) is what the CSP's hash names."""
    policy = re.search(r'Content-Security-Policy "([^"]+)"', render_server_block()).group(1)
    script_src = re.search(r"script-src ([^;]+)", policy).group(1).split()
    for lang in LANGUAGES:
        page = lxml_html.fromstring((shipped_site / lang.prefix / "index.html").read_bytes())
        inline = [s.text for s in page.xpath("//script[not(@src)][not(@type)]")]
        assert len(inline) == 1, lang.code
        digest = base64.b64encode(hashlib.sha256(inline[0].encode()).digest()).decode()
        assert f"'sha256-{digest}'" in script_src, lang.code


def test_every_text_file_has_a_deterministic_gzip_copy(shipped_site):
    texts = [
        p
        for p in shipped_site.rglob("*")
        if p.suffix in COMPRESSIBLE and p.is_file() and p.stat().st_size > 1000
    ]
    assert len(texts) > 100
    for path in texts:
        packed = path.with_name(path.name + ".gz").read_bytes()
        assert packed[3] & 0x08 == 0 and packed[4:8] == b"\0\0\0\0", path  # no name, time 0
        assert gzip.decompress(packed) == path.read_bytes(), path
    # Pagefind's index files are gzip already
    assert not list((shipped_site / "pagefind").rglob("*.pf_*.gz"))


def test_a_copy_is_kept_only_when_smaller_and_dot_folders_are_left_alone(tmp_path):
    (tmp_path / "page.html").write_text("<p>hello</p>" * 200, encoding="utf-8")
    (tmp_path / "tiny.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".deploy").mkdir()
    (tmp_path / ".deploy" / "manifest.json").write_text("[" + "1," * 500 + "1]")
    done = precompress_site(tmp_path)
    assert sorted(p.name for p in tmp_path.rglob("*.gz")) == ["page.html.gz"]
    assert done.files == 1 and done.compressed_bytes < done.original_bytes
    assert (tmp_path / "page.html.gz").read_bytes() == gzip_bytes(
        (tmp_path / "page.html").read_bytes()
    )


# --- Chromium under the policy --------------------------------------------------------------

WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@contextlib.contextmanager
def watched_page():
    """A Chromium page that records console errors and CSP violations."""
    with browser_page() as page:
        page.errors = []  # type: ignore[attr-defined]
        page.on(
            "console",
            lambda m: page.errors.append(m.text) if m.type in ("error", "warning") else None,
        )
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        page.add_init_script(WATCH_VIOLATIONS)
        yield page


def _assert_clean(page) -> None:
    assert page.evaluate("window.__violations") == []
    assert page.errors == []
    assert page.external_requests == []


@pytest.mark.browser
def test_home_pages_under_the_policy(served):
    with watched_page() as page:
        for lang in LANGUAGES:
            page.goto(served.plain + lang.prefix)
            assert settled(page) == "loaded"
            assert page.get_attribute("html", "lang") == lang.tag
            _assert_clean(page)


@pytest.mark.browser
def test_search_under_the_policy(served):
    with watched_page() as page:
        workers = []
        page.on("worker", lambda worker: workers.append(worker.url))
        page.goto(served.plain + "en/")
        page.fill("#portal-search-input", "industrial park")
        results = page.locator(".portal-search__results li a")
        results.first.wait_for(timeout=15000)
        assert results.count() >= 1
        assert workers == [served.plain + "pagefind/pagefind-worker.js"]
        _assert_clean(page)


@pytest.mark.browser
def test_investment_filters_under_the_policy(served):
    with watched_page() as page:
        page.goto(served.plain + "en/investment/projects/")
        cards = page.locator("[data-listing='projects'] > li:visible")
        total = cards.count()
        assert total >= 2
        page.select_option("select[name='form']", "FDI")
        assert 1 <= cards.count() < total
        page.select_option("select[name='form']", "")
        assert cards.count() == total
        _assert_clean(page)


@pytest.mark.browser
def test_a_deep_404_is_styled_under_the_policy(served):
    with watched_page() as page:
        response = page.goto(served.plain + "en/a/b/c/")
        assert response is not None and response.status == 404
        settled(page)
        font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "Noto Sans" in font
        # Chromium reports the 404 of the page itself; nothing else may fail
        assert page.errors == [PAGE_404_MESSAGE]
        assert page.evaluate("window.__violations") == []
