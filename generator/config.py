"""Typed options of the ``doingoai`` MkDocs plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PortalConfig(base.Config):
    """``plugins: - doingoai: {...}`` in ``mkdocs.yml``."""

    translations_dir = c.Dir(exists=True, default="translations")
    """The gettext catalogs: ``<dir>/<lang>/LC_MESSAGES/messages.po``."""

    theme_dir = c.Dir(exists=True, default="theme")
    """Where the templates of pages from data live (the same folder as ``theme.custom_dir``)."""

    today = c.Optional(c.Type(str))
    """Pin 'today' (YYYY-MM-DD) for reproducible builds: it decides which events are upcoming."""

    strict_messages = c.Type(bool, default=True)
    """Fail the build when a template uses an interface string missing from a catalog."""
