"""Shared test fixtures: where the real source files and the built data are."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ROOT.parent / "shared" / "sources"
DATA = ROOT / "data" / "current"


@pytest.fixture(scope="session")
def registry():
    """A fresh province registry."""
    from loaders.registry import load_registry

    return load_registry()


@pytest.fixture(scope="session")
def sources_dir() -> Path:
    """The real source files (../shared/sources)."""
    assert SOURCES.is_dir(), f"{SOURCES} missing: the tests need the real source files beside the repo"
    return SOURCES
