"""The limits that keep one file of content from exhausting the machine that builds the site.

Every limit is here, as one named constant, and ``content/README.md`` ("Limits") explains each
to editors. They are set from the shipped content with a wide margin: an editor who reaches one
is writing something no reader will use (a page of a thousand printed pages, a 100-megapixel
photograph for a 1600-pixel-wide column), or something hostile.
"""

from __future__ import annotations

MAX_MARKDOWN_BYTES = 1_000_000
"""A Markdown page (front matter and body). The longest shipped page is 8 KB; a million bytes is
some 300 printed pages of Vietnamese. Markdown's cost grows with the text (20 MB took 50 s and
1.5 GB), so a longer document is split into pages or published as a PDF."""

MAX_YAML_BYTES = 2_000_000
"""A YAML file (an item or ``site.yml``). The largest shipped one, a plan with its original text
in six languages, is 334 KB; six times that leaves room for the longest plans."""

MAX_IMAGE_PIXELS = 52_000_000
"""Width × height of a raster image, read from its header before any pixel is decoded.

A 48-megapixel phone (8064×6048) and a 50-megapixel camera (8160×6144, 50.1 million) pass; a
61-megapixel camera, a 108- or 200-megapixel phone mode and the 169-megapixel attack do not. The
site never shows a photograph wider than 1600 pixels, so nothing of value is lost by exporting it
smaller, while a decoded 52-megapixel image alone takes 156–208 MB (3 or 4 bytes a pixel).
Pillow's own guard (``PIL.Image.MAX_IMAGE_PIXELS``) is set to the same number."""

SUGGESTED_IMAGE_WIDTH = 4000
"""The width an editor is told to export a refused image at: twice what the site shows, and under
:data:`MAX_IMAGE_PIXELS` up to an aspect ratio of 1:3."""

IMAGE_MEMORY_SHARE = 0.5
"""The share of the memory available when a build starts that decoding images may use at once;
the number of images decoded in parallel follows from it (never more than the CPU count)."""

IMAGE_WORKING_COPIES = 3
"""How many full-size copies of an image exist at once while it is made fit for the web (the
decoded pixels, the upright sRGB copy, and a resize in progress), for the memory estimate."""

MARKDOWN_SECONDS = 10.0
"""The time one Markdown text may take to convert. The longest shipped text (a plan's original,
about 100 KB) converts in well under a second; some inputs make Python-Markdown's inline parser
quadratic (16,000 unclosed ``![`` in 32 KB took two minutes), so a text over this budget is
refused instead of holding a build for hours."""

MAX_NESTING = 100
"""How deep lists, quotes or YAML values may nest. Deeper input exhausts Python's recursion (a list
nested 1,000 levels, a YAML value of 5,000 brackets); no reader's document needs 100 levels."""
