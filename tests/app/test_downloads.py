"""Downloads on every page with charts, in both languages; the brief card; research files; the presentation view."""

import functools
import json

import altair as alt
import pandas as pd
import pytest

from dashboard.data import DATA_DIR, load
from dashboard.profile import index_series

from .conftest import app_page

pytestmark = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")

CHART_LABELS = {"vi": ["Ảnh PNG", "Ảnh SVG"], "en": ["PNG image", "SVG image"]}
# page, URL parameters -> charts drawn with downloads (PCI views: the PCI loader and its data are committed)
CHART_PAGES = [
    ("rankings", {}, 2),
    ("compare", {}, 1),  # one chart at a time: the total, or the sub-indices (chart=sub)
    ("compare", {"chart": "sub"}, 1),
    ("map", {}, 1),
    ("map", {"vintage": "34"}, 2),  # the 34-province map and the merger map
    ("overview", {"section": "coverage"}, 1),  # the coverage grid (the cards' trend charts are no briefing charts)
]


open_page = functools.partial(app_page, timeout=90)


TABLE_LABELS = {"Tải bảng (CSV)", "Download table (CSV)"}  # the tables' own CSV (tests/app/test_grapher.py)


def labels(at, tables: bool = True) -> list[str]:
    return [b.label for b in at.download_button if tables or b.label not in TABLE_LABELS]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page,params,charts", CHART_PAGES)
def test_every_chart_has_png_and_svg_buttons(page, params, charts, lang):
    at = open_page(page, {"lang": lang, **params})
    assert not at.exception
    assert len(at.get("vega_lite_chart")) >= charts
    assert CHART_LABELS[lang] * charts == labels(at, tables=False)
    assert all(b.proto.deferred_file_id and not b.proto.url for b in at.download_button), (
        "files are made on click, not on every run"
    )


@pytest.mark.parametrize(
    "lang,brief,chart",
    [
        ("vi", ["Phiếu tóm tắt (PNG)", "Phiếu tóm tắt (PDF)"], "Ảnh PNG"),
        ("en", ["Brief (PNG)", "Brief (PDF)"], "PNG image"),
    ],
)
def test_profile_offers_the_brief_card_and_chart_downloads(lang, brief, chart):
    at = open_page("profile", {"lang": lang, "province": "94"})
    assert not at.exception
    shown = labels(at)
    assert [b for b in shown if b in brief] == brief
    assert shown.index(chart) < shown.index(brief[0]), "the first chart (with its downloads) comes before the brief"
    n_charts = len(at.get("vega_lite_chart"))
    # the four indices over time: one chart per index (a phone stacks them) and one pair of image buttons for all
    panels = index_series(load(DATA_DIR).values, "94")["index"].nunique()
    assert n_charts >= 2 and panels > 1 and shown.count(chart) == n_charts - (panels - 1)


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("vi", ["Tải CSV", "Tải XLSX (Excel)", "Tải gói dữ liệu (zip)"]),
        ("en", ["Download CSV", "Download XLSX (Excel)", "Download data package (zip)"]),
    ],
)
def test_data_page_offers_csv_xlsx_and_the_data_package(lang, expected):
    at = open_page("data", {"lang": lang})
    assert not at.exception
    assert expected == labels(at)
    computed = at.checkbox[0]
    assert computed.value is False, "computed values are left out unless asked for"
    at = computed.check().run()
    assert not at.exception and expected == labels(at)
    if lang == "en":  # with computed values included, the download holds exactly the rows of the table shown
        shown = next(c.value for c in at.caption if " rows; " in c.value).split(" rows")[0]
        assert any(c.value.startswith(f"Rows: {shown}.") for c in at.caption)
    at = at.radio(key="w_data_scope").set_value("all").run()
    assert not at.exception and expected == labels(at)
    at = at.pills(key="w_data_section").set_value("cite").run()
    assert not at.exception and expected == labels(at), "the downloads stay whatever section is chosen"
    assert any("CITATION.cff" in e.label for e in at.expander)


def test_data_page_for_an_empty_selection_still_offers_everything():
    at = open_page("data", {"lang": "en", "provinces": ""})
    assert not at.exception
    assert ["Everything (every index, year and province)"] == at.radio(key="w_data_scope").options
    assert 3 == len(at.download_button)


def test_presentation_view_keeps_its_flag_drops_buttons_and_enlarges_type():
    at = open_page("rankings", {"lang": "en", "present": "1"})
    assert not at.exception
    assert "1" == at.query_params["present"], "the flag survives the URL rewrite"
    assert [] == labels(at)
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["config"]["title"]["fontSize"] > 18 and spec["config"]["axis"]["labelFontSize"] > 13
    plain = open_page("rankings", {"lang": "en"})
    assert "present" not in plain.query_params


# --- The glue's pure parts. ---


@pytest.mark.parametrize(
    "parts,expected",
    [(("PCI 2019", "Tuyên Quang"), "pci-2019_tuyen-quang"), (("Đắk Lắk", "../x"), "dak-lak_x"), (("", "…"), "chart")],
)
def test_file_stem_is_ascii_and_safe(parts, expected):
    from dashboard.images import file_stem

    assert expected == file_stem(*parts)


@pytest.fixture(scope="module")
def ctx():
    from dashboard import data as dd
    from dashboard import state as vs
    from pages import _ui as ui

    ds = dd.load(DATA_DIR)
    return ui.Ctx(ds, vs.catalog_from(ds), vs.ViewState(lang="vi"))


def test_caption_takes_title_source_licence_and_keeps_autosize_outside(ctx):
    from dashboard.images import captioned

    df = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    chart = (
        alt.Chart(df)
        .mark_line()
        .encode(x="x:Q", y="y:Q")
        .properties(title=alt.TitleParams("PCI 2019", subtitle=["Tuyên Quang, Sóc Trăng"]), autosize={"type": "pad"})
    )
    rows = ctx.ds.values[(ctx.ds.values["index"] == "pci") & (ctx.ds.values["year"] == 2019)].head(3)
    spec = captioned(chart, ctx.ds.sources, ctx.lang, rows=rows).to_dict()
    inner = spec["vconcat"][0]
    assert ("PCI 2019", ["Tuyên Quang, Sóc Trăng"]) == (inner["title"]["text"], inner["title"]["subtitle"])
    assert "autosize" not in inner and {"type": "pad"} == spec["autosize"]
    assert spec["config"]["axis"]["labelSeparation"] > 0, "labels the renderer would overprint are thinned"
    assert "labelSeparation" not in chart.to_dict().get("config", {}).get("axis", {}), "the page's chart is unchanged"
    foot = [spec["title"]["text"], *spec["title"]["subtitle"]]
    assert foot[0].startswith("Nguồn: VCCI & USAID, PCI 2019")
    assert any(line.startswith("Giấy phép:") for line in foot)
