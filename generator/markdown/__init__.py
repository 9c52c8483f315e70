"""Markdown extensions of the portal (named in mkdocs.yml's markdown_extensions)."""
