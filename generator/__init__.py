"""doingoai: a province's multilingual foreign-information portal, built from content/.

The domain (content models, i18n rules, pages from data, images, the publishing gate) lives in
plain Python and Jinja and knows nothing of MkDocs. The engine is imported only by the plugin
(:mod:`generator.plugin`, its options in :mod:`generator.config`) and by the ``portal`` command
that drives MkDocs' builds (:mod:`generator.cli`, with :mod:`generator.parallel` for the
languages built side by side and :mod:`generator.preview.renderer` for the live preview's
partial builds); ``tests/test_boundaries.py`` enforces it.
"""

from __future__ import annotations

__version__ = "0.1.0"
