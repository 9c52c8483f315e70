"""Which files of the themes the site serves.

MkDocs copies every static file of every theme folder into the site. Our ``theme/base.html``
replaces Material's and uses only its stylesheets, none of its JavaScript, so Material's script
bundle, its search worker, its lunr language files and every source map would be published for
no page. The rule is an allow-list: our own theme's files (``theme/``) are served, because we put
them there to be served; of Material's, only what our ``base.html`` links; source maps never.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

# Material's files that theme/base.html links (their names carry Material's own content hash).
MATERIAL_SERVED = (
    "assets/stylesheets/main.*.min.css",
    "assets/stylesheets/palette.*.min.css",
)
NEVER_SERVED = ("*.map",)


def serves_theme_file(src_uri: str, from_own_theme: bool) -> bool:
    """Whether a static file of a theme belongs in the site.

    Args:
        src_uri: the file's path inside its theme folder, with '/' separators.
        from_own_theme: True for a file of the portal's ``theme/``, False for Material's.

    Returns:
        True when the file is to be published.
    """
    if any(fnmatchcase(src_uri, pattern) for pattern in NEVER_SERVED):
        return False
    return from_own_theme or any(fnmatchcase(src_uri, pattern) for pattern in MATERIAL_SERVED)
