"""The full ranking table of one index and year (every province × every sub-index), PCI tiers as published, and
the tables behind the charts and maps (each exactly the rows its chart or map plots)."""

from __future__ import annotations

import pandas as pd

from dashboard import data, indices
from dashboard.i18n import MISSING, fmt_number, indicator_name, t
from dashboard.ranks import rank_cell, status_text, tier_label

# Tier colours from best to worst (a diverging green-to-red ramp); a tier takes the colour of its place in
# tier_order. Six places: PCI publishes at most six tiers in an edition.
TIER_COLORS = ("#1a9850", "#91cf60", "#d9ef8b", "#fee08b", "#fc8d59", "#d73027")
COMPUTED_MARK = "†"  # after a computed figure in a table cell; the table's caption says what it means


def tier_order(values: pd.DataFrame, index: str) -> list[str]:
    """Every tier label the index's tables print, best first: ordered by the mean published rank of the provinces
    given that tier over all editions (the order comes from the source's own ranks, no tier is derived)."""
    v = values[(values["index"] == index) & values["tier"].notna() & values["rank"].notna()]
    if v.empty:
        return []
    share = v["rank"].astype(float) / v.groupby("year")["rank"].transform("max").astype(float)
    mean = share.groupby(v["tier"]).mean().sort_values(kind="stable")
    return [str(x) for x in mean.index]


def tier_colors(values: pd.DataFrame, index: str) -> dict[str, str]:
    """Tier label → colour, by the tier's place in tier_order (each vocabulary of labels on its own ramp)."""
    order = tier_order(values, index)
    english = [x for x in order if x.isascii()]
    vietnamese = [x for x in order if not x.isascii()]
    last = len(TIER_COLORS) - 1
    return {x: TIER_COLORS[min(i, last)] for group in (vietnamese, english) for i, x in enumerate(group)}


def tiers_of(values: pd.DataFrame, index: str, year: int) -> list[str]:
    """The tiers one edition prints, best first (empty when it prints none)."""
    have = set(data.select(values, index, indices.headline(index), year)["tier"].dropna())
    return [x for x in tier_order(values, index) if x in have]


def columns_of(ds: data.Dataset, index: str, year: int) -> list[str]:
    """Indicators of the full table: the headline total, the other totals, then the sub-indices, each with a figure
    in that year."""
    v = data.select(ds.values, index, year=year)
    have = set(v.loc[v["value"].notna() | v["rank"].notna(), "indicator"])
    head = indices.headline(index)
    rest = [c for c in ds.indicators_of(index) if c != head and c in have]
    level = indices.sub_level(index)
    totals = [c for c in rest if ds.indicator(c).get("level") == "total"]
    subs = [c for c in rest if ds.indicator(c).get("level") == level]
    return [head, *totals, *subs] if head in have else [*totals, *subs]


def league_table(ds: data.Dataset, index: str, year: int, tier: str | None = None) -> pd.DataFrame:
    """Every province of the 63 for one edition, one row each: rank, rank_status, tier, and per indicator its value
    and status (columns `<code>` and `<code>__status`); ranked first by rank, then by the headline score, missing
    last. `tier` keeps only the provinces of that published tier."""
    head = indices.headline(index)
    cols = columns_of(ds, index, year)
    v = data.select(ds.values, index, year=year)
    out = pd.DataFrame({"province_code": ds.province_codes(63)})
    h = v.loc[v["indicator"] == head, ["province_code", "rank", "rank_status", "tier", "source_id"]]
    out = out.merge(h, on="province_code", how="left")
    for code in cols:
        part = v.loc[v["indicator"] == code, ["province_code", "value", "status"]]
        part = part.rename(columns={"value": code, "status": f"{code}__status"})
        out = out.merge(part, on="province_code", how="left")
    out["province"] = out["province_code"].map(ds.province_name)
    by = ["rank", *([head] if head in cols else []), "province_code"]
    out = out.sort_values(by, ascending=[True, *([False] if head in cols else []), True], na_position="last")
    if tier:
        out = out[out["tier"] == tier]
    return out.reset_index(drop=True)


def _headers(ds: data.Dataset, index: str, cols: list[str], lang: str) -> dict[str, str]:
    head = indices.headline(index)
    return {c: indices.label(index) if c == head else indicator_name(ds.indicator(c), lang) for c in cols}


def league_frame(ds: data.Dataset, table: pd.DataFrame, index: str, year: int, lang: str) -> pd.DataFrame:
    """The full table as shown and downloaded: rank, province, tier (where printed), then one column per indicator
    (numbers, blank where missing); computed figures are marked in league_marks."""
    cols = columns_of(ds, index, year)
    names = _headers(ds, index, cols, lang)
    shown = {t("rank", lang): table["rank"].astype("Int64"), t("col_province", lang): table["province"]}
    if table["tier"].notna().any() or tiers_of(ds.values, index, year):
        shown[t("col_tier", lang)] = table["tier"].map(lambda x: tier_label(x, lang), na_action="ignore")
    for c in cols:
        shown[names[c]] = table[c].astype("Float64")
    out = pd.DataFrame(shown)
    if table["rank"].isna().all():
        out = out.drop(columns=[t("rank", lang)])
    return out.reset_index(drop=True)


def league_marks(ds: data.Dataset, table: pd.DataFrame, index: str, year: int, lang: str) -> dict[str, pd.Series]:
    """Per shown column, which rows hold a computed figure (a computed rank or a computed value)."""
    cols = columns_of(ds, index, year)
    names = _headers(ds, index, cols, lang)
    marks = {t("rank", lang): (table["rank_status"] == "computed").fillna(False).reset_index(drop=True)}
    for c in cols:
        marks[names[c]] = (table[f"{c}__status"] == "computed").fillna(False).reset_index(drop=True)
    return {k: m.astype(bool) for k, m in marks.items() if m.any()}


def sortable_texts(values: pd.Series, lang: str, decimals: int, computed: pd.Series | None = None) -> list[str]:
    """Figures (never negative) as text in the language, "–" where missing and a computed one followed by the mark,
    the number left-padded with spaces to one width so that sorting the texts sorts the numbers."""
    numbers = [fmt_number(x, lang, decimals=decimals) for x in values]
    width = max(map(len, numbers), default=0)
    marked = [False] * len(numbers) if computed is None else [bool(c) for c in computed]
    return [f"{n.rjust(width)} {COMPUTED_MARK}" if c else n.rjust(width) for n, c in zip(numbers, marked, strict=True)]


def shown_frame(frame: pd.DataFrame, marks: dict[str, pd.Series], lang: str) -> pd.DataFrame:
    """A table as the grid shows it: each numeric column as sortable_texts (integers without decimals, others with
    two; computed figures marked), every other cell as it is, "–" where missing."""
    out = {}
    for col in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[col]):
            d = 0 if pd.api.types.is_integer_dtype(frame[col]) else 2
            out[col] = sortable_texts(frame[col], lang, d, marks.get(col))
        else:
            out[col] = frame[col].astype(object).where(frame[col].notna(), MISSING)
    return pd.DataFrame(out, index=frame.index)


def league_csv_frame(frame: pd.DataFrame, marks: dict[str, pd.Series], lang: str) -> pd.DataFrame:
    """The shown table for the CSV: the same rows and columns, numbers as numbers, and one column naming the
    computed figures of each row (blank when none)."""
    out = frame.copy()
    if marks:
        computed = [
            ", ".join(col for col, m in marks.items() if m.iloc[i]) for i in range(len(frame))
        ]  # the columns of the row that hold a computed figure
        out[t("col_computed", lang)] = computed
    return out


# --- Tables behind a chart or a map: exactly the rows plotted. ---


def plotted_table(
    rows: pd.DataFrame, names: dict[str, str], lang: str, *, field: str, with_year: bool = True, sources=None
) -> pd.DataFrame:
    """The rows a chart or map plots as a table: province, (year,) the plotted figure (value or rank) as a number,
    its status in the language and its source (named by `sources`, id → credit, where given); one row per plotted
    point, in the order given."""
    rows = rows.reset_index(drop=True)
    out = {t("col_province", lang): rows["province_code"].map(lambda c: names.get(c, c))}
    if with_year and "year" in rows:
        out[t("year", lang)] = rows["year"].astype(int).astype(str)  # a label, not a number to group in thousands
    label = t("rank", lang) if field == "rank" else t("value", lang)
    out[label] = rows[field].astype("Int64" if field == "rank" else "Float64")
    if field == "value" and "rank" in rows and rows["rank"].notna().any():
        out[t("rank", lang)] = [rank_cell(r, s, lang) for r, s in zip(rows["rank"], rows["rank_status"], strict=True)]
    status = rows["status"] if "status" in rows else pd.Series(["published"] * len(rows))
    out[t("status", lang)] = [
        status_text(s, v, r, lang)
        for s, v, r in zip(status, rows.get("value", rows[field]), rows.get("rank", rows[field]), strict=True)
    ]
    named = rows["source_id"].map(lambda i: (sources or {}).get(i, i)) if "source_id" in rows else None
    out[t("source", lang)] = named.fillna(MISSING) if named is not None else MISSING
    return pd.DataFrame(out)


def map_table(rows: pd.DataFrame, codes, names: dict[str, str], lang: str, sources=None) -> pd.DataFrame:
    """What a map draws as a table: every province of the map (those without a figure as missing), its value (headed
    as an estimate where it is one), rank, published tier where the edition prints one, status and source."""
    full = pd.DataFrame({"province_code": list(codes)}).merge(rows, on="province_code", how="left")
    full["status"] = full["status"].fillna("missing")
    out = plotted_table(full, names, lang, field="value", with_year=False, sources=sources)
    if "method" in full and full["method"].notna().any():  # the 34-province estimate: computed, never a score
        out = out.rename(columns={t("value", lang): t("maps_estimate", lang)})
    if "tier" in full and full["tier"].notna().any():
        out.insert(
            3, t("col_tier", lang), full["tier"].map(lambda x: tier_label(x, lang), na_action="ignore").fillna(MISSING)
        )
    return out
