"""Typed options of the ``doingoai`` MkDocs plugin."""

from __future__ import annotations

import datetime as dt

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class IsoDate(c.Type):
    """A date written ``YYYY-MM-DD``, kept as the text (checked when ``mkdocs.yml`` is read,
    by the build and ``portal check`` alike, not when a page first asks for it)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        if isinstance(value, dt.date):  # YAML reads an unquoted 2026-11-29 as a date
            value = value.isoformat()
        text = super().run_validation(value)
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise ValidationError(f"{text!r} is not a date written YYYY-MM-DD") from None
        return text


class PortalConfig(base.Config):
    """``plugins: - doingoai: {...}`` in ``mkdocs.yml``."""

    translations_dir = c.Dir(exists=True, default="translations")
    """The gettext catalogs: ``<dir>/<lang>/LC_MESSAGES/messages.po``."""

    theme_dir = c.Dir(exists=True, default="theme")
    """Where the templates of pages from data live (the same folder as ``theme.custom_dir``)."""

    today = c.Optional(IsoDate())
    """Pin 'today' (YYYY-MM-DD) for reproducible builds: it decides which events are upcoming."""

    strict_messages = c.Type(bool, default=True)
    """Fail the build when a template uses an interface string missing from a catalog."""
