"""References and choices declared once, in the models' types: the loader checks every field typed
as a reference to an item wherever it stands, and every choice a model offers has a label."""

from __future__ import annotations

import types
import typing

import pytest
from pydantic import BaseModel

from generator.content.fields import LangCode, Localized
from generator.content.models import ITEM_TYPES, Site
from generator.render import _choice_label, make_environment

from conftest import CODES, ROOT, localized, page
from scratch import invoke

LEGAL_BASE = f"""\
legal_bases:
  - number: 84-KH/BCĐTTĐN
    title: {localized("Plan 84")}
    plan: 84-kh
  - number: 99/QĐ-UBND
    title: {localized("A decision")}
    plan: no-such-plan
"""

INCENTIVE = f"""\
title: {localized("Land rent")}
sources: [Decree 103]
level: national
beneficiaries: {localized("Projects")}
benefit: {localized("No rent")}
authority: so-ngoai-vu
{LEGAL_BASE}"""

PROCEDURE = f"""\
title: {localized("Investment certificate")}
sources: [Law on Investment]
authority: so-ngoai-vu
steps: [{localized("Apply")}]
processing_time: {localized("15 days")}
{LEGAL_BASE}"""


@pytest.mark.parametrize(("kind", "text"), [("incentives", INCENTIVE), ("procedures", PROCEDURE)])
def test_a_wrong_legal_basis_plan_fails_check_with_its_line(project, kind, text):
    files = {f"content/data/{kind}/item.yml": text}
    for code in CODES:
        files[f"content/{kind}/index.{code}.md"] = page(f"{kind} {code}", listing=kind)
    project.write(files)
    result = invoke(project, "check")
    assert result.exit_code == 1
    line = text.splitlines().index("    plan: no-such-plan") + 1
    assert (
        f"content/data/{kind}/item.yml:{line}: 'legal_bases.1.plan' refers to plans "
        "'no-such-plan', which does not exist"
    ) in result.output
    assert "84-kh" not in result.output.split("(e.g.")[0]  # the good reference passes


# --- every choice has a label -----------------------------------------------------------------

UNLABELLED = {
    ("Plan", "issued_precision"): "how precisely a date is known, never shown as a word",
    ("Project", "forms"): "FDI, DDI, PPP: shown as written, the same in every language",
    ("Figure", "unit"): "written as a symbol after the number (blocks/figures.html), not a word",
    ("PrintSection", "show"): "which data a printed section holds; its heading is a page's title",
    ("PrintSection", "samples"): "whether a PDF labels or leaves out samples, never printed",
    ("PrintEdition", "layout"): "booklet or leaflet: the PDF's shape, never printed as a word",
}


def _choices(model: type[BaseModel], seen: set) -> typing.Iterator[tuple[str, str, str]]:
    """(model, field, choice) of every Literal in ``model`` and the models inside it."""
    if model in seen:
        return
    seen.add(model)
    for name, info in model.model_fields.items():
        stack = [info.annotation]
        while stack:
            annotation = stack.pop()
            if annotation in (Localized, typing.get_args(Localized)[0], LangCode):
                continue  # language codes, not choices
            if typing.get_origin(annotation) is typing.Literal:
                yield from ((model.__name__, name, str(v)) for v in typing.get_args(annotation))
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
                yield from _choices(annotation, seen)
            elif typing.get_origin(annotation) is not dict:
                stack += typing.get_args(annotation)


def test_every_choice_of_the_models_has_a_label_in_the_macro():
    seen: set = set()
    choices = [c for m in [*ITEM_TYPES.values(), Site] for c in _choices(m, seen)]
    assert len(choices) > 60  # the walk reaches the models' Literals
    env = make_environment(ROOT / "theme")
    env.install_gettext_callables(  # type: ignore[attr-defined]
        lambda text: f"«{text}»", lambda s, p, n: f"«{s}»", newstyle=True
    )
    for name in ("tr", "tr_plain", "date", "iso", "date_from_iso", "markdown", "number"):
        env.filters[name] = str  # the macros module compiles with every filter it names
    marking = types.SimpleNamespace(gettext=lambda text: f"«{text}»")  # names from the catalog
    env.globals["choice_label"] = lambda value: _choice_label(marking, value)
    label = env.from_string('{% import "items/_macros.html" as m %}{{ m.label(value) }}')
    missing = sorted(
        (model, field, value)
        for model, field, value in choices
        if (model, field) not in UNLABELLED and not label.render(value=value).startswith("«")
    )
    assert missing == []


def test_the_sitemap_lists_every_image_field_of_an_item_the_poster_too():
    from generator.content.portal import load_portal
    from generator.routes import build_routes
    from generator.seo import sitemap_entries

    portal = load_portal(ROOT / "content")
    entries = sitemap_entries(portal, build_routes(portal), "https://example.org/")
    poster = "https://example.org/media/video/hung-yen-delta-poster.jpg"
    with_poster = [e.loc for e in entries if poster in [i.loc for i in e.images]]
    assert len(with_poster) == len(CODES)
    assert all("video-minh-hoa-dong-bang" in loc for loc in with_poster)
