"""doingoai: a province's multilingual foreign-information portal, built from content/.

The domain (content models, i18n rules, pages from data) lives in plain Python and Jinja and
knows nothing of MkDocs. The engine is imported only by the plugin (:mod:`generator.plugin` and
its options, :mod:`generator.config`) and by the ``portal`` command that drives the build
(:mod:`generator.cli`, :mod:`generator.parallel`); ``tests/test_boundaries.py`` enforces it.
"""

from __future__ import annotations

__version__ = "0.1.0"
