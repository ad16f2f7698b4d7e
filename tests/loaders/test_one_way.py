"""Data flows one way: the dashboard and the pages read the built data folder, not the build-step modules."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILD_STEPS = ("loaders.geo", "loaders.registry")


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports (`import a.b`, `from a.b import c` gives a.b and a.b.c)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return found


FILES = sorted([*ROOT.glob("dashboard/**/*.py"), *ROOT.glob("pages/**/*.py"), ROOT / "streamlit_app.py"])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_build_step_imported(path):
    bad = {m for m in imported_modules(path) if any(m == s or m.startswith(f"{s}.") for s in BUILD_STEPS)}
    assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}: read the built tables (dashboard/data.py)"


def test_the_check_sees_an_import(tmp_path):
    f = tmp_path / "x.py"
    f.write_text("from loaders import geo\nfrom loaders.registry import load_registry\n", encoding="utf-8")
    assert {"loaders.geo", "loaders.registry.load_registry"} <= imported_modules(f)
    assert len(FILES) > 20
