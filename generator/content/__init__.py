"""Content: typed models of every item, the loader with file and line in every error, and the
loaded :class:`~generator.content.portal.Portal` (pages in every language, items by kind), whose
cross-checks find every reference to an item and every path to a file from the models' types."""
