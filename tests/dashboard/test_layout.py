"""The shape of the code: dashboard/ is pure (no Streamlit), and nothing reaches into Streamlit's or Altair's
private parts except the one documented page-routing shim."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(p.stem for p in (ROOT / "dashboard").glob("*.py") if p.stem != "__init__")
PRIVATE = re.compile(r"streamlit\.runtime|\._kwds\b|__class__\s*=|from streamlit\.(?!testing)|altair\.utils\.schemapi")
SHIM = ROOT / "pages" / "_routing.py"  # the one allowed use, documented there


def test_dashboard_imports_without_streamlit():
    code = "import sys; sys.modules['streamlit'] = None\n" + "".join(f"import dashboard.{m}\n" for m in MODULES)
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_no_private_streamlit_or_altair_api():
    files = [*ROOT.glob("dashboard/*.py"), *ROOT.glob("pages/**/*.py"), ROOT / "streamlit_app.py"]
    hits = [
        f"{p.relative_to(ROOT)}:{n}: {line.strip()}"
        for p in files
        if p != SHIM
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if PRIVATE.search(line)
    ]
    assert hits == []
