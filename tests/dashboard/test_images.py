"""Briefing images: PNG size and ink, Vietnamese glyphs in the shipped font, text kept as text in SVG, captions."""

import html
import io
import re
import textwrap

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert as vlc
from fontTools.ttLib import TTFont
from PIL import Image

from dashboard import images

NAMES = ["Tuyên Quang", "Sóc Trăng", "Cao Bằng", "Hà Nội", "Cà Mau", "Đắk Lắk"]
# Letters whose diacritics a font without Vietnamese coverage would drop or draw as the same empty box.
VIETNAMESE_LETTERS = "ăâđêôơưĂÂĐÊÔƠƯắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựỳỷỹỵ"


def _bars(width=300) -> alt.Chart:
    df = pd.DataFrame({"province": NAMES, "value": [60.5, 61.25, 55.1, 66.2, 58.9, 57.3]})
    return alt.Chart(df).mark_bar().encode(alt.X("value:Q"), alt.Y("province:N")).properties(width=width, height=180)


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("L"), dtype=float)


def _svg_size(svg: bytes) -> tuple[int, int]:
    m = re.search(rb'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', svg)
    return round(float(m.group(1))), round(float(m.group(2)))


def _text_png(text: str) -> np.ndarray:
    chart = alt.Chart(pd.DataFrame({"t": [text]})).mark_text(fontSize=40, font="Noto Sans").encode(text="t:N")
    return _pixels(images.chart_png(chart.properties(width=80, height=60), scale=1))


def test_shipped_font_covers_every_vietnamese_letter():
    cmap = TTFont(images.FONT_REGULAR).getBestCmap()
    text = VIETNAMESE_LETTERS + "".join(NAMES)
    assert [] == [c for c in text if ord(c) not in cmap]
    assert (images.FONT_DIR / "OFL.txt").exists()


@pytest.mark.slow
@pytest.mark.parametrize("scale", [1, 2])
def test_png_is_scale_times_the_chart_size_and_not_blank(scale):
    chart = _bars()
    w, h = _svg_size(images.chart_svg(chart))
    px = _pixels(images.chart_png(chart, scale=scale))
    assert (h * scale, w * scale) == px.shape
    assert px.std() > 20, "the PNG is (nearly) one colour"


@pytest.mark.slow
def test_vietnamese_letters_render_as_distinct_glyphs():
    # A missing glyph renders as the same box (or nothing) for every letter; real glyphs differ from each other
    # and from their base letter.
    renders = {c: _text_png(c) for c in "aăâạặậ"}
    assert all(p.std() > 5 for p in renders.values()), "a letter rendered as nothing"
    keys = list(renders)
    same = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if np.array_equal(renders[a], renders[b])]
    assert [] == same


@pytest.mark.slow
def test_svg_keeps_province_names_as_text():
    svg = images.chart_svg(_bars()).decode("utf-8")
    texts = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert [] == [n for n in NAMES if n not in texts]


def test_container_width_becomes_a_fixed_size():
    spec = images.chart_spec(_bars(width="container"))
    assert images.IMAGE_WIDTH == spec["width"]


def test_caption_puts_title_subtitle_source_licence_and_date_in_the_spec():
    chart = _bars().properties(title="dropped").configure_axis(labelFontSize=12)
    cap = images.with_caption(
        chart,
        "PCI 2019: điểm tổng hợp",
        ["PCI · 2019 · Tuyên Quang, Sóc Trăng"],
        "Nguồn: VCCI & USAID, PCI 2019",
        "Giấy phép: CC BY 4.0",
        "22/11/2025",
    ).to_dict()
    inner = cap["vconcat"][0]
    assert "PCI 2019: điểm tổng hợp" == inner["title"]["text"]
    assert ["PCI · 2019 · Tuyên Quang, Sóc Trăng"] == inner["title"]["subtitle"]
    assert ("Nguồn: VCCI & USAID, PCI 2019", ["Giấy phép: CC BY 4.0", "22/11/2025"]) == (
        cap["title"]["text"],
        cap["title"]["subtitle"],
    )
    assert "bottom" == cap["title"]["orient"]
    assert 12 == cap["config"]["axis"]["labelFontSize"], "the chart's own config moves to the top level"


def test_caption_wraps_a_long_licence_and_skips_empty_lines():
    cap = images.with_caption(_bars(), "T", "", "Nguồn: X", "", "2025-11-22").to_dict()
    assert ("Nguồn: X", ["2025-11-22"]) == (cap["title"]["text"], cap["title"]["subtitle"])
    long = "Giấy phép " + "rất dài " * 40
    lines = images.wrap_lines([long], 300)
    assert len(lines) > 1 and " ".join(lines) == long.strip()


@pytest.mark.slow
def test_captioned_png_shows_the_footer_below_the_chart():
    bare = _pixels(images.chart_png(_bars(), scale=1))
    cap = images.with_caption(_bars(), "Tiêu đề", ["Phụ đề"], "Nguồn: VCCI & USAID, PCI 2019", "", "22/11/2025")
    framed = _pixels(images.chart_png(cap, scale=1))
    assert framed.shape[0] > bare.shape[0] + 60, "title and footer add height"
    svg = images.chart_svg(cap).decode("utf-8")
    assert "Nguồn: VCCI &amp; USAID, PCI 2019" in svg and "22/11/2025" in svg


# --- Streamlit's chart toolbar and the provenance burnt into images. ---


def _trend_with_breaks() -> dict:
    from dashboard import charts
    from tests.dashboard.test_charts import CODES, NAMES, frame

    df = frame(years=(2016, 2017, 2018, 2019), missing=())
    return charts.score_chart(df, CODES, NAMES, "vi", index="papi", title="PAPI", subtitle=["x"]).to_dict()


def test_the_toolbar_data_view_gets_the_plotted_rows_not_the_break_labels():
    spec = _trend_with_breaks()
    assert len(spec["datasets"]) > 1, "the fixture has a method-break annotation layer"
    ready = images.toolbar_ready(spec, "Nguồn: CECODES, PAPI 2016–2019", "Phiên bản dữ liệu 2026-01-01.abcd1234")
    first = next(iter(ready["datasets"].values()))
    assert {"province_code", "year", "value"} <= set(first[0]), first[0]
    assert not any("break_year" in r for r in first)
    assert ready["datasets"].keys() == spec["datasets"].keys(), "no dataset dropped"


def test_the_toolbar_image_carries_title_source_and_data_version():
    ready = images.toolbar_ready(_trend_with_breaks(), "Nguồn: CECODES, PAPI 2016–2019", "Phiên bản dữ liệu v1")
    assert ready["title"]["text"] == "PAPI"
    assert ready["title"]["subtitle"][0] == "x"
    assert ready["title"]["subtitle"][1:] == ["Nguồn: CECODES, PAPI 2016–2019", "Phiên bản dữ liệu v1"]
    untitled = {"mark": "bar", "data": {"name": "d"}, "datasets": {"d": [{"a": 1}]}}
    assert images.toolbar_ready(untitled, "Nguồn: X", title="Biểu đồ")["title"]["subtitle"] == ["Nguồn: X"]
    assert images.toolbar_ready(untitled, "")["datasets"] == untitled["datasets"]


SOURCE = "Nguồn: VCCI & USAID, PCI 2021 (pcivietnam.vn); VCCI & USAID, PCI, 2020–2024; VCCI & USAID, PCI 2005–2019"


def _subtitle_drawn(spec: dict, width: int) -> list[str]:
    """The subtitle lines Vega draws for the spec at a fixed drawing width (as Streamlit sets a phone's column)."""
    svg = vlc.vegalite_to_svg({**spec, "width": width, "autosize": {"type": "fit-x", "contains": "padding"}})
    block = re.search(r"role-title-subtitle.*?</g>", svg, re.S).group(0)
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", block) or re.findall(r"<text[^>]*>([^<]*)</text>", block)
    return [html.unescape(line) for line in lines]


@pytest.mark.parametrize("width", [358, 1300])
def test_a_page_chart_draws_every_word_of_its_subtitle_at_any_width(width):
    ready = images.toolbar_ready(_trend_with_breaks(), SOURCE, "Phiên bản dữ liệu v1")
    drawn = _subtitle_drawn(images.fitted_subtitle(ready), width)
    assert not any(line.endswith("…") for line in drawn), drawn
    assert " ".join(drawn).split() == " ".join(["x", SOURCE, "Phiên bản dữ liệu v1"]).split()
    widest = max(len(line) for line in drawn)
    assert widest * 13 * 0.55 <= width, f"a line wider than the chart: {drawn}"
    if width > 1000:
        assert drawn == ready["title"]["subtitle"], "a wide chart keeps the lines as they were"


LONG_SOURCE = (
    f"{SOURCE}; CECODES, VFF-CRT, RTA & UNDP, PAPI 2011–2024; Bộ Nội vụ, PAR INDEX, 2012–2014, 2016–2024; "
    "Bộ Nội vụ, SIPAS, 2015, 2017–2024"
)


def test_a_long_source_line_is_wrapped_once_on_a_phone():
    ready = images.toolbar_ready(_trend_with_breaks(), LONG_SOURCE, "Phiên bản dữ liệu v1")
    assert len(LONG_SOURCE) * 13 * 0.55 > images.TOOLBAR_WRAP_PX, "the fixture is longer than the old first wrap"
    drawn = _subtitle_drawn(images.fitted_subtitle(ready), 358)
    assert (drawn[0], drawn[-1]) == ("x", "Phiên bản dữ liệu v1"), drawn
    source = drawn[1:-1]
    assert " ".join(source) == LONG_SOURCE
    assert max(len(line) for line in source) * 13 * 0.55 <= 358, f"a line wider than the chart: {source}"
    # one greedy wrap at one width: no line could have taken the next line's first word
    once = [textwrap.wrap(LONG_SOURCE, n, break_long_words=False, break_on_hyphens=False) for n in range(20, 60)]
    assert source in once, f"a short fragment before the next part: {source}"


def test_a_concatenated_chart_keeps_the_fixed_wrap():
    concat = {"hconcat": [{"mark": "bar"}, {"mark": "bar"}], "title": "T"}
    ready = images.toolbar_ready(concat, LONG_SOURCE)
    assert ready["title"]["subtitle"] == images.wrap_lines([LONG_SOURCE], images.TOOLBAR_WRAP_PX, 13)
    assert len(ready["title"]["subtitle"]) > 1
    assert images.fitted_subtitle(ready) == ready, "no one width to fit: left as it is"


def test_images_name_the_source_addresses_and_data_version():
    sources = pd.DataFrame(
        [
            {"id": "a", "official_page": "https://pcivietnam.vn/en/pci-data", "download_url": "https://x/a.xls"},
            {"id": "b", "official_page": "", "download_url": "https://x/b.xls"},
            {"id": "c", "official_page": "https://pcivietnam.vn/en/pci-data", "download_url": ""},
        ]
    )
    rows = pd.DataFrame({"source_id": ["a", "b;c", None], "year": [2019, 2019, 2019]})
    assert images.source_addresses(sources, rows) == ["https://pcivietnam.vn/en/pci-data", "https://x/b.xls"]
    lines = images.provenance_lines(sources, rows, "vi", "2026-01-01.abcd1234")
    assert lines == [
        "Địa chỉ nguồn: https://pcivietnam.vn/en/pci-data; https://x/b.xls",
        "Phiên bản dữ liệu 2026-01-01.abcd1234",
    ]
    framed = images.captioned(_bars(), sources, "vi", title="T", rows=rows, version="v9").to_dict()
    assert "Phiên bản dữ liệu v9" in str(framed["title"]) and "https://x/b.xls" in str(framed["title"])
