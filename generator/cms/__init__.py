"""The web editor: Decap CMS configured from the content models (``portal cms``).

:mod:`generator.cms.widgets` turns each pydantic model into Decap's fields, one widget per field
with its type, required flag, pattern, choices and hint; :mod:`generator.cms.config` makes one
collection per kind of item and per folder of pages and the backend settings;
:mod:`generator.cms.admin` writes the ``admin/`` folder: the page, ``config.yml``, Decap's own
files copied from ``node_modules`` and the portal's stylesheet for the previews. Nothing here
knows MkDocs.
"""
