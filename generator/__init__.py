"""doingoai: a province's multilingual foreign-information portal, built from content/.

The domain (content models, i18n rules, pages from data) lives in plain Python and Jinja;
only :mod:`generator.plugin` knows about MkDocs.
"""

from __future__ import annotations

__version__ = "0.1.0"
