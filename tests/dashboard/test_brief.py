"""Province brief card: facts, missing written out (never 0), computed labelled, map or placeholder, PNG and PDF."""

import dataclasses
import io
import json
import re
import shutil
import subprocess

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from dashboard import brief, data
from loaders.common import tidy_frame


@pytest.fixture(scope="module")
def ds(tiny_build):
    return data.load(tiny_build)


def _texts(chart) -> str:
    """Every string in a chart spec, joined (to look for labels)."""
    return json.dumps(chart.to_dict(), ensure_ascii=False)


def _square(code, lon, lat, size=1.0):
    ring = [[lon, lat], [lon, lat + size], [lon + size, lat + size], [lon + size, lat], [lon, lat]]
    return {"type": "Feature", "properties": {"code": code}, "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.fixture
def ds_with_map(ds, tmp_path):
    folder = tmp_path / "current"
    shutil.copytree(ds.folder, folder)
    islets = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[109, 12], [109, 13], [110, 13], [109, 12]]],
            [[[114, 10], [114, 10.1], [114.1, 10.1], [114, 10]]],
        ],
    }
    feats = [
        _square("08", 105, 22),
        _square("94", 105.5, 9.5),
        {"type": "Feature", "properties": {"code": "56"}, "geometry": islets},
    ]
    (folder / "provinces_63.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    return data.load(folder)


# --- Facts. ---


def test_latest_figures_and_change(ds):
    v = ds.values
    fig = brief.latest(v, "pci", "pci_total", "08")
    rows = v[(v["indicator"] == "pci_total") & (v["province_code"] == "08") & (v["vintage"] == 63)].set_index("year")
    assert (2019, rows.loc[2019, "value"], int(rows.loc[2019, "rank"]), 63) == (
        fig["year"],
        fig["value"],
        fig["rank"],
        fig["n"],
    )
    assert pytest.approx(rows.loc[2019, "value"] - rows.loc[2018, "value"]) == fig["change"]
    assert int(rows.loc[2018, "rank"]) - int(rows.loc[2019, "rank"]) == fig["rank_change"]


def test_missing_year_is_skipped_not_zero(ds):
    fig = brief.latest(ds.values, "papi", "papi_total_unweighted", "94")
    assert 2018 == fig["year"] and fig["value"] > 0
    assert brief.latest(ds.values, "par", "par_total", "94") is None


@pytest.mark.parametrize(
    "fig, lang, score, rank",
    [
        (None, "vi", "Chưa có số liệu công bố", ""),
        (None, "en", "No published figure", ""),
        (
            {"value": None, "status": "missing", "rank": 19, "n": 63, "rank_status": "published"},
            "vi",
            "Hạng có công bố,\nđiểm không công bố",
            "19/63",
        ),
        (
            {"value": 64.76, "status": "published", "rank": 29, "n": None, "rank_status": "published"},
            "vi",
            "64,76",
            "29/63",  # a rank of the 63 provinces says so even where only the top 30 were published
        ),
        (
            {"value": 42.5, "status": "computed", "rank": None, "n": None, "rank_status": None},
            "en",
            "42.50 (computed)",
            "–",
        ),
        (
            {"value": 50.0, "status": "published", "rank": 3, "n": 63, "rank_status": "computed"},
            "en",
            "50.00",
            "3/63 (computed rank)",
        ),
    ],
)
def test_score_and_rank_text(fig, lang, score, rank):
    assert (score, rank) == (brief.score_text(fig, lang), brief.rank_text(fig, lang))


@pytest.mark.parametrize(
    "fig, lang, expected",
    [
        ({"prev_year": None}, "vi", "số liệu đầu tiên"),
        ({"prev_year": 2019, "change": -0.37, "rank_change": 3}, "vi", "-0,37 điểm so với 2019\nlên 3 bậc"),
        ({"prev_year": 2021, "change": None, "rank_change": -44}, "en", "rank down 44 places since 2021"),
        ({"prev_year": 2018, "change": 1.5, "rank_change": None}, "en", "+1.50 points since 2018"),
        (
            {"prev_year": 2023, "change": None, "rank_change": None},
            "vi",
            "kỳ 2023 không có cùng loại\nsố liệu để so sánh",
        ),
    ],
)
def test_change_text(fig, lang, expected):
    assert expected == brief.change_text(fig, lang)


def test_trend_keeps_gaps_and_marks_computed():
    rows = [
        {
            "index": "pci",
            "year": y,
            "province_code": c,
            "vintage": 63,
            "indicator": "pci_total",
            "value": None if (c == "08" and y == 2018) else 50.0 + i,
            "status": "computed" if y == 2020 else "published",
            "source_id": "s",
        }
        for y in (2017, 2018, 2019, 2020)
        for i, c in enumerate(["08", "94"] * 30)
    ]
    v = tidy_frame(pd.DataFrame(rows).drop_duplicates(["year", "province_code"]))
    tr = brief.trend(v, "pci", "pci_total", "08")
    assert [2017, 2018, 2019, 2020] == tr["year"].tolist()
    assert np.isnan(tr.loc[1, "value"]) and tr.loc[0, "run"] != tr.loc[2, "run"], "no line across the gap"
    assert [False, False, False, True] == tr["computed"].tolist()
    assert tr["median"].isna().all(), "two provinces are not a national table: no median"


def test_strengths_against_the_median(ds):
    st = brief.strengths(ds, "pci", "08")
    v = ds.values[(ds.values["year"] == 2019) & (ds.values["vintage"] == 63)]
    diffs = {}
    for code in ("pci_entry_costs", "pci_land_access"):
        x = v[v["indicator"] == code]
        diffs[code] = float(x.loc[x["province_code"] == "08", "value"].iloc[0] - x["value"].median())
    assert 2019 == st["year"]
    assert max(diffs, key=diffs.get) == st["best"][0] and pytest.approx(max(diffs.values())) == st["best"][1]
    assert min(diffs, key=diffs.get) == st["weakest"][0]
    assert brief.strengths(ds, "par", "08") is None


def test_source_items_merge_years_per_publisher(ds):
    news = "VCCI & USAID, PCI <year>; as reported by the cited source"
    sources = pd.DataFrame(
        [{"id": f"p{y}", "attribution": f"VCCI & USAID, PCI {y}"} for y in (2017, 2018, 2019)]
        + [{"id": "news", "attribution": news}]
    )
    stub = dataclasses.replace(ds, sources=sources)
    rows = pd.DataFrame(
        {"index": "pci", "source_id": ["p2017", "p2018", "p2019", "news"], "year": [2017, 2018, 2019, 2021]}
    )
    expected = ["VCCI & USAID, PCI 2017–2019", "VCCI & USAID, PCI 2021; as reported by the cited source"]  # as written
    assert expected == brief.source_items(stub, rows, "vi")


# --- The card. ---


@pytest.mark.parametrize(
    "lang, missing, title",
    [
        ("vi", "Chưa có số liệu công bố", "Tuyên Quang: bốn chỉ số"),
        ("en", "No published figure", "Tuyên Quang: the four"),
    ],
)
def test_card_writes_missing_out_and_labels_computed(ds, lang, missing, title):
    text = _texts(brief.brief_card(ds, "08", lang, date="x"))
    assert title in text and missing in text
    assert ("tính toán" if lang == "vi" else "computed") in text
    facts = brief.card_facts(ds, "08", lang)
    cells = {c["index"]: c for c in brief.table_rows(facts, lang)}
    assert [missing, missing] == [cells["PAR INDEX"]["score"], cells["SIPAS"]["score"]]
    assert [] == [c for c in cells.values() if c["score"] in ("0", "0,00", "0.00")]
    panels = {i["index"]: _texts(brief.trend_panel(i, ds, lang)) for i in facts["indices"]}
    assert [False, False, True, True] == [missing in panels[i] for i in ("pci", "papi", "par", "sipas")]


def test_card_sources_and_date_in_footer(ds):
    spec = brief.brief_card(ds, "94", "vi", date="22/11/2025").to_dict()
    foot = [spec["title"]["text"], *spec["title"]["subtitle"]]
    assert any("Test publisher" in line for line in foot)
    assert "Tạo ngày 22/11/2025" in foot


def test_map_placeholder_without_shapes(ds):
    assert brief.s("map_missing", "en")[:20] in _texts(brief.locator_map(ds.folder, "08", "en"))


def test_locator_map_highlights_the_province_and_labels_the_archipelago(ds_with_map):
    spec = brief.locator_map(ds_with_map.folder, "08", "vi").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "datum.properties.code === '08'" in text
    assert "QĐ. Trường Sa" in text
    assert "geoshape" in text


@pytest.mark.slow
def test_brief_png_is_rendered(ds_with_map):
    png = brief.brief_png(ds_with_map, "94", "vi", scale=1, date="22/11/2025")
    im = np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)
    assert im.shape[1] >= brief.WIDTH and im.std() > 20


@pytest.mark.slow
def test_brief_pdf_is_one_page_with_real_text(ds, tmp_path):
    pdf = brief.brief_pdf(ds, "08", "vi", date="22/11/2025")
    assert pdf.startswith(b"%PDF")
    assert 1 == len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert b"NotoSans" in pdf, "the shipped font is embedded"
    if shutil.which("pdftotext"):
        (tmp_path / "b.pdf").write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(tmp_path / "b.pdf"), "-"], capture_output=True, text=True).stdout
        assert "Nguồn và trích dẫn" in text and "Test publisher" in text and "Tạo ngày 22/11/2025" in text


def test_change_text_keeps_to_two_short_lines():
    fig = {"prev_year": 2019, "change": -0.37, "rank_change": -13}
    assert brief.change_text(fig, "vi") == "-0,37 điểm so với 2019\nxuống 13 bậc"


def test_pdf_addresses_of_figures_cited_by_page_name_the_real_pages():
    real = data.load(data.DATA_DIR)
    for code in ("96", "25"):  # Cà Mau (PAR, SIPAS cited per figure), Phú Thọ (pcivietnam.vn province page)
        facts = brief.card_facts(real, code, "vi")
        text = " ".join(brief.pdf_source_lines(real, facts, "vi"))
        assert "<province>" not in text and "citations.csv" not in text and "<year>" not in text
    facts = brief.card_facts(real, "96", "vi")
    assert "https://baocamau.vn/-cu-but-pha-ngoan-muc-a38831.html" in " ".join(
        brief.pdf_source_lines(real, facts, "vi")
    )


@pytest.fixture(scope="module")
def real():
    return data.load(data.DATA_DIR)


@pytest.mark.slow
@pytest.mark.parametrize("code", ["96", "01"])  # Cà Mau (rank without score, computed PAPI), Hà Nội
def test_pdf_card_is_text_not_a_picture(real, code):
    from pypdf import PdfReader

    page = PdfReader(io.BytesIO(brief.brief_pdf(real, code, "vi", date="22/11/2025"))).pages[0]
    text = re.sub(r"\s+", " ", page.extract_text())
    facts = brief.card_facts(real, code, "vi")
    notes = [i["conflict"] for i in facts["indices"] if i["conflict"]]
    assert bool(notes) == (code == "96"), "Cà Mau's PAR INDEX 2023 rank is recorded in conflict (32 vs 34)"
    shown = [brief.s("title", "vi", name=facts["name"]), *brief.strengths_lines(facts, real, "vi"), *notes]
    for row in brief.table_rows(facts, "vi"):
        shown += [part for col in ("index", "year", "score", "rank", "change") for part in row[col].split("\n")]
    missing = [w for w in shown if w and re.sub(r"\s+", " ", w) not in text]
    assert [] == missing, "every word and figure of the card is text in the PDF"
    words = ("Chỉ số", "Điểm", "Hạng", "Mạnh nhất và yếu nhất", "trung vị cả nước", "QĐ. Hoàng Sa", "QĐ. Trường Sa")
    assert [] == [w for w in words if w not in text], "Vietnamese words keep their diacritics"
    assert [] == list(page.images), "no raster image carries the card"


@pytest.mark.slow
def test_card_width_is_the_same_for_every_province(real):
    """Same layout, same width: names, figures, score labels and panels without a figure never move the edge."""
    codes = ("08", "94", "04", "01", "96", "79", "11", "91")  # the focus provinces, the largest city, the far west
    widths = {}
    for code in codes:
        png = brief.brief_png(real, code, "vi", scale=1, date="22/11/2025")
        widths[code] = Image.open(io.BytesIO(png)).size[0]
    assert 1 == len(set(widths.values())), widths


@pytest.mark.parametrize(
    "first, last, ticks",
    [(2005, 2024, [2005, 2010, 2015, 2020]), (2015, 2024, [2016, 2018, 2020, 2022, 2024]), (2024, 2024, [2024])],
)
def test_year_ticks_and_room_for_the_last_label(first, last, ticks):
    assert ticks == brief.year_ticks(first, last)
    lo, hi = brief.year_domain(pd.Series([first, last]), ticks)
    room = (hi - ticks[-1]) / (hi - lo) * brief.panel_width()
    assert lo == first - 0.5 and room >= brief.YEAR_LABEL_HALF - 1e-9
