"""Build the tidy dataset from the source files into data/current (atomically, deterministically)."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import time
from dataclasses import asdict, fields
from pathlib import Path

import pandas as pd

from loaders import common, imports, indices, integrity, merge, retrieved, statements, weights
from loaders.merge import merge_by_precedence
from loaders.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_SOURCES = ROOT.parent / "shared" / "sources"
OUTPUT_VERSION = "1"  # bump when the output format changes, to force a rebuild


class BuildError(RuntimeError):
    """The build failed; the last good build is untouched."""


def all_sources():
    """Every Source declared by a loader (and the geography step)."""
    from loaders import geo

    return [s for m in [*indices.loader_modules(), geo] for s in m.SOURCES]


def all_indicators():
    """Every codebook row declared by a loader."""
    return [i for m in indices.loader_modules() for i in m.INDICATORS]


def fingerprint(sources_dir: Path) -> str:
    """Hash of every source file and of the loader code: equal fingerprints mean identical outputs."""
    h = hashlib.sha256(OUTPUT_VERSION.encode())
    for p in sorted(Path(__file__).parent.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".csv", ".json", ".toml"}:
            h.update(p.relative_to(ROOT).as_posix().encode())
            h.update(p.read_bytes())
    for s in sorted(all_sources(), key=lambda s: s.id):
        for f in _source_files(sources_dir, s):
            h.update(f.name.encode())
            st = f.stat()
            h.update(f"{st.st_size}:{st.st_mtime_ns}".encode())
    record = Path(sources_dir) / retrieved.RETRIEVED_FILE
    if record.exists():
        h.update(record.read_bytes())
    return h.hexdigest()


def _source_files(sources_dir: Path, s: common.Source) -> list[Path]:
    p = Path(sources_dir) / s.path
    if p.is_dir():
        return sorted(x for x in p.rglob("*") if x.is_file())
    return [p] if p.exists() else []


def _write_csv(df: pd.DataFrame, path: Path) -> None:
    df.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")


def _concat(frames, columns) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True).reindex(columns=columns) if frames else pd.DataFrame(columns=columns)


def sources_table(sources_dir: Path) -> pd.DataFrame:
    """The sources table with a sha256 of each file (of the folder's files, concatenated, for a folder) and the
    retrieval date the fetch command recorded for a file still as downloaded (else what the Source declares)."""
    records = retrieved.read_retrieved(sources_dir)
    rows = []
    for s in sorted(all_sources(), key=lambda s: s.id):
        files = _source_files(sources_dir, s)
        digests = [common.sha256(f) for f in files]
        h = hashlib.sha256()
        for d in digests:
            h.update(d.encode())
        one_file = (Path(sources_dir) / s.path).is_file()
        day = retrieved.retrieved_date(records, s.path, digests[0]) if one_file else ""
        rows.append({**asdict(s), "retrieved": day or s.retrieved, "sha256": h.hexdigest() if files else ""})
    return pd.DataFrame(rows, columns=list(common.SOURCE_COLUMNS))


def indicators_table(values: pd.DataFrame | None = None) -> pd.DataFrame:
    """The codebook; `years` are the editions the values cover (every row of the indicator, missing ones included)."""
    columns = [f.name for f in fields(common.Indicator)]
    tail = ["years", "notes", "notes_vi"]
    columns = [c for c in columns if c not in tail] + tail  # the published column order
    covered = {} if values is None else {k: common.year_span(g) for k, g in values.groupby("indicator")["year"]}
    rows = [{**asdict(i), "years": covered.get(i.code, i.years)} for i in all_indicators()]
    return pd.DataFrame(rows, columns=columns).sort_values(["index", "code"], kind="stable")


def provinces_table(registry) -> pd.DataFrame:
    """The registry with region names, as researchers need it."""
    rows = []
    for p in registry.provinces:
        d = asdict(p)
        d["members"] = " ".join(p.members)
        reg = registry.regions.get(p.region_code, {})
        d["region_vi"], d["region_en"] = reg.get("name_vi", ""), reg.get("name_en", "")
        rows.append(d)
    return pd.DataFrame(rows)


def successions_table(registry) -> pd.DataFrame:
    """Every succession of a unit (Hà Tây into Hà Nội in 2008, the 63 into the 34 in 2025), with its act."""
    columns = ["code", "vintage", "successor", "successor_vintage", "date", "act", "code_basis"]
    return pd.DataFrame(registry.succession_rows(), columns=columns)


def focus_table(registry) -> pd.DataFrame:
    """The provinces a view shows when its link names none, in their order."""
    return pd.DataFrame(registry.focus, columns=["code", "vintage", "name_vi"])


def sanity_checks(values: pd.DataFrame, registry, imported: set = frozenset()) -> list[str]:
    """All named checks over the full table, plus each loader's expected province counts.

    An imported official table replaces the expected count for its (indicator, year): see loaders/imports/.
    """
    files = {s.id: s.path for s in all_sources()}
    problems = (
        common.check_unique_key(values, files)
        + common.check_codes_in_registry(values, registry)
        + common.check_scales(values, all_indicators(), files)
        + common.check_status(values)
    )
    for m in indices.loader_modules():
        for indicator, expected in m.EXPECTED_COUNTS.items():
            expected = {y: n for y, n in expected.items() if (indicator, y) not in imported}
            problems += common.check_province_counts(values, indicator, expected, files)
    return problems


def national_stats(sources_dir: Path) -> pd.DataFrame:
    """National and regional figures (not provinces) that loaders with a `national_stats()` read."""
    rows = [r for m in indices.loader_modules() if hasattr(m, "national_stats") for r in m.national_stats(sources_dir)]
    df = pd.DataFrame(rows, columns=statements.NATIONAL_STATS_COLUMNS)
    df = df.astype({"year": "int64", "value": "float64"}).sort_values(["index", "year", "statistic"], kind="stable")
    return df.reset_index(drop=True)


def coverage(values: pd.DataFrame) -> pd.DataFrame:
    """Provinces with a published (or missing-at-source) total per index and year."""
    totals = {c for i in indices.all_indices() for c in i.coverage}
    t = values[values["indicator"].isin(totals)]
    g = t.groupby(["index", "year", "indicator"])
    return pd.DataFrame(
        {
            "provinces_with_value": g["value"].count(),
            "provinces_missing": g["status"].apply(lambda s: int((s == "missing").sum())),
        }
    ).reset_index()


@contextlib.contextmanager
def build_lock(data_dir: Path):
    """One build at a time per data folder (a second waits)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / ".build.lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def current_dir(data_dir: Path = DATA_DIR) -> Path:
    """The folder of the last good build."""
    return data_dir / "current"


def _swap_in(data_dir: Path, new: Path) -> None:
    """Point data/current at `new` with one atomic rename, then remove older builds."""
    link = data_dir / "current"
    tmp_link = data_dir / f".current-{os.getpid()}"
    if tmp_link.is_symlink() or tmp_link.exists():
        tmp_link.unlink()
    tmp_link.symlink_to(new.name)
    os.replace(tmp_link, link)
    # Keep the build that was current until now (a running app may still be reading it); remove older ones.
    older = sorted(
        (p for p in data_dir.glob("build-*") if p.resolve() != new.resolve()), key=lambda p: p.stat().st_mtime
    )
    for old in older[:-1]:
        shutil.rmtree(old, ignore_errors=True)


def clean_debris(data_dir: Path) -> list[str]:
    """Remove what killed or failed builds left (call under the build lock, when no other build is writing):
    staging folders, temporary links, and build folders newer than the current one that never became current."""
    current = (data_dir / "current").resolve() if (data_dir / "current").exists() else None
    removed = []
    for p in sorted(data_dir.glob(".stage-*")) + sorted(data_dir.glob(".current-*")):
        if p.is_symlink() or p.is_file():
            p.unlink(missing_ok=True)
        else:
            shutil.rmtree(p, ignore_errors=True)
        removed.append(p.name)
    if current is not None:
        for p in sorted(data_dir.glob("build-*")):
            if p.resolve() != current and p.stat().st_mtime > current.stat().st_mtime:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p.name)
    return removed


def build(sources_dir: Path = DEFAULT_SOURCES, data_dir: Path = DATA_DIR, force: bool = False, log=print) -> dict:
    """Run every loader, check, and write the outputs; returns the summary. Raises BuildError on any failure."""
    sources_dir, data_dir = Path(sources_dir), Path(data_dir)
    if not sources_dir.is_dir():
        raise BuildError(f"sources folder {sources_dir} not found: pass --sources DIR or run `python -m loaders fetch`")
    with build_lock(data_dir):
        removed = clean_debris(data_dir)
        if removed:
            log(f"removed what earlier builds left unfinished: {', '.join(removed)}")
        imports_dir = data_dir / "imports"  # official tables added by `python -m loaders import`
        fp = imports.fingerprint(fingerprint(sources_dir), imports_dir)
        cur = current_dir(data_dir)
        if not force and (cur / "summary.json").exists():
            try:
                old = json.loads((cur / "summary.json").read_text(encoding="utf-8"))
            except ValueError:
                old = {}  # a damaged summary: rebuild
            damaged = integrity.check(cur) if old.get("fingerprint") == fp else None
            if damaged == []:
                log("sources and loaders unchanged since the last build: nothing to do (use --force to rebuild)")
                return old
            if damaged:
                changes = "\n  ".join(map(str, damaged))
                log(f"{cur.resolve()} was changed after its build wrote it; rebuilding:\n  {changes}")
        t0 = time.perf_counter()
        registry = load_registry()
        results, timings = [], {}
        for m in indices.loader_modules():
            t = time.perf_counter()
            name = m.__name__.split(".")[-1]
            try:
                r = m.load(sources_dir, registry)
            except Exception as e:
                raise BuildError(f"{name}: {e}") from e
            timings[name] = round(time.perf_counter() - t, 2)
            log(
                f"  {name:<10} {len(r.values):>6} rows  {timings[name]:>5.2f} s"
                + "".join(f"\n    ! {w}" for w in r.warnings)
            )
            results.append(r)
        try:
            results.append(imports.load_imports(imports_dir, registry))
        except imports.ImportTableError as e:
            raise BuildError(f"imports: {e}") from e
        values = common.tidy_frame(pd.concat([r.values for r in results], ignore_index=True))
        citations = _concat([r.citations for r in results], common.CITATION_COLUMNS)
        known_errors = {
            (sid, year, registry.lookup(province, 63)): note
            for m in indices.loader_modules()
            for sid, year, province, note in getattr(m, "KNOWN_SOURCE_ERRORS", [])
        }
        values, citations, cross_conflicts = merge_by_precedence(values, citations, known_errors)
        conflicts = _concat([*(r.conflicts for r in results), cross_conflicts], common.CONFLICT_COLUMNS)
        values = common.tidy_frame(values).sort_values(common.KEY, kind="stable").reset_index(drop=True)
        conflicts = _concat([conflicts, merge.rank_inversions(values)], common.CONFLICT_COLUMNS)
        problems = sanity_checks(values, registry, imports.imported_keys(imports_dir))
        if problems:
            raise BuildError(
                "sanity checks failed:\n  " + "\n  ".join(problems[:50]) + "\nRemedy: compare the named file with "
                "the copy from the official address (`python -m loaders fetch`); if the publisher changed it, update "
                "its parser in loaders/ or the registry aliases."
            )
        warnings = [w for r in results for w in r.warnings]

        stage = data_dir / f".stage-{os.getpid()}"
        final = None
        try:
            stage.mkdir()
            _write_csv(values, stage / "values.csv")
            _write_csv(indices.table(), stage / "indices.csv")
            _write_csv(indices.breaks_table(), stage / "method_breaks.csv")
            _write_csv(indicators_table(values), stage / "indicators.csv")
            try:
                sources = sources_table(sources_dir)
            except retrieved.RetrievedFileError as e:
                raise BuildError(str(e)) from e
            _write_csv(imports.with_import_sources(sources, imports_dir), stage / "sources.csv")
            _write_csv(provinces_table(registry), stage / "provinces.csv")
            _write_csv(successions_table(registry), stage / "successions.csv")
            _write_csv(focus_table(registry), stage / "focus.csv")
            citations = citations.astype({"year": "int64", "vintage": "int64", "rank": "Int64", "value": "float64"})
            _write_csv(citations.sort_values(common.KEY, kind="stable"), stage / "citations.csv")
            _write_csv(conflicts, stage / "conflicts.csv")
            _write_csv(weights.weights_table(values, indicators_table()), stage / "weights.csv")
            _write_csv(national_stats(sources_dir), stage / "national_stats.csv")
            cov = coverage(values)
            _write_csv(cov, stage / "coverage.csv")
            from loaders import datapackage, geo

            t = time.perf_counter()
            geo_info = geo.build(sources_dir, registry, stage)
            timings["geo"] = round(time.perf_counter() - t, 2)
            log(f"  {'geo':<10} {timings['geo']:>13.2f} s")
            warnings += [f"alias never used in this build: {a}" for a in registry.unused_aliases()]
            datapackage.write(stage)
            summary = {
                "fingerprint": fp,
                "rows": len(values),
                "rows_by_index": {k: int(v) for k, v in values.groupby("index").size().items()},
                "coverage": cov.to_dict(orient="records"),
                "conflicts": len(conflicts),
                "warnings": warnings,
                "geo": geo_info,
            }
            from loaders import release

            summary |= release.finish(stage, cur if cur.exists() else None)  # version, Parquet, changes
            summary[integrity.KEY] = integrity.manifest(stage)  # last: finish adds and stamps files
            (stage / "summary.json").write_text(
                json.dumps(summary, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
            )
            final = data_dir / f"build-{fp[:12]}-{time.time_ns()}"
            os.replace(stage, final)
            _swap_in(data_dir, final)
        except Exception as e:
            shutil.rmtree(stage, ignore_errors=True)
            if final is not None and (data_dir / "current").resolve() != final.resolve():
                shutil.rmtree(final, ignore_errors=True)  # never became current
            if isinstance(e, BuildError):
                raise
            raise BuildError(
                f"writing outputs failed: {e}\nRemedy: free space and inodes in {data_dir} (`df -h`, `df -i`) and "
                "build again; nothing was left behind."
            ) from e
        summary["seconds"] = round(time.perf_counter() - t0, 2)
        summary["timings"] = timings
        return summary
