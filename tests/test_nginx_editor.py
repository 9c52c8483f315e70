"""Debian's nginx serving the web editor with the editors' server block
(``portal nginx-config --editor``), for real: the policy ``portal cms`` prints, a password,
the agency's network only, nothing but ``/admin/``."""

from __future__ import annotations

import base64
import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_nginx import _free_ports, fetch, nginx_serving

from generator.cms.config import Backend, admin_csp
from generator.nginx import EditorOptions, render_editor_block

from scratch import invoke

GITLAB = Backend("gitlab", "-", base_url="https://git.example")


@contextlib.contextmanager
def editor_servers(prefix: Path, root: Path, htpasswd: Path) -> Iterator[tuple[str, str]]:
    """Two editors' servers on 127.0.0.1: one letting 127.0.0.0/8 in, one only 10.0.0.0/8."""
    (prefix / "temp").mkdir(parents=True)
    open_port, closed_port = _free_ports(2)
    common = {"root": str(root), "server_name": "127.0.0.1", "csp": admin_csp(GITLAB)}
    blocks = {
        "open.conf": EditorOptions(
            **common, port=open_port, allow=("127.0.0.0/8",), htpasswd=str(htpasswd)
        ),
        "closed.conf": EditorOptions(**common, port=closed_port, allow=("10.0.0.0/8",)),
    }
    texts = {name: render_editor_block(options) for name, options in blocks.items()}
    with nginx_serving(prefix, texts, [open_port, closed_port]):
        yield f"http://127.0.0.1:{open_port}/", f"http://127.0.0.1:{closed_port}/"


@pytest.fixture(scope="module")
def servers(tmp_path_factory) -> Iterator[tuple[str, str]]:
    work = tmp_path_factory.mktemp("editor-nginx")
    admin = work / "editor" / "admin"
    admin.mkdir(parents=True)
    (admin / "index.html").write_text("<!doctype html><title>editor</title>\n", encoding="utf-8")
    (admin / "config.yml").write_text("backend: {name: gitlab}\n", encoding="utf-8")
    (admin / "decap-cms.js").write_text("window.CMS = {};\n", encoding="utf-8")
    (work / "editor" / "secret.txt").write_text("not served\n", encoding="utf-8")
    hashed = subprocess.run(
        ["openssl", "passwd", "-6", "mật-khẩu"], capture_output=True, text=True, check=True
    ).stdout.strip()
    htpasswd = work / "editors.htpasswd"
    htpasswd.write_text(f"bientap:{hashed}\n", encoding="utf-8")
    with editor_servers(work / "nginx", work / "editor", htpasswd) as bases:
        yield bases


def signed_in(user: str = "bientap", password: str = "mật-khẩu") -> dict[str, str]:
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_the_editor_asks_its_password(servers):
    base, _ = servers
    assert fetch(base + "admin/").status == 401
    assert fetch(base + "admin/", **signed_in(password="wrong")).status == 401
    assert fetch(base + "admin/", **signed_in()).status == 200


def test_the_editor_is_served_under_its_own_policy(servers):
    base, _ = servers
    page = fetch(base + "admin/", **signed_in())
    assert b"<title>editor</title>" in page.body
    assert page.header("Content-Security-Policy") == admin_csp(GITLAB)
    assert "'unsafe-eval'" in page.header("Content-Security-Policy")  # Decap's validators
    assert page.header("X-Robots-Tag") == "noindex, nofollow"
    assert page.header("Cache-Control") == "no-cache"
    assert page.header("X-Frame-Options") == "DENY"
    config = fetch(base + "admin/config.yml", **signed_in())
    assert config.header("Content-Type").startswith("text/yaml")
    script = fetch(base + "admin/decap-cms.js", **signed_in())
    assert script.header("Content-Type").startswith("application/javascript")
    assert script.header("Content-Security-Policy") == admin_csp(GITLAB)


def test_nothing_but_the_editor(servers):
    base, _ = servers
    root = fetch(base, **signed_in())
    assert root.status == 302 and root.header("Location") == "/admin/"
    assert fetch(base + "secret.txt", **signed_in()).status == 404


def test_only_the_agency_network_gets_in(servers):
    _, closed = servers  # lets 10.0.0.0/8 in; the test comes from 127.0.0.1
    assert fetch(closed + "admin/").status == 403


def test_the_command_renders_the_block_portal_cms_prints_the_policy_of(project):
    result = invoke(
        project,
        "nginx-config",
        "--editor",
        "--backend",
        "gitlab",
        "--base-url",
        "https://git.example",
        "--listen",
        "10.1.2.3",
        "--allow",
        "10.0.0.0/8",
    )
    assert result.exit_code == 0, result.output
    assert f'add_header Content-Security-Policy "{admin_csp(GITLAB)}" always;' in result.output
    assert "listen 10.1.2.3:8443;" in result.output and "allow 10.0.0.0/8;" in result.output
    assert "auth_basic" not in result.output  # the git host signs editors in
