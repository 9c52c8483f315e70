"""``portal init``: a new province's portal, ready to build, from the starter in
``generator/starter/`` (data files, not code: the province's name in each language's form, the
sections, the standard provincial bodies, a neutral emblem and picture).

A new portal holds only what is its own: ``content/`` (site.yml with the province's name in six
languages, masthead and colours; a page per section in six languages; the agency registry; no
plans yet; an empty ``glossary.yml`` for its own terms, beside the shared ones), ``mkdocs.yml``
and a ``Makefile``. The generator, its theme, its catalogs and the shared term base stay in the
one installed package that every portal uses: ``mkdocs.yml`` names them where it is installed. A
name not given in a language is a marked gap (``# gap``) that shows the Vietnamese name until it
is written — the province's own name whole, a body's name in the language's own form around it
(``Bắc Ninh省外務局``, as English writes ``Bắc Ninh Department of Foreign Affairs``), so the body is
named as the term base renders it; every page and item is stamped as translated, so the new
portal passes the translation gate, and checks with no warning, at once.
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from pydantic import TypeAdapter, ValidationError

from generator.content.fields import Email
from generator.content.models import HexColour
from generator.i18n.languages import CODES, DEFAULT, LANGUAGES_FILE
from generator.i18n.stamp import stamp

STARTER = Path(__file__).resolve().parent / "starter"
GENERATOR_HOME = LANGUAGES_FILE.parent.parent
"""The folder that holds the generator with its ``theme/``, ``translations/`` and ``mkdocs.yml``."""
DEFAULT_EMAIL = "contact@example.org"


@dataclass(frozen=True)
class Province:
    """What ``portal init`` is told about the province.

    Args:
        names: its bare name per language ("Bắc Ninh", "北宁" …); Vietnamese at least.
        site_url: where the portal will be published.
        email: the department's address for readers (None: a marked gap).
        colours: ``primary``, ``primary_dark``, ``accent`` as ``#rrggbb`` (missing: the defaults).
    """

    names: dict[str, str]
    site_url: str
    email: str | None = None
    colours: dict[str, str] = field(default_factory=dict)


def init_portal(target: Path, province: Province, portal_command: str | None = None) -> list[Path]:
    """Write a new portal into ``target`` (which must be empty or absent).

    Args:
        target: the new portal's folder.
        province: what is known of the province.
        portal_command: the ``portal`` program its Makefile runs (default: this one).

    Returns:
        The files written.

    Raises:
        FileExistsError: when ``target`` holds files already.
        ValueError: when the Vietnamese name is missing, or a value is not what site.yml
            holds (a name with a line break, an address or colour of the wrong form).
    """
    if not province.names.get(DEFAULT):
        raise ValueError(f"the province's name in {DEFAULT} is needed (--province)")
    _check_values(province)
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty — choose a new folder")
    starter = _starter_data()
    names = {code: province.names.get(code) for code in CODES}
    # Vietnamese names keep their Vietnamese spelling in English ("Bắc Ninh Province").
    names["en"] = names.get("en") or names[DEFAULT]
    gaps = [code for code in CODES if not names[code]]
    content = target / "content"
    site_yml = _site_yml(starter, province, names, gaps)
    _check_written(site_yml, province)
    files: dict[Path, str] = {
        content / "site.yml": site_yml,
        content / "glossary.yml": (STARTER / "glossary.yml").read_text(encoding="utf-8"),
        target / "mkdocs.yml": _mkdocs_yml(province.names[DEFAULT], province.site_url),
        target / "Makefile": _render("Makefile.j2", portal=portal_command or _this_portal()),
        target / ".gitignore": "site/\n.site-*\n.site.lock\n/report/\n",
    }
    files.update(_pages(content, starter))
    files.update(_agencies(content, starter["agencies"], names))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (content / "data" / "plans").mkdir(parents=True, exist_ok=True)
    for picture in ("emblem.svg", "hero.svg"):
        (content / "media").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STARTER / picture, content / "media" / picture)
    stamp([content], (), "human")
    return sorted(files) + [content / "media" / p for p in ("emblem.svg", "hero.svg")]


def _check_values(province: Province) -> None:
    """Refuse a value site.yml cannot hold as given: every one is written into its text."""
    for code, name in province.names.items():
        if any(ord(char) < 32 or ord(char) == 127 for char in name):
            option = "--province" if code == DEFAULT else f"--name {code}"
            raise ValueError(
                f"{option} {name!r}: the name holds a line break or control character — "
                "write the name on one line"
            )
    email = "--email contact@hungyen.gov.vn"
    checks = [("--email", Email, province.email, email)] if province.email is not None else []
    checks += [
        (f"--colour {key}", HexColour, value, "--colour primary=#a4161a")
        for key, value in province.colours.items()
    ]
    for option, kind, value, example in checks:
        try:
            TypeAdapter(kind).validate_python(value)
        except ValidationError as exc:
            message = exc.errors()[0]["msg"].removeprefix("Value error, ")
            if " — " not in message:  # the model's own messages say how to fix them
                message = f"{value!r}: {message} — e.g. {example}"
            raise ValueError(f"{option}: {message}") from None


def _check_written(site_yml: str, province: Province) -> None:
    """Read ``site_yml`` back: the values given are there as given, and nothing else was made
    of them (a value that escaped its place in the template)."""
    try:
        data = yaml.safe_load(site_yml)
    except yaml.YAMLError:
        data = None
    if (
        not isinstance(data, dict)
        or any(name not in str(data["province"].get(code)) for code, name in province.names.items())
        or data["masthead"].get("email") != (province.email or DEFAULT_EMAIL)
        or any(data["colours"].get(k) != v for k, v in province.colours.items())
    ):
        raise ValueError("a value given does not read back from site.yml — report this as a bug")


def _bodies_name(forms: dict[str, str], names: dict[str, str | None]) -> dict[str, str]:
    """A body's name (``forms``, ``{name}`` standing for the province's) in each language's own
    form; where the province's name is a gap, its Vietnamese name stands in it."""
    return {code: forms[code].format(name=names[code] or names[DEFAULT]) for code in CODES}


def _in_each_language(forms: dict[str, str], names: dict[str, str | None]) -> dict[str, str]:
    """``forms`` (``{name}`` standing for the province's name) written out in each language; a
    language whose name is a gap shows the Vietnamese, as a page without a translation does."""
    return {
        code: forms[code if names[code] else DEFAULT].format(name=names[code] or names[DEFAULT])
        for code in CODES
    }


def _starter_data() -> dict[str, Any]:
    return {
        name: yaml.safe_load((STARTER / f"{name}.yml").read_text(encoding="utf-8"))
        for name in ("province", "sections", "agencies")
    }


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(STARTER)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["yaml"] = lambda value: (
        yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1000)
        .removesuffix("\n...\n")
        .strip()
    )
    env.filters["yaml_flow"] = env.filters["yaml"]
    return env


def _render(template: str, **values: Any) -> str:
    return _environment().get_template(template).render(**values)


def _site_yml(
    starter: dict, province: Province, names: dict[str, str | None], gaps: list[str]
) -> str:
    texts = starter["province"]
    full = _in_each_language(texts["forms"], names)
    [ubnd] = [a for a in starter["agencies"] if a["slug"] == "ubnd-tinh"]
    colours = {"primary": "#a4161a", "primary_dark": "#7a0f12", "accent": "#f2c14e"}
    colours.update(province.colours)
    return _render(
        "site.yml.j2",
        codes=CODES,
        province=full,
        name_gaps=gaps,
        tagline=texts["tagline"],
        hero_alt=texts["hero_alt"],
        gap=texts["gap"],
        colours=colours,
        sections=starter["sections"],
        masthead_agency=_bodies_name(ubnd["title"], names),
        email=province.email or DEFAULT_EMAIL,
        email_gap=province.email is None,
    )


def _pages(content: Path, starter: dict) -> dict[Path, str]:
    """The home page and one page per section, in every language."""
    draft = starter["province"]["draft"]
    pages: dict[Path, str] = {}
    home_titles = starter["province"]["tagline"]
    for code in CODES:
        pages[content / f"index.{code}.md"] = _page(home_titles[code], draft[code], "home.html")
    for section in starter["sections"]:
        for code in CODES:
            path = content / f"{section['key']}.{code}.md"
            pages[path] = _page(section["title"][code], draft[code], None, section.get("listing"))
    return pages


def _page(title: str, body: str, template: str | None, listing: str | None = None) -> str:
    front: dict[str, str] = {"title": title}
    if template:
        front["template"] = template
    if listing:
        front["listing"] = listing
    matter = yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
    return f"---\n{matter}---\n\n{body}\n"


def _agencies(content: Path, agencies: list[dict], names: dict[str, str | None]) -> dict[Path, str]:
    """The standard provincial bodies, named for this province, as items of the registry."""
    files = {}
    for agency in agencies:
        record = {
            "title": _bodies_name(agency["title"], names),
            "aliases": agency.get("aliases", []),
            "level": agency["level"],
            "sample": True,
        }
        if agency.get("abbreviation"):
            record["abbreviation"] = agency["abbreviation"]
        header = (
            "# Seeded by `portal init` from the standard bodies of a province: check the name\n"
            "# against the province's records, add 'sources', then remove 'sample: true'.\n"
        )
        body = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
        files[content / "data" / "agencies" / f"{agency['slug']}.yml"] = header + body
    return files


def _mkdocs_yml(site_name: str, site_url: str) -> str:
    """The generator's own ``mkdocs.yml`` with this portal's name and address, the theme and
    catalogs named where the generator is installed (so the two never drift apart)."""
    config = yaml.safe_load((GENERATOR_HOME / "mkdocs.yml").read_text(encoding="utf-8"))
    config["site_name"] = site_name
    config["site_url"] = site_url
    config["theme"]["custom_dir"] = str(GENERATOR_HOME / "theme")
    (entry,) = [p for p in config["plugins"] if isinstance(p, dict) and "doingoai" in p]
    entry["doingoai"] = {
        **(entry["doingoai"] or {}),
        "translations_dir": str(GENERATOR_HOME / "translations"),
        "theme_dir": str(GENERATOR_HOME / "theme"),
    }
    header = (
        "# Written by `portal init`. The theme and the interface catalogs are the installed\n"
        f"# generator's ({GENERATOR_HOME}); this portal's own files are content/ and this file.\n"
    )
    return header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _this_portal() -> str:
    return str(Path(sys.executable).parent / "portal")
