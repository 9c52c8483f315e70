"""The ``--help`` texts of ``portal`` in the editor's language.

Click keeps each command's help (its docstring) and each option's help as plain strings. They are
written in English in the code, as every message is; :func:`translate_help` replaces them with
their translation from the ``portal`` catalog (:mod:`generator.i18n.tool`) — once when the command
is loaded (the locale's language) and again when ``portal --lang`` chooses another.
:func:`add_help_texts` puts them into ``portal.pot`` when ``portal i18n extract`` runs, since
gettext's extractor does not read docstrings.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from pathlib import Path

import click
from babel.messages.pofile import read_po, write_po

from generator.i18n.tool import DOMAIN, tr

_ENGLISH = "_portal_english_help"
"""The attribute that keeps a command's or option's English help once it is translated."""


def _helped(command: click.Command) -> Iterator[click.Command | click.Option]:
    """The command, its options and, for a group, every command below it."""
    yield command
    yield from (p for p in command.params if isinstance(p, click.Option))
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _helped(sub)


def help_texts(command: click.Command) -> list[str]:
    """Every English help text of ``command`` and the commands below it."""
    found = (_english(thing) for thing in _helped(command))
    return sorted({text for text in found if text})


def _english(thing: click.Command | click.Option) -> str:
    """The English help of ``thing``, as click shows it (a docstring without its indentation)."""
    return inspect.cleandoc(getattr(thing, _ENGLISH, None) or thing.help or "")


def translate_help(command: click.Command) -> None:
    """Show the help of ``command`` and of everything below it in the current language."""
    for thing in _helped(command):
        english = _english(thing)
        if english:
            setattr(thing, _ENGLISH, english)
            thing.help = tr(english)


def add_help_texts(command: click.Command, pot: Path) -> int:
    """Add the help texts of ``command`` to the template ``pot``; the number added."""
    with pot.open("rb") as handle:
        catalog = read_po(handle, domain=DOMAIN)
    added = 0
    for text in help_texts(command):
        if text not in catalog:
            catalog.add(text)
            added += 1
    with pot.open("wb") as handle:
        write_po(handle, catalog, omit_header=True, no_location=True, sort_output=True, width=76)
    return added
