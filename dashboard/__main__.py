"""Command line: `python -m dashboard export` — a selection of the built data as csv, xlsx or a zip data package."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from dashboard import export
from dashboard.data import ROOT


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT / "data", help="data folder holding current/ (data/)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("export", help="export a selection as csv, xlsx or a zip data package")
    e.add_argument("--index", default="")
    e.add_argument("--years", default="")
    e.add_argument("--provinces", default="")
    e.add_argument("--format", default="csv", choices=["csv", "xlsx", "zip"])
    e.add_argument("--computed", action="store_true", help="include computed values (status / rank_status computed)")
    e.add_argument("--lang", default="vi", choices=["vi", "en"], help="language of PCI tiers and the citation (vi)")
    e.add_argument("--url", default="", help="the address the file will be published at, named in its citation")
    e.add_argument("--vintage", type=int, choices=[63, 34], help="63 or 34 provinces (default: both)")
    e.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    try:
        path = export.export_cli(a)
    except ValueError as err:
        print(f"EXPORT FAILED — {err}", file=sys.stderr)
        return 1
    print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
