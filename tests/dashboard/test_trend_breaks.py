"""Trend charts on the built data: no line joins two editions across a method change, the break labels keep apart,
computed values say so, and the national median line is computed from full tables and labelled."""

import pandas as pd
import pytest

from dashboard import charts, indices, profile
from dashboard import data as dashboard_data
from dashboard.i18n import t

CODES = ["08", "94", "04", "01", "96"]  # the default comparison set


@pytest.fixture(scope="module")
def ds():
    return dashboard_data.load()


def _layers(spec: dict, data=None):
    """(layer, its data name) for every unit layer of a spec (layers, concats, nested)."""
    data = spec.get("data", data)
    for key in ("layer", "concat", "hconcat", "vconcat"):
        for sub in spec.get(key, []):
            yield from _layers(sub, data)
    if "mark" in spec:
        yield spec, data


def _mark(layer: dict) -> str:
    return layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]


def joins_across_breaks(spec: dict, index: str) -> list[tuple]:
    """Every pair of neighbouring points one line draws across a method change of the index: (group, year, year)."""
    starts = [b.year for b in indices.method_breaks(index)]
    datasets = spec.get("datasets", {})
    found = []
    for layer, data in _layers(spec):
        if _mark(layer) != "line":
            continue
        enc = layer.get("encoding", {})
        detail = enc.get("detail", [])
        detail = detail if isinstance(detail, list) else [detail]
        group = [e["field"] for e in [*detail, enc.get("color", {})] if "field" in e]
        x, y = enc.get("x", spec.get("encoding", {}).get("x")), enc.get("y")
        rows = pd.DataFrame(datasets[(layer.get("data") or data)["name"]])
        y_field = (y or next(lay["encoding"]["y"] for lay, _ in _layers(spec) if "y" in lay.get("encoding", {})))[
            "field"
        ]
        x_field = (x or {"field": "year"})["field"]
        for key, g in rows.groupby(group, dropna=False) if group else [((), rows)]:
            g = g.sort_values(x_field)
            drawn = g[y_field].notna().to_numpy()
            xs = g[x_field].to_numpy()
            for i in range(1, len(g)):
                if drawn[i] and drawn[i - 1] and any(xs[i - 1] < s <= xs[i] for s in starts):
                    found.append((key, int(xs[i - 1]), int(xs[i])))
    return found


def _trend_specs(ds, index: str, lang: str = "vi") -> dict[str, dict]:
    indicator = indices.headline(index)
    ser = dashboard_data.series(ds.values, index, indicator, CODES)
    names = {c: ds.province_name(c) for c in CODES}
    specs = {
        "score": charts.score_chart(ser, CODES, names, lang, index=index, title="T").to_dict(),
        "profile": profile.small_multiples(profile.index_series(ds.values, "08", [index]), lang).to_dict(),
    }
    median = dashboard_data.median_series(ds.values, index, indicator)
    specs["score_median"] = charts.score_chart(ser, CODES, names, lang, index=index, title="T", median=median).to_dict()
    if ser["rank"].notna().any():
        specs["bump"] = charts.bump_chart(ser, CODES, names, lang, index=index, title="T").to_dict()
    return specs


@pytest.mark.parametrize("index", ["papi", "pci", "sipas"])
def test_no_trend_line_joins_editions_across_a_method_change(ds, index):
    specs = _trend_specs(ds, index)
    assert {k: joins_across_breaks(s, index) for k, s in specs.items()} == {k: [] for k in specs}


def test_the_check_sees_a_line_drawn_across_a_break(ds):
    """Without segments (one line per province) PAPI 2017 -> 2018 is joined: the check above can fail."""
    ser = dashboard_data.series(ds.values, "papi", indices.headline("papi"), CODES).assign(segment=0)
    spec = charts.alt.Chart(ser).mark_line().encode(x="year:Q", y="value:Q", detail="province_code:N").to_dict()
    assert (("08",), 2017, 2018) in [
        (tuple(k) if isinstance(k, tuple) else (k,), a, b) for k, a, b in joins_across_breaks(spec, "papi")
    ]


def _break_texts(spec: dict) -> list[dict]:
    return [
        lay
        for lay, _ in _layers(spec)
        if _mark(lay) == "text" and lay["encoding"].get("text", {}).get("field") == "label"
    ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_break_labels_each_on_their_own_row_above_the_plot(ds, lang):
    spec = _trend_specs(ds, "papi", lang)["score"]
    texts = _break_texts(spec)
    assert len(texts) == 2, "one label per PAPI method change (2016, 2018)"
    offsets = [lay["mark"]["dy"] for lay in texts]
    assert len(set(offsets)) == len(offsets), "two labels on one row would overprint"
    assert all(lay["encoding"]["y"] == {"value": 0} and lay["mark"]["baseline"] == "bottom" for lay in texts)
    assert all(dy < 0 for dy in offsets), "above the top of the plot, so never over a point"
    rows = min(offsets) * -1
    assert spec["title"]["offset"] >= rows, "the title sits above the label rows"


@pytest.mark.parametrize(
    "index,expected", [("papi", {2016: "left", 2018: "left"}), ("sipas", {2022: "right"}), ("pci", {2013: "left"})]
)
def test_a_break_label_in_the_right_half_runs_leftwards(ds, index, expected):
    """A label starting at a late rule would run past the chart's right edge: it is right-aligned to its rule."""
    spec = _trend_specs(ds, index)["score"]
    aligns = {int(lay["transform"][0]["filter"].split()[-1]): lay["mark"]["align"] for lay in _break_texts(spec)}
    assert aligns == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_tooltips_say_computed(ds, lang):
    """PAPI 2011 totals are sums of dimensions: each point's tooltip has a status line saying computed."""
    card = {"papi": dashboard_data.series(ds.values, "papi", indices.headline("papi"), ["08"])}
    specs = _trend_specs(ds, "papi", lang) | {"card": charts.card_trends(card, "#0072B2", lang).to_dict()}
    for name in ("score", "card"):
        spec = specs[name]
        data = [r for d in spec["datasets"].values() for r in d if r.get("year") == 2011 and r.get("value")]
        assert data and {r["status_label"] for r in data} == {t("status_computed", lang)}, name
        tips = [e["title"] for lay, _ in _layers(spec) for e in lay.get("encoding", {}).get("tooltip", [])]
        assert t("status", lang) in tips, name


def test_median_series_only_from_full_tables(ds):
    m = dashboard_data.median_series(ds.values, "pci", "pci_total")
    full = m.dropna()
    assert 2019 in set(full["year"]) and 2024 not in set(full["year"]), "PCI 2024 is a top-30 table: no median"
    y2019 = dashboard_data.select(ds.values, "pci", "pci_total", 2019)["value"].median()
    assert full.set_index("year").loc[2019, "value"] == pytest.approx(y2019)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_median_line_labelled_computed_in_the_legend(ds, lang):
    spec = _trend_specs(ds, "pci", lang)["score_median"]
    label = t("national_median", lang)
    assert t("computed_label", lang) in label
    domains = [
        lay["encoding"]["color"]["scale"]["domain"] for lay, _ in _layers(spec) if "color" in lay.get("encoding", {})
    ]
    assert domains and all(d[-1] == label for d in domains)
    dashed = [lay for lay, _ in _layers(spec) if _mark(lay) == "line" and lay["mark"].get("strokeDash")]
    assert len(dashed) == 1


def test_highlight_preselects_one_province(ds):
    ser = dashboard_data.series(ds.values, "pci", "pci_total", CODES)
    names = {c: ds.province_name(c) for c in CODES}
    spec = charts.score_chart(ser, CODES, names, "vi", index="pci", title="T", highlight="94").to_dict()
    params = [p for lay, _ in _layers(spec) for p in lay.get("params", [])] + spec.get("params", [])
    pick = [p for p in params if p["name"] == "highlight"]
    assert pick and pick[0]["value"] == [{"province": "Sóc Trăng"}] and pick[0]["bind"] == "legend"


def test_the_brief_trend_runs_end_at_method_changes(ds):
    """The brief card's PAPI line: a new run (line piece) starts at 2016 and 2018 for the province and the median."""
    from dashboard import brief

    tr = brief.trend(ds.values, "papi", indices.headline("papi"), "08").set_index("year")
    for col in ("run", "median_run"):
        assert tr.loc[2015, col] != tr.loc[2016, col] and tr.loc[2017, col] != tr.loc[2018, col], col
        assert tr.loc[2011, col] == tr.loc[2015, col] and tr.loc[2018, col] == tr.loc[2024, col], col


@pytest.mark.parametrize("code", CODES)
def test_no_card_trend_line_joins_editions_across_a_method_change(ds, code):
    """The overview card's chart on the built data: within a line segment no two neighbouring editions of an index
    lie on both sides of one of its method changes, and every index with a break is cut there."""
    series = {i: dashboard_data.series(ds.values, i, indices.headline(i), [code]) for i in indices.codes()}
    spec = charts.card_trends(series, "#0072B2", "vi").to_dict()
    line = next(lay for lay, _ in _layers(spec) if _mark(lay) == "line")
    rows = pd.DataFrame(spec["datasets"][line["data"]["name"]]).dropna(subset=["value"])
    labels = {indices.label(i): i for i in indices.codes()}
    joins = []
    for (label, _), g in rows.groupby(["index_label", "segment"]):
        years = sorted(g["year"])
        starts = [b.year for b in indices.method_breaks(labels[label])]
        joins += [(label, a, b) for a, b in zip(years, years[1:]) if any(a < s <= b for s in starts)]
    assert joins == []
    cut = rows.groupby("index_label")["segment"].nunique()
    for label, index in labels.items():
        years = rows.loc[rows["index_label"] == label, "year"]
        if any(years.min() < b.year <= years.max() for b in indices.method_breaks(index)):
            assert cut[label] > 1, f"{label} crosses a method change in one segment"
