"""Placeholder: the published loader is being written."""

from loaders.common import LoadResult, tidy_frame

SOURCES = []
INDICATORS = []


def load(sources_dir, registry) -> LoadResult:
    """No values yet."""
    return LoadResult(values=tidy_frame([]))
