"""Weights of the PCI and PAPI totals, recovered from the published figures (a computed table: weights.csv).

PCI: VCCI's weighted total is a weighted sum of the sub-indices, with weights that change by era. Per year the
weights are fitted by least squares on every province with the total and all sub-indices, and kept only where they
reproduce the published totals (largest absolute residual below TOLERANCE). Elsewhere the weight is left blank and
the note says why. PAPI: the unweighted total is the plain sum of the dimensions (weight 1 each), checked the same way.
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd

from loaders import indices

TOLERANCE = 1e-4
COLUMNS = ["index", "year", "total", "indicator", "weight", "max_residual", "provinces", "method", "status", "note"]


def totals() -> dict[str, tuple[str, str, str]]:
    """Total indicator -> (index, codebook level of its parts, least_squares or sum), from the index registry and the
    WEIGHTED_TOTALS each loader declares.
    """
    out = {}
    for i in indices.all_indices():
        module = importlib.import_module(i.loader if "." in i.loader else f"loaders.{i.loader}")
        for total, method in getattr(module, "WEIGHTED_TOTALS", {}).items():
            out[total] = (i.code, i.sub_level, method)
    return out


def excluded() -> set[str]:
    """Sub-indices published beside a total but not part of it (each loader's OUTSIDE_TOTALS)."""
    return {c for m in indices.loader_modules() for c in getattr(m, "OUTSIDE_TOTALS", ())}


def _components(values: pd.DataFrame, indicators: pd.DataFrame, index: str, level: str, year: int) -> list[str]:
    """Sub-indices of the index with at least one value in the year, in codebook order."""
    codes = indicators.loc[(indicators["index"] == index) & (indicators["level"] == level), "code"]
    present = set(values.loc[(values["year"] == year) & values["value"].notna(), "indicator"])
    outside = excluded()
    return [c for c in codes if c in present and c not in outside]


def _wide(values: pd.DataFrame, index: str, year: int, codes: list[str], statuses) -> pd.DataFrame:
    """Provinces × indicators of one year, vintage 63, values of the given statuses; rows with any gap dropped."""
    v = values[
        (values["index"] == index)
        & (values["year"] == year)
        & (values["vintage"] == 63)
        & values["indicator"].isin(codes)
        & values["status"].isin(list(statuses))
    ]
    w = v.pivot_table(index="province_code", columns="indicator", values="value", aggfunc="first")
    return w.reindex(columns=codes).dropna()


def fit_year(values: pd.DataFrame, indicators: pd.DataFrame, total: str, year: int) -> pd.DataFrame:
    """The weight rows of one total and year (blank weights when they do not reproduce the published totals)."""
    index, level, method = totals()[total]
    subs = _components(values, indicators, index, level, year)
    if not subs:
        return pd.DataFrame(columns=COLUMNS)
    # A total computed here (PAPI outside 2018-2019) is the sum by construction: checked, and said so.
    computed = not _published(values, total, year)
    w = _wide(values, index, year, [total, *subs], ("published", "computed") if computed else ("published",))
    x, y = w[subs].to_numpy(dtype="float64"), w[total].to_numpy(dtype="float64")
    if method == "least_squares":
        weights = np.linalg.lstsq(x, y, rcond=None)[0] if len(w) > len(subs) else np.full(len(subs), np.nan)
    else:
        weights = np.ones(len(subs))
    residual = float(np.abs(x @ weights - y).max()) if len(w) and np.isfinite(weights).all() else np.nan
    good = bool(residual < TOLERANCE)
    if good and computed:
        note = "the total is computed here as the sum of the dimensions: weight 1 by construction"
    elif good:
        note = f"reproduces the {len(w)} published totals within {TOLERANCE:g}"
    elif np.isnan(residual):
        note = "too few provinces with the total and every sub-index to fit"
    else:
        note = f"does not reproduce the published totals (largest difference {residual:.4f}): no weights given"
    return pd.DataFrame(
        {
            "index": index,
            "year": year,
            "total": total,
            "indicator": subs,
            "weight": weights if good else np.nan,
            "max_residual": residual,
            "provinces": len(w),
            "method": method,
            "status": "computed",
            "note": note,
        },
        columns=COLUMNS,
    )


def _published(values: pd.DataFrame, total: str, year: int) -> bool:
    v = values[(values["indicator"] == total) & (values["year"] == year) & values["value"].notna()]
    return bool((v["status"] == "published").any())


def _years(values: pd.DataFrame, total: str) -> list[int]:
    """Years with published totals (fitted totals) or with any total (sums, also checked where computed here)."""
    v = values[(values["indicator"] == total) & values["value"].notna()]
    if totals()[total][2] == "least_squares":
        v = v[v["status"] == "published"]
    return sorted(set(int(y) for y in v["year"]))


def weights_table(values: pd.DataFrame, indicators: pd.DataFrame) -> pd.DataFrame:
    """Every year of every checked total: one row per sub-index with its recovered weight and the fit's residual."""
    frames = []
    for total in totals():
        frames += [fit_year(values, indicators, total, y) for y in _years(values, total)]
    frames = [f for f in frames if len(f)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    out = out.astype({"year": "int64", "provinces": "int64", "weight": "float64", "max_residual": "float64"})
    return out.sort_values(["total", "year", "indicator"], kind="stable").reset_index(drop=True)
