#!/usr/bin/env bash
# Rebuild the web fonts in theme/assets/fonts/ from Debian's fonts-noto-core.
#
# Requirements (run once):
#   apt-get update && apt-get install -y fonts-noto-core
#   .venv/bin/pip install fonttools brotli
#
# Output:
#   noto-sans-vi-regular.woff2, noto-sans-vi-bold.woff2    Latin + Vietnamese
#   noto-sans-lao-regular.woff2, noto-sans-lao-bold.woff2  Lao block only
#   OFL.txt                                                 licence of the fonts
#
# The unicode ranges below must stay in step with the unicode-range
# descriptors in theme/assets/stylesheets/fonts.css.
# CJK fonts are deliberately not shipped: CJK text uses system fonts.
# The build publishes each file under a fingerprinted name (<name>.<hash>.woff2)
# and preloads the regular and bold of a page's script (BODY_FONTS in
# generator/theme_bundle.py names these files).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="${NOTO_DIR:-/usr/share/fonts/truetype/noto}"
OUT="$ROOT/theme/assets/fonts"
COPYRIGHT="/usr/share/doc/fonts-noto-core/copyright"

if [[ -x "$ROOT/.venv/bin/pyftsubset" ]]; then
    PYFTSUBSET="$ROOT/.venv/bin/pyftsubset"
elif command -v pyftsubset >/dev/null 2>&1; then
    PYFTSUBSET="$(command -v pyftsubset)"
else
    echo "pyftsubset not found: install it with  .venv/bin/pip install fonttools brotli" >&2
    exit 1
fi

for f in NotoSans-Regular NotoSans-Bold NotoSansLao-Regular NotoSansLao-Bold; do
    if [[ ! -f "$SRC/$f.ttf" ]]; then
        echo "$SRC/$f.ttf missing: install it with  apt-get install fonts-noto-core" >&2
        exit 1
    fi
done

mkdir -p "$OUT"

# Latin (Basic Latin + Latin-1), Vietnamese, general punctuation, dong sign,
# plus a few common extras (dotless i, OE ligature, modifier letters, euro,
# trade mark, BOM, replacement character).
VI_UNICODES="U+0000-00FF,U+0102-0103,U+0110-0111,U+0128-0129,U+0168-0169,\
U+01A0-01A1,U+01AF-01B0,U+0300-0301,U+0303,U+0309,U+0323,U+1EA0-1EF9,\
U+20AB,U+2000-206F,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,\
U+20AC,U+2122,U+FEFF,U+FFFD"

# Lao block, zero-width space/joiners, dotted circle (for isolated marks),
# kip sign, and basic punctuation (only what the Lao font actually contains
# is kept; the rest falls back to the next font in the stack).
LAO_UNICODES="U+0E80-0EFF,U+200B-200D,U+25CC,U+20AD,U+0020-002F,U+003A-0040,\
U+005B-0060,U+007B-007E,U+00A0"

# TrueType hinting (ttfautohint) is kept: it costs ~10 KB per Latin file and
# keeps body text crisp on Windows.
# Name IDs 0-6 plus 13/14 keep the copyright notice and the OFL licence
# description inside each font file, as the OFL requires.
COMMON=(
    --flavor=woff2
    --layout-features='*'
    --name-IDs=0,1,2,3,4,5,6,13,14
    --name-languages=0x409
    --notdef-outline
    --drop-tables+=DSIG
)

subset() {  # subset SRC_NAME OUT_NAME UNICODES
    "$PYFTSUBSET" "$SRC/$1.ttf" "${COMMON[@]}" \
        --unicodes="$3" --output-file="$OUT/$2.woff2"
    printf '%-32s %7d bytes\n' "$2.woff2" "$(stat -c %s "$OUT/$2.woff2")"
}

subset NotoSans-Regular    noto-sans-vi-regular  "$VI_UNICODES"
subset NotoSans-Bold       noto-sans-vi-bold     "$VI_UNICODES"
subset NotoSansLao-Regular noto-sans-lao-regular "$LAO_UNICODES"
subset NotoSansLao-Bold    noto-sans-lao-bold    "$LAO_UNICODES"

# OFL.txt: the copyright lines of the Noto fonts and the full OFL 1.1 text,
# taken from the Debian package's copyright file (DEP-5 format: drop the
# one-space indent and turn " ." lines into blank lines).
if [[ -f "$COPYRIGHT" ]]; then
    {
        echo "Noto Sans and Noto Sans Lao (subsets in this folder)"
        echo "Copyright 2015 Google LLC. All Rights Reserved. (Noto Sans)"
        echo "Copyright 2017 Google Inc. All Rights Reserved. (Noto Sans Lao)"
        echo "Copyright 2010, 2012-2020 Google Inc.; 2015-2020 Google LLC. (Noto fonts)"
        echo
        echo "The files in this folder are subsets (Modified Versions) of the fonts"
        echo "shipped by Debian's fonts-noto-core package, made with fontTools'"
        echo "pyftsubset by scripts/make_fonts.sh. No Reserved Font Name is declared"
        echo "for the Noto fonts."
        echo
        echo "This Font Software is licensed under the SIL Open Font License, Version 1.1."
        echo "This license is copied below, and is also available with a FAQ at:"
        echo "https://openfontlicense.org"
        echo
        echo "-----------------------------------------------------------"
        echo "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007"
        echo "-----------------------------------------------------------"
        echo
        # The licence text is the stand-alone stanza (preceded by a blank line).
        awk 'prev == "" && /^License: OFL-1.1$/ && !done {on=1; prev=$0; next}
             {prev=$0}
             on && /^[^ ]/ {on=0; done=1}
             on { sub(/^ /, ""); if ($0 == ".") print ""; else print }' "$COPYRIGHT"
    } > "$OUT/OFL.txt"
else
    echo "warning: $COPYRIGHT not found, OFL.txt not rewritten" >&2
fi

total=$(cat "$OUT"/*.woff2 | wc -c)
echo "total woff2: $total bytes"
