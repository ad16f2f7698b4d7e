"""Loaders: official source files → one tidy table of the indices listed in loaders/indices.toml, with provenance."""
