"""Chart builders: spec assertions (ranks reversed from 1, method breaks, gaps kept as nulls, colours, locale, titles)
and the data helpers they are fed by. Frames here are small hand-made fixtures, not figures of any index."""

import math

import pandas as pd
import pytest

from dashboard import charts, data, indices, theme
from dashboard.i18n import has, t

CODES = ["08", "01", "96"]
NAMES = {"08": "Tuyên Quang", "01": "Hà Nội", "96": "Cà Mau"}


def frame(years=(2011, 2012, 2013, 2014), missing=((("01", 2012)),)) -> pd.DataFrame:
    """One row per province and year; the listed (code, year) pairs are blank (missing), as dd.series gives them."""
    rows = []
    for i, c in enumerate(CODES):
        for j, y in enumerate(years):
            gone = (c, y) in missing
            rows.append(
                {
                    "province_code": c,
                    "year": y,
                    "value": None if gone else 50.0 + i + j / 4,
                    "rank": None if gone else 10 * i + j + 1,
                    "rank_status": None if gone else "published",
                    "status": "missing" if gone else "published",
                    "source_id": None if gone else "s1",
                }
            )
    df = pd.DataFrame(rows)
    df["rank"] = df["rank"].astype("Int64")
    return df


def spec_layers(spec: dict) -> list[dict]:
    """Every layer of a (possibly nested) layered spec."""
    out = []
    for layer in spec.get("layer", []):
        out += spec_layers(layer) if "layer" in layer else [layer]
    return out


def rows(spec: dict) -> list[dict]:
    """All data rows inlined in the spec."""
    return [r for ds in spec.get("datasets", {}).values() for r in ds]


def main_rows(spec: dict) -> list[dict]:
    return [r for r in rows(spec) if "province_code" in r]


def marks(spec: dict) -> list[str]:
    return [lay["mark"]["type"] if isinstance(lay["mark"], dict) else lay["mark"] for lay in spec_layers(spec)]


def encodings(spec: dict, channel: str) -> list[dict]:
    return [lay["encoding"][channel] for lay in spec_layers(spec) if channel in lay.get("encoding", {})]


def bump(index="pci", lang="vi", df=None, **kw):
    return charts.bump_chart(frame() if df is None else df, CODES, NAMES, lang, index=index, title="T", **kw).to_dict()


def test_bump_rank_axis_reversed_from_one():
    spec = bump(rank_max=63)
    y = [e for e in encodings(spec, "y") if e.get("field") == "rank"]
    assert y, "rank on y"
    for enc in y:
        assert enc["scale"]["reverse"] is True
        assert enc["scale"]["domain"] == [1, 63]
        assert enc["axis"]["values"][0] == 1


@pytest.mark.parametrize(
    "index,years,expected",
    [
        ("pci", range(2005, 2020), [2013]),
        ("papi", range(2011, 2025), [2016, 2018]),
        ("sipas", range(2017, 2025), [2022]),
        ("par", range(2012, 2025), []),
        ("pci", range(2014, 2020), []),
        ("papi", range(2017, 2025), [2018]),
    ],
)
def test_method_breaks_at_the_right_years(index, years, expected):
    df = frame(years=tuple(years), missing=())
    spec = bump(index=index, df=df)
    breaks = [r for r in rows(spec) if "break_year" in r]
    assert sorted(r["break_year"] for r in breaks) == expected
    assert all(r["x"] == r["break_year"] - 0.5 for r in breaks), "rule drawn between the two editions"
    assert ("rule" in marks(spec)) == bool(expected)


def test_every_method_break_has_a_label_and_caption():
    keys = [f"break_{b.index}_{b.year}" for b in indices.method_breaks()]
    keys += [f"breaks_caption_{i}" for i in {b.index for b in indices.method_breaks()}]
    assert [(k, lang) for k in keys for lang in ("vi", "en") if not has(k, lang)] == []


@pytest.mark.parametrize("builder", ["bump", "score"])
def test_missing_years_stay_null_not_zero(builder):
    df = frame()
    chart = (charts.bump_chart if builder == "bump" else charts.score_chart)(
        df, CODES, NAMES, "vi", index="par", title="T"
    )
    gap = [r for r in main_rows(chart.to_dict()) if r["province_code"] == "01" and r["year"] == 2012]
    assert len(gap) == 1, "the missing year is kept as a row so the line breaks there"
    field = "rank" if builder == "bump" else "value"
    assert gap[0][field] is None
    assert all(r[field] != 0 for r in main_rows(chart.to_dict()))


def test_lines_are_not_told_to_skip_nulls():
    """Vega-Lite breaks a line at a null by default; a filter or `invalid: filter` would join across the gap."""
    spec = bump()
    for lay in spec_layers(spec):
        if marks({"layer": [lay]}) == ["line"]:
            assert "transform" not in lay
            assert lay["mark"].get("invalid") in (None, "break-paths-show-domains")


@pytest.mark.parametrize("builder", [charts.bump_chart, charts.score_chart])
def test_province_colours_follow_the_selection(builder):
    spec = builder(frame(), CODES, NAMES, "en", index="pci", title="T").to_dict()
    colors = theme.province_colors(CODES)
    for enc in encodings(spec, "color"):
        if enc.get("field") == "province":
            assert enc["scale"]["domain"] == [NAMES[c] for c in CODES]
            assert enc["scale"]["range"] == [colors[c] for c in CODES]


def test_computed_ranks_drawn_differently():
    df = frame(missing=())
    df.loc[(df["province_code"] == "96") & (df["year"] == 2011), "rank_status"] = "computed"
    spec = bump(df=df)
    points = [lay for lay in spec_layers(spec) if marks({"layer": [lay]}) == ["point"]]
    shapes = {lay["mark"].get("shape", "circle") for lay in points}
    assert shapes == {"circle", "diamond"}
    hollow = [lay for lay in points if lay["mark"].get("filled") is False]
    assert hollow and "computed" in hollow[0]["transform"][0]["filter"]


@pytest.mark.parametrize(
    "lang,decimal,rank_title", [("vi", ",", "Xếp hạng (1 = cao nhất)"), ("en", ".", "Rank (1 = best)")]
)
def test_locale_and_titles_in_the_language(lang, decimal, rank_title):
    spec = bump(lang=lang)
    assert spec["config"]["locale"]["number"]["decimal"] == decimal
    assert {e["title"] for e in encodings(spec, "y") if "field" in e} == {rank_title}
    assert {e["title"] for e in encodings(spec, "x") if e.get("field") == "year"} == {"Năm" if lang == "vi" else "Year"}
    breaks = [
        r["label"] for r in rows(bump(index="pci", lang=lang, df=frame(years=(2012, 2013), missing=()))) if "label" in r
    ]
    assert breaks == [t("break_pci_2013", lang)]


def test_title_and_subtitle_carried():
    spec = charts.score_chart(
        frame(), CODES, NAMES, "vi", index="pci", title="PCI: điểm 2011–2014", subtitle=["Tuyên Quang, Hà Nội, Cà Mau"]
    ).to_dict()
    assert spec["title"]["text"] == "PCI: điểm 2011–2014"
    assert spec["title"]["subtitle"] == ["Tuyên Quang, Hà Nội, Cà Mau"]


def test_years_are_not_grouped():
    """2019 must not read "2.019" under the Vietnamese locale."""
    spec = bump(lang="vi")
    assert {e["axis"]["format"] for e in encodings(spec, "x") if e.get("field") == "year"} == {"d"}


def test_coverage_grid_counts():
    cov = pd.DataFrame(
        [
            {"index": "pci", "year": 2019, "codes": ["08", "01"], "n": 2, "k": 3},
            {"index": "sipas", "year": 2019, "codes": [], "n": 0, "k": 3},
        ]
    )
    spec = charts.coverage_grid(cov, NAMES, "vi", title="T").to_dict()
    got = {(r["index_label"], r["text"], r["who"]) for r in rows(spec)}
    assert got == {("PCI", "2/3", "Tuyên Quang, Hà Nội"), ("SIPAS", "0/3", "không tỉnh nào")}


def compare_frame() -> pd.DataFrame:
    out = []
    for order, ind in enumerate(["Chỉ số A", "Chỉ số B"]):
        for i, c in enumerate(CODES):
            out.append(
                {"indicator_label": ind, "series": NAMES[c], "kind": "province", "value": 5.0 + i, "order": order}
            )
        out.append(
            {
                "indicator_label": ind,
                "series": "Trung vị cả nước (tính toán)",
                "kind": "median",
                "value": 5.5,
                "order": order,
            }
        )
        out.append(
            {"indicator_label": ind, "series": "Tỉnh cao nhất", "kind": "best", "value": math.nan, "order": order}
        )
    return pd.DataFrame(out)


def test_the_compare_legend_lists_only_the_series_drawn():
    """PCI 2020's sub-indices: no median and no best province where too few provinces have the figure."""
    frame = compare_frame()
    frame = frame[frame["kind"] == "province"]
    frame = frame.assign(value=frame["value"].where(frame["series"] == NAMES[CODES[0]]))
    spec = charts.compare_dots(frame, CODES, NAMES, "vi", title="PCI 2020").to_dict()
    for channel in ("color", "shape"):
        (enc,) = [e for e in encodings(spec, channel) if e.get("field") == "series"]
        assert enc["scale"]["domain"] == [NAMES[CODES[0]]]
        assert len(enc["scale"]["range"]) == 1


def test_compare_median_labelled_computed_and_missing_left_out():
    spec = charts.compare_dots(compare_frame(), CODES, NAMES, "vi", title="PAPI 2019").to_dict()
    color = [e for e in encodings(spec, "color") if e.get("field") == "series"][0]
    assert color["scale"]["domain"][-1] == "Trung vị cả nước (tính toán)"
    assert "Tỉnh cao nhất" not in color["scale"]["domain"], "the legend lists only what is drawn (no best here)"
    assert color["scale"]["range"][: len(CODES)] == list(theme.province_colors(CODES).values())
    assert all(r["value"] is not None for r in rows(spec)), "a missing value is not drawn (and never as 0)"
    assert spec["config"]["locale"]["number"]["decimal"] == ","


@pytest.mark.slow
def test_vietnamese_decimal_comma_rendered():
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(charts.compare_dots(compare_frame(), CODES, NAMES, "vi", title="T").to_dict())
    assert ">5,5<" in svg or ">5,0<" in svg, "axis labels written with a decimal comma"
    svg_en = vlc.vegalite_to_svg(charts.compare_dots(compare_frame(), CODES, NAMES, "en", title="T").to_dict())
    assert ">5.5<" in svg_en or ">5.0<" in svg_en


@pytest.mark.parametrize(
    "top,expected", [(63, [1, 10, 20, 30, 40, 50, 60]), (20, [1, 5, 10, 15, 20]), (4, [1, 2, 3, 4])]
)
def test_rank_ticks(top, expected):
    assert charts.rank_ticks(top) == expected


# --- data helpers the pages feed the builders with ---


def tidy(rows_: list[dict]) -> pd.DataFrame:
    from loaders.common import tidy_frame

    base = {
        "index": "pci",
        "vintage": 63,
        "indicator": "pci_total",
        "province": "",
        "tier": pd.NA,
        "source_ref": "",
        "source_id": "s",
    }
    return tidy_frame([base | r for r in rows_])


VALUES = tidy(
    [
        {
            "year": 2018,
            "province_code": "01",
            "value": 65.4,
            "rank": 9,
            "rank_status": "published",
            "status": "published",
        },
        {
            "year": 2019,
            "province_code": "01",
            "value": 68.8,
            "rank": 9,
            "rank_status": "published",
            "status": "published",
        },
        {
            "year": 2018,
            "province_code": "08",
            "value": 60.0,
            "rank": 30,
            "rank_status": "published",
            "status": "published",
        },
        {
            "year": 2020,
            "province_code": "08",
            "value": None,
            "rank": 25,
            "rank_status": "published",
            "status": "missing",
        },
    ]
)


def test_series_keeps_blank_editions():
    s = data.series(VALUES, "pci", "pci_total", ["08", "01"])
    assert sorted(s["year"].unique()) == [2018, 2019, 2020]
    gap = s[(s["province_code"] == "08") & (s["year"] == 2019)].iloc[0]
    assert pd.isna(gap["value"]) and pd.isna(gap["rank"]) and gap["status"] == "missing"


@pytest.mark.parametrize(
    "code,expected",
    [
        ("01", {"year": 2019, "value": 68.8, "rank": 9, "prev_year": 2018, "rank_change": 0}),
        ("08", {"year": 2020, "value": None, "rank": 25, "prev_year": 2018, "change": None, "rank_change": 5}),
    ],
)
def test_latest_figures(code, expected):
    got = data.latest_figures(VALUES, "pci", "pci_total", code)
    assert {k: got[k] for k in expected} == expected
    assert data.latest_figures(VALUES, "pci", "pci_total", "96") is None


def test_best_province_needs_rank_one_or_enough_scores():
    assert data.best_province(VALUES, "pci", "pci_total", 2019) is None, "one score is not a national best"
    ranked = tidy(
        [
            {
                "year": 2019,
                "province_code": "01",
                "value": 68.8,
                "rank": 1,
                "rank_status": "published",
                "status": "published",
            }
        ]
    )
    assert data.best_province(ranked, "pci", "pci_total", 2019) == {"code": "01", "value": 68.8, "basis": "rank"}


def test_compare_totals_labels_in_the_language_and_reference_rules():
    df = compare_frame()
    df = df[df["indicator_label"] == "Chỉ số A"].copy()
    df.loc[df["kind"] == "best", "value"] = 9.25
    spec = charts.compare_totals(df, CODES, NAMES, "vi", title="T", best_name="Quảng Ninh").to_dict()
    labels = {r["label"] for r in rows(spec)}
    assert {"5,00", "6,00", "7,00"} <= labels, "values written with a decimal comma"
    assert "Trung vị cả nước (tính toán): 5,50" in labels
    assert "Tỉnh cao nhất: Quảng Ninh 9,25" in labels
    assert "rule" in marks(spec)


def test_compare_totals_without_reference_has_no_rule():
    df = compare_frame()
    df = df[(df["indicator_label"] == "Chỉ số A") & (df["kind"] == "province")]
    spec = charts.compare_totals(df, CODES, NAMES, "en", title="T").to_dict()
    assert "rule" not in marks(spec)
    assert {r["label"] for r in rows(spec)} == {"5.00", "6.00", "7.00"}


def test_coverage_for_counts_scores_and_ranks():
    cov = data.coverage_for(VALUES, ["08", "01"])
    pci = cov[cov["index"] == "pci"].set_index("year")
    assert pci["n"].to_dict() == {2018: 2, 2019: 1, 2020: 1}, "a rank without a score is a published figure"
    assert pci.loc[2020, "codes"] == ["08"]
    assert set(cov["index"]) == {"pci"}, "indices without any figure have no cells"
