"""``portal nginx-config``: what an operator types reaches nginx's configuration as one value
of one directive, never as more directives (a ';', a brace, a quote, a line break, a '#' that
turns the rest into a comment), and ``--allow`` lets in only the networks it names."""

from __future__ import annotations

import pytest

from generator.cms.config import Backend, admin_csp
from generator.nginx import EditorOptions, ServerOptions, render_editor_block, render_server_block

CSP = admin_csp(Backend("github", "-"))


@pytest.mark.parametrize(
    "options",
    [
        {"allow": ("all",)},  # 'allow all; deny all;' lets every address in
        {"allow": ("10.0.0.0/8; allow all",)},
        {"allow": ("10.0.0.0/8 192.168.0.0/16",)},
        {"htpasswd": "/etc/nginx/editors\n    location /x { alias /etc/; }\n#"},
        {"htpasswd": "/etc/nginx/editors; auth_basic off"},
        {"server_name": "editor.example.org; location /etc { alias /etc/; }"},
        {"server_name": "editor.example.org\n}"},
        {"root": "/var/www/editor;\n    autoindex on"},
        {"root": "/var/www/$host"},
        {"addresses": ("127.0.0.1:80 default_server; #",)},
        {"tls_cert": "/c.pem; ssl_verify_client off", "tls_key": "/k.pem"},
        {"tls_cert": "/c.pem", "tls_key": "/k.pem\n"},
    ],
    ids=lambda options: "-".join(options),
)
def test_the_editors_block_refuses_a_value_that_is_not_one(options):
    with pytest.raises(ValueError, match="not one value|not a network"):
        render_editor_block(EditorOptions(csp=CSP, **options))


@pytest.mark.parametrize(
    "options",
    [
        {"server_name": "portal.example.org; return 301 https://elsewhere.example"},
        {"root": "/var/www/site\n    autoindex on;"},
        {"tls_cert": "/c.pem", "tls_key": "/k.pem'"},
    ],
    ids=lambda options: "-".join(options),
)
def test_the_public_block_refuses_a_value_that_is_not_one(options):
    with pytest.raises(ValueError, match="one value"):
        render_server_block(ServerOptions(**options))


def test_networks_names_and_paths_of_the_usual_forms_pass():
    text = render_editor_block(
        EditorOptions(
            csp=CSP,
            server_name="editor.example.org editor.internal",
            addresses=("10.1.2.3", "[fd00::1]"),
            allow=("10.0.0.0/8", "192.168.1.7", "fd00::/8"),
            htpasswd="/etc/nginx/doingoai-editors.htpasswd",
        )
    )
    assert "server_name editor.example.org editor.internal;" in text
    assert "allow 192.168.1.7;" in text and "allow fd00::/8;" in text
    assert "listen [fd00::1]:8443;" in text
