"""Which files of the themes the site serves.

MkDocs copies every static file of every theme folder into the site. Our ``theme/base.html``
replaces Material's and uses none of its stylesheets or scripts (``theme/assets/stylesheets/
typeset.css`` styles what we used of them), so Material's bundles, search worker, lunr language
files and source maps would be published for no page. The rule is an allow-list: of Material's
files, none; of our own theme's (``theme/``), every file we put there to be served, except the
stylesheets, scripts and fonts, which are published only in their built form, bundled, minified
and named after their content (:mod:`generator.theme_bundle`); source maps never.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

# Our theme's files that reach the site only through generator/theme_bundle.py.
BUILT_FROM = (
    "assets/stylesheets/*.css",
    "assets/javascripts/*.js",
    "assets/fonts/*.woff2",
)
NEVER_SERVED = ("*.map", "print/*")
"""Source maps, and the print templates and stylesheet (read by generator/publications/)."""


def serves_theme_file(src_uri: str, from_own_theme: bool) -> bool:
    """Whether a static file of a theme is published as it is.

    Args:
        src_uri: the file's path inside its theme folder, with '/' separators.
        from_own_theme: True for a file of the portal's ``theme/``, False for Material's.

    Returns:
        True when the file is to be copied into the site.
    """
    if not from_own_theme or any(fnmatchcase(src_uri, pattern) for pattern in NEVER_SERVED):
        return False
    return not any(fnmatchcase(src_uri, pattern) for pattern in BUILT_FROM)
