"""Make the Lao fonts of the printed publications (theme/print/fonts/) from the web fonts.

Why: HarfBuzz shapes ຳ (U+0EB3) after a tone mark, as in ນ້ຳ, by decomposing it into ໍ + າ
and moving ໍ before the tone mark; Noto Sans Lao then joins ໍ and the tone mark into one mark
glyph and leaves າ as the ordinary glyph of U+0EB2. The page is right, but a PDF maps each
glyph to one text (its ToUnicode map), and WeasyPrint gives a glyph the text of the first
cluster it drew it in: the mark glyph gets nothing (it is not the cluster's last glyph) and
າ keeps its own letter, so ນ້ຳ is copied, searched and read aloud as ນາ.

What: each glyph of ໍ + tone mark followed by າ becomes one ligature glyph (the same outlines,
the mark where it was drawn and າ after it), used by no other text. WeasyPrint maps the last
glyph of a cluster to the whole cluster, so that glyph reads as tone mark + ຳ, as written.
The mark's tiny per-consonant shift (GPOS, about 0.01 em) is not applied to the ligature.

Run after scripts/make_fonts.sh (needs fonttools and brotli, both in .venv):
    .venv/bin/python scripts/make_print_fonts.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools.otlLib.builder import buildLigatureSubstSubtable, buildLookup
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.transformPen import TransformPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
WEB_FONTS = ROOT / "theme/assets/fonts"
PRINT_FONTS = ROOT / "theme/print/fonts"
WEIGHTS = ("regular", "bold")
NIKHAHIT = 0x0ECD
TONE_MARKS = (0x0EC8, 0x0EC9, 0x0ECA, 0x0ECB)
SARA_AA = 0x0EB2
BASE_GLYPH = 1
"""GDEF glyph class of a base glyph: no mark positioning moves it."""


def main() -> None:
    PRINT_FONTS.mkdir(parents=True, exist_ok=True)
    for weight in WEIGHTS:
        font = TTFont(WEB_FONTS / f"noto-sans-lao-{weight}.woff2")
        added = add_am_ligatures(font)
        target = PRINT_FONTS / f"noto-sans-lao-print-{weight}.woff2"
        font.flavor = "woff2"
        font.save(target)
        print(f"{target.relative_to(ROOT)}: {added} ligatures, {target.stat().st_size} bytes")


def add_am_ligatures(font: TTFont) -> int:
    """Add ``mark(ໍ + tone) + າ → one glyph`` to the font's ``ccmp``, after its own lookups.
    Returns the number of ligatures."""
    cmap = font.getBestCmap()
    aa = cmap[SARA_AA]
    pairs = {}
    for mark in _nikhahit_tone_glyphs(font, cmap):
        name = f"{mark}.am"
        _add_glyph(font, name, [(mark, 0), (aa, font["hmtx"][mark][0])], font["hmtx"][aa][0])
        pairs[(mark, aa)] = name
    gsub = font["GSUB"].table
    lookup = buildLookup([buildLigatureSubstSubtable(pairs)], flags=0)
    gsub.LookupList.Lookup.append(lookup)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)
    index = len(gsub.LookupList.Lookup) - 1
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(index)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)
    return len(pairs)


def _nikhahit_tone_glyphs(font: TTFont, cmap: dict[int, str]) -> list[str]:
    """The glyphs the font draws ໍ + a tone mark with: its ligatures of the two and every
    glyph a single substitution turns them into (variants for tall consonants, for ຳ)."""
    nikhahit = cmap[NIKHAHIT]
    tones = {cmap[code] for code in TONE_MARKS}
    lookups = font["GSUB"].table.LookupList.Lookup
    found: set[str] = set()
    nikhahits = {nikhahit}
    for lookup in lookups:  # ໍ's own variants (glyph00091 …) make ligatures too
        for table in lookup.SubTable:
            mapping = getattr(table, "mapping", {})
            if nikhahit in mapping:
                nikhahits.add(mapping[nikhahit])
    for lookup in lookups:
        for table in lookup.SubTable:
            for first, ligatures in getattr(table, "ligatures", {}).items():
                for ligature in ligatures:
                    parts = {first, *ligature.Component}
                    if len(parts) == 2 and parts & nikhahits and parts & tones:
                        found.add(ligature.LigGlyph)
    grew = True
    while grew:
        grew = False
        for lookup in lookups:
            for table in lookup.SubTable:
                for source, target in getattr(table, "mapping", {}).items():
                    if source in found and target not in found:
                        found.add(target)
                        grew = True
    return sorted(found)


def _add_glyph(font: TTFont, name: str, parts: list[tuple[str, int]], advance: int) -> None:
    """A new glyph drawing each of ``parts`` (glyph, x offset), outlines decomposed."""
    glyphs = font.getGlyphSet()
    recording = DecomposingRecordingPen(glyphs)
    for part, dx in parts:
        glyphs[part].draw(TransformPen(recording, (1, 0, 0, 1, dx, 0)))
    pen = TTGlyphPen(None)
    recording.replay(pen)
    glyph = pen.glyph()
    order = font.getGlyphOrder()
    font.setGlyphOrder([*order, name])
    font["glyf"][name] = glyph
    glyph.recalcBounds(font["glyf"])
    font["hmtx"][name] = (advance, glyph.xMin if glyph.numberOfContours else 0)
    font["GDEF"].table.GlyphClassDef.classDefs[name] = BASE_GLYPH
    if "post" in font and hasattr(font["post"], "extraNames"):
        font["post"].extraNames.append(name)


if __name__ == "__main__":
    main()
