"""The overview card's trend chart: one view with a panel per index, in registry order under the card's columns, each
scaled to its own scores, lines broken at missing years and method changes, real scores and statuses in the tooltip.
Frames are small hand-made fixtures, not figures of any index."""

import pandas as pd

from dashboard import charts, indices
from dashboard.i18n import t


def series(index: str, years, values, statuses=None) -> pd.DataFrame:
    """One province's rows as data.series gives them (None: a blank edition)."""
    statuses = statuses or ["published" if v is not None else "missing" for v in values]
    return pd.DataFrame(
        {"province_code": "08", "year": list(years), "value": [float("nan") if v is None else v for v in values]}
        | {"rank": pd.array([None] * len(values), dtype="Int64"), "status": statuses, "source_id": "s1"}
    )


def spec(s: dict, lang: str = "vi") -> dict:
    return charts.card_trends(s, "#0072B2", lang).to_dict()


def layer(d: dict, mark: str, field: str | None = None) -> list[dict]:
    """The layers of this mark type (and with this text field)."""
    out = [x for x in d["layer"] if x["mark"]["type"] == mark]
    return [x for x in out if field is None or x["encoding"].get("text", {}).get("field") == field]


def rows_of(d: dict, lay: dict) -> list[dict]:
    return d["datasets"][lay["data"]["name"]]


PAPI = series("papi", range(2014, 2020), [40.0, 42.0, None, 38.0, 39.0, 41.0])
PCI = series("pci", [2012, 2013], [60.0, 65.0], ["published", "computed"])


def test_a_panel_per_index_in_registry_order_each_under_its_column():
    d = spec({"papi": PAPI, "pci": PCI})
    labels = layer(d, "text", "label")[0]
    panels = rows_of(d, labels)
    assert [p["label"] for p in panels] == [indices.label(i) for i in indices.codes()]
    assert [(p["x0"] > i, p["x1"] < i + 1) for i, p in enumerate(panels)] == [(True, True)] * len(panels)
    points = rows_of(d, layer(d, "point")[0])
    for i, index in enumerate(indices.codes()):
        xs = [r["px"] for r in points if r["index_label"] == indices.label(index)]
        assert all(i < x < i + 1 for x in xs), (index, xs)
    assert d["layer"][-1]["encoding"]["x"]["scale"]["domain"] == [0, len(indices.codes())]
    assert d["autosize"]["type"] == "fit-x", "the plot keeps its height; the labels above and below are added to it"


def test_each_panel_scaled_to_its_own_scores_and_the_tooltip_gives_the_real_ones():
    d = spec({"papi": PAPI, "pci": PCI}, lang="en")
    points = rows_of(d, layer(d, "point")[0])
    papi = {r["year"]: (r["value"], r["py"]) for r in points if r["index_label"] == "PAPI"}
    assert papi[2014] == (40.0, 0.5) and papi[2015] == (42.0, 1.0) and papi[2017] == (38.0, 0.0)
    tip = {x["field"]: x for x in layer(d, "point")[0]["encoding"]["tooltip"]}
    assert set(tip) == {"index_label", "year", "value", "status_label"}
    assert tip["value"]["title"] == t("score", "en") and tip["value"]["format"] == charts.SCORE_FORMAT
    pci = {r["year"]: r["status_label"] for r in points if r["index_label"] == "PCI"}
    assert pci == {2012: t("status_published", "en"), 2013: t("status_computed", "en")}


def test_a_missing_edition_stays_blank_and_lines_break_at_method_changes():
    d = spec({"papi": PAPI, "pci": PCI})
    points = rows_of(d, layer(d, "point")[0])
    blank = [r for r in points if r["index_label"] == "PAPI" and r["year"] == 2016]
    assert blank == [{**blank[0], "value": None, "py": None}], "blank, never zero"
    seg = {(r["index_label"], r["year"]): r["segment"] for r in points}
    assert seg["PAPI", 2015] == seg["PAPI", 2014] != seg["PAPI", 2016] != seg["PAPI", 2018]
    assert seg["PCI", 2012] != seg["PCI", 2013], "PCI's 2013 method change"
    assert len(set(seg.values())) == len({(k[0], v) for k, v in seg.items()}), "no segment shared by two indices"
    rules = rows_of(d, layer(d, "rule")[0])
    assert [r["label"] for r in rules] == [
        f"PCI: {t('break_pci_2013', 'vi')}",
        f"PAPI: {t('break_papi_2016', 'vi')}",
        f"PAPI: {t('break_papi_2018', 'vi')}",
    ]
    at = {r["year"]: r["px"] for r in points if r["index_label"] == "PAPI"}
    assert at[2015] < rules[1]["px"] < at[2016] and at[2017] < rules[2]["px"] < at[2018]


def test_an_index_without_scores_has_an_empty_panel_and_a_flat_series_sits_mid_height():
    d = spec({"par": series("par", [2020, 2021], [80.0, 80.0])})
    points = rows_of(d, layer(d, "point")[0])
    assert {r["index_label"] for r in points} == {"PAR INDEX"}
    assert {r["py"] for r in points} == {0.5}
    panels = {p["label"]: p for p in rows_of(d, layer(d, "text", "label")[0])}
    assert (panels["PAR INDEX"]["first"], panels["PAR INDEX"]["last"]) == ("2020", "2021")
    assert panels["PCI"].get("first") is None, "no years drawn for an index the province has no score on"
    assert "rule" not in {x["mark"]["type"] for x in d["layer"]}


def test_vietnamese_numbers_in_the_tooltip():
    assert spec({"pci": PCI})["config"]["locale"]["number"]["decimal"] == ","
    assert spec({"pci": PCI}, lang="en")["config"]["locale"]["number"]["decimal"] == "."
