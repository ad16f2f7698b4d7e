"""Choose one value per key across sources by precedence; keep every other statement and every disagreement."""

from __future__ import annotations

import pandas as pd

from loaders.common import CITATION_COLUMNS, CONFLICT_COLUMNS, KEY

VALUE_TOLERANCE = 0.005  # differences below this are rounding (sources publish two decimals)


def _fmt(x) -> str:
    return "" if pd.isna(x) else f"{x:g}"


def merge_by_precedence(
    values: pd.DataFrame, citations: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(values with one row per key, citations with `chosen` updated, conflicts between the sources' rows).

    The row with the lowest `precedence` wins (official file 1 < official page 2 < news 3); never an average.
    """
    if "precedence" not in values:
        return values, citations, pd.DataFrame(columns=CONFLICT_COLUMNS)
    v = values.copy()
    v["precedence"] = v["precedence"].fillna(9).astype("int64")
    v = v.sort_values([*KEY, "precedence", "source_id"], kind="stable")
    # A key given twice by the same source is a broken source, not a choice: keep every row so that the
    # unique-key check reports it with both locations.
    same_source = v.duplicated([*KEY, "source_id"], keep=False)
    broken_keys = v.loc[same_source, KEY].drop_duplicates()
    broken = v.merge(broken_keys, on=KEY, how="left", indicator=True)["_merge"].eq("both").to_numpy()
    kept_broken, v = v[broken], v[~broken]
    dup = v.duplicated(KEY, keep=False)
    winners = pd.concat([v.drop_duplicates(KEY, keep="first"), kept_broken])
    conflicts, extra_citations = [], []
    if dup.any():
        for key, grp in v[dup].groupby(KEY, sort=True):
            best = grp.iloc[0]
            extra_citations.append(
                {
                    **dict(zip(KEY, key)),
                    "value": best["value"],
                    "rank": best["rank"],
                    "source_id": best["source_id"],
                    "source_url": "",
                    "quote": f"{best['source_ref']}",
                    "chosen": True,
                }
            )
            for _, other in grp.iloc[1:].iterrows():
                extra_citations.append(
                    {
                        **dict(zip(KEY, key)),
                        "value": other["value"],
                        "rank": other["rank"],
                        "source_id": other["source_id"],
                        "source_url": "",
                        "quote": f"{other['source_ref']}",
                        "chosen": False,
                    }
                )
                for field in ("value", "rank"):
                    a, b = best[field], other[field]
                    if pd.isna(a) or pd.isna(b):
                        continue
                    differs = abs(float(a) - float(b)) > VALUE_TOLERANCE if field == "value" else int(a) != int(b)
                    if differs:
                        conflicts.append(
                            {
                                **dict(zip(KEY, key)),
                                "field": field,
                                "chosen_value": _fmt(a),
                                "other_value": _fmt(b),
                                "chosen_source": f"{best['source_id']} {best['source_ref']}",
                                "other_source": f"{other['source_id']} {other['source_ref']}",
                                "note": "kept the higher-precedence source (official file > official page > news)",
                            }
                        )
    winners = winners.drop(columns="precedence").reset_index(drop=True)
    cit = citations.copy()
    if len(cit) and dup.any():
        win_src = winners.drop_duplicates(KEY).set_index(KEY)["source_id"]
        idx = pd.MultiIndex.from_frame(cit[KEY].astype({"year": "int64", "vintage": "int64"}))
        chosen_src = pd.Series(win_src.reindex(idx).to_numpy(), index=cit.index).astype("string")
        overridden = (chosen_src.notna() & (chosen_src != cit["source_id"].astype("string"))).fillna(False)
        cit.loc[overridden, "chosen"] = False
    if extra_citations:
        ext = pd.DataFrame(extra_citations)
        # statements already cited by their own loader are not repeated
        if len(cit):
            seen = set(zip(*(cit[c] for c in [*KEY, "source_id"])))
            ext = ext[[tuple(r) not in seen for r in ext[[*KEY, "source_id"]].itertuples(index=False)]]
        cit = pd.concat([cit, ext], ignore_index=True) if len(cit) else ext
    return winners, cit.reindex(columns=CITATION_COLUMNS), pd.DataFrame(conflicts, columns=CONFLICT_COLUMNS)
