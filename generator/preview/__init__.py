"""The live preview (``portal serve``): the site as the last whole build left it, kept up to date
after each save.

- A save re-renders at once, in this process, the pages it touches that a browser shows and the
  edited page in its language (a few pages of one language: a fraction of a second), and the
  browsers showing them reload; then the whole site is rebuilt in the background by
  ``portal build`` into a folder of its own, which replaces the preview in one step when it
  succeeds (other languages, lists, search index, open data).
- The publications' PDFs never hold a save up: its pages list them as the cache last recorded
  them, and the PDFs it changed are laid out behind, in a process of their own, before the
  whole build starts; then they replace the served ones (by a rename) and the pages listing them
  are rendered again.
- A problem is printed as ``path:line: what — fix`` and shown on every page until it is fixed;
  the last good pages stay.
- No request waits for a build: pages are served from whichever complete folder is current, a
  re-rendered page replaces its file by a rename, and the search index only ever arrives with a
  whole build.

Modules: :mod:`watch` (what changed), :mod:`renderer` (a few pages in this process),
:mod:`engine` (what to render when, background builds), :mod:`pdfs` (the PDFs behind),
:mod:`server` (HTTP and reloads).
"""
