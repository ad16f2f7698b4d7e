"""Command line: `python -m loaders build|fetch|import|diff` (exports: `python -m dashboard export`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders import build as build_mod
from loaders import indices


def _print_summary(s: dict) -> None:
    from loaders import version

    if version.version_id(s):
        c = s.get("changes", {})
        since = f"since {c['against']}" if c.get("against") else "(first build here: nothing to compare)"
        print(
            f"\nData version {version.version_id(s)}; changes {since}: {c.get('added', 0)} added, "
            f"{c.get('removed', 0)} removed, {c.get('changed', 0)} changed, {c.get('rank', 0)} rank changes"
        )
    print("\nRows per index:", ", ".join(f"{k} {v}" for k, v in sorted(s["rows_by_index"].items())))
    print("Provinces with a total, per index and year:")
    by = {}
    for c in s["coverage"]:
        by.setdefault((c["index"], c["indicator"]), []).append(f"{c['year']}:{c['provinces_with_value']}")
    for (_index, indicator), cells in sorted(by.items()):
        print(f"  {indicator:<24} " + " ".join(cells))
    print(f"Conflicts between sources kept: {s['conflicts']}")
    if s["warnings"]:
        print(f"Warnings ({len(s['warnings'])}):")
        for w in s["warnings"]:
            print("  -", w)
    if "seconds" in s:
        print(f"Built in {s['seconds']} s ({', '.join(f'{k} {v} s' for k, v in s['timings'].items())})")


def cmd_build(a) -> int:
    print(f"Building from {a.sources} into {a.data}/current")
    try:
        s = build_mod.build(a.sources, a.data, force=a.force)
    except build_mod.BuildError as e:
        print(f"\nBUILD FAILED — the last good build is untouched.\n{e}", file=sys.stderr)
        return 1
    _print_summary(s)
    return 0


def cmd_fetch(a) -> int:
    from loaders import fetch

    try:
        fetch.fetch_all(a.sources, only=a.only)
    except fetch.DownloadError as e:
        print(f"FETCH FAILED — nothing was overwritten.\n{e}", file=sys.stderr)
        return 1
    return 0


def cmd_import(a) -> int:
    from loaders import imports

    try:
        out = imports.import_table(
            a.index, a.year, Path(a.file), source_url=a.source_url, imports_dir=a.data / "imports"
        )
    except (imports.ImportTableError, ValueError) as e:
        print(f"IMPORT FAILED — nothing was changed.\n{e}", file=sys.stderr)
        return 1
    print(f"Imported {out}. Run `python -m loaders build` to include it.")
    return 0


def cmd_diff(a) -> int:
    from loaders import diff

    try:
        table, old_version, new_version = diff.compare(a.old, a.new)
    except diff.DiffError as e:
        print(f"DIFF FAILED.\n{e}", file=sys.stderr)
        return 1
    print(diff.report(table, old_version, new_version, limit=a.limit))
    if a.out:
        table.to_csv(a.out, index=False, encoding="utf-8", lineterminator="\n")
        print(f"Wrote {a.out}")
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    ap.add_argument("--sources", type=Path, default=build_mod.DEFAULT_SOURCES, help="folder of source files")
    ap.add_argument("--data", type=Path, default=build_mod.DATA_DIR, help="output folder (data/)")
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="build the tidy dataset from the source files")
    b.add_argument("--sources", type=Path, default=argparse.SUPPRESS)
    b.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    b.set_defaults(func=cmd_build)
    f = sub.add_parser("fetch", help="download every source file from its official address")
    f.add_argument("--sources", type=Path, default=argparse.SUPPRESS)
    f.add_argument("--only", nargs="*", help="source ids to fetch")
    f.set_defaults(func=cmd_fetch)
    i = sub.add_parser("import", help="add an official table of an index, obtained by hand")
    i.add_argument("--index", required=True, choices=indices.codes())
    i.add_argument("--year", required=True, type=int)
    i.add_argument("--file", required=True)
    i.add_argument("--source-url", default="")
    i.add_argument("--sources", type=Path, default=argparse.SUPPRESS)
    i.set_defaults(func=cmd_import)
    d = sub.add_parser("diff", help="values added, removed and changed, and ranks changed, between two builds")
    d.add_argument("old", type=Path, help="the older build folder, data folder or zip data package")
    d.add_argument("new", type=Path, help="the newer build folder, data folder or zip data package")
    d.add_argument("--out", type=Path, help="write every change to this CSV file")
    d.add_argument("--limit", type=int, default=200, help="lines to print (default 200)")
    d.set_defaults(func=cmd_diff)
    a = ap.parse_args(argv)
    return a.func(a)


if __name__ == "__main__":
    sys.exit(main())
