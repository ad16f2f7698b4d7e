"""Placeholder: province boundaries (63 and 34) are being written."""

SOURCES = []


def build(sources_dir, registry, out_dir) -> dict:
    """No geometry yet."""
    return {}
