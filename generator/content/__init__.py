"""Content: typed models of every item, the loader with file and line in every error,
and the registry of items across languages."""
