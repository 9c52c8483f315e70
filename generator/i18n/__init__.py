"""Languages, gettext catalogs, locale formats and translation status."""
