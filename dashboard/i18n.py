"""Every user-facing string in Vietnamese (default) and English, and number formatting per language."""

from __future__ import annotations

import math

LANGS = ("vi", "en")

STRINGS: dict[str, dict[str, str]] = {
    # --- app and navigation ---
    "app_title": {"vi": "Chỉ số cải cách cấp tỉnh Việt Nam", "en": "Vietnam provincial reform indices"},
    "app_subtitle": {
        "vi": "PCI · PAPI · PAR INDEX · SIPAS — một nơi để xem cùng lúc, có nguồn cho từng con số",
        "en": "PCI · PAPI · PAR INDEX · SIPAS — one place to see them together, with a source for every figure",
    },
    "page_overview": {"vi": "Tổng quan", "en": "Overview"},
    "page_rankings": {"vi": "Xếp hạng & xu hướng", "en": "Rankings & trends"},
    "page_map": {"vi": "Bản đồ", "en": "Map"},
    "page_compare": {"vi": "So sánh", "en": "Compare"},
    "page_profile": {"vi": "Hồ sơ tỉnh", "en": "Province profile"},
    "page_data": {"vi": "Dữ liệu & nguồn", "en": "Data & sources"},
    "page_methods": {"vi": "Phương pháp", "en": "Methods"},
    # --- sidebar controls ---
    "language": {"vi": "Ngôn ngữ", "en": "Language"},
    "index": {"vi": "Chỉ số", "en": "Index"},
    "indicator": {"vi": "Chỉ tiêu", "en": "Indicator"},
    "year": {"vi": "Năm", "en": "Year"},
    "provinces": {"vi": "Tỉnh, thành phố", "en": "Provinces"},
    "province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "vintage": {"vi": "Đơn vị hành chính", "en": "Administrative units"},
    "vintage_63": {"vi": "63 tỉnh (đến 30/6/2025)", "en": "63 provinces (until 30 Jun 2025)"},
    "vintage_34": {"vi": "34 tỉnh (từ 1/7/2025)", "en": "34 provinces (from 1 Jul 2025)"},
    "reset_defaults": {"vi": "Về mặc định", "en": "Reset to defaults"},
    # --- common words ---
    "score": {"vi": "Điểm", "en": "Score"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "rank_of": {"vi": "hạng {rank}/{n}", "en": "rank {rank} of {n}"},
    "value": {"vi": "Giá trị", "en": "Value"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "status_published": {"vi": "công bố", "en": "published"},
    "status_missing": {"vi": "không có số liệu", "en": "missing"},
    "status_computed": {"vi": "tính toán (ước tính)", "en": "computed (estimate)"},
    "rank_computed": {"vi": "hạng do chúng tôi tính", "en": "rank computed by us"},
    "no_data": {"vi": "Không có số liệu", "en": "No data"},
    "source": {"vi": "Nguồn", "en": "Source"},
    "sources": {"vi": "Nguồn", "en": "Sources"},
    "licence": {"vi": "Giấy phép", "en": "Licence"},
    "change_since": {"vi": "so với {year}", "en": "since {year}"},
    "national_median": {"vi": "Trung vị cả nước (tính toán)", "en": "National median (computed)"},
    "best_province": {"vi": "Tỉnh cao nhất", "en": "Best province"},
    "gap": {"vi": "Chênh lệch", "en": "Gap"},
    "computed_label": {"vi": "tính toán", "en": "computed"},
    "method_break": {"vi": "Thay đổi phương pháp", "en": "Method change"},
    "download_csv": {"vi": "Tải CSV", "en": "Download CSV"},
    # --- notices ---
    "notice_bad_param": {
        "vi": "Tham số “{name}” trong đường dẫn không hợp lệ nên đã được thay bằng giá trị mặc định hoặc hợp lệ.",
        "en": "The link's “{name}” parameter was not valid and was replaced by the default or the valid part.",
    },
    "empty_selection": {
        "vi": "Chưa chọn tỉnh nào. Hãy chọn ít nhất một tỉnh ở thanh bên.",
        "en": "No province selected. Choose at least one in the sidebar.",
    },
    "no_values_for": {
        "vi": "Không có số liệu công bố cho {what}.",
        "en": "No published figures for {what}.",
    },
    "data_missing": {
        "vi": "Chưa có dữ liệu đã xây dựng. Hãy chạy `make data`.",
        "en": "The data has not been built yet. Run `make data`.",
    },
    "source_line": {"vi": "Nguồn: {sources}", "en": "Source: {sources}"},
    "map_attribution_63": {
        "vi": "Ranh giới: Open Development Mekong / Cục Đo đạc và Bản đồ (CC BY-SA 4.0)",
        "en": "Boundaries: Open Development Mekong / Department of Survey and Mapping (CC BY-SA 4.0)",
    },
    "map_attribution_34": {
        "vi": "Ranh giới 34 tỉnh: vietnamese-provinces-database (MIT), theo bản đồ sáp nhập chính thức",
        "en": "34-province boundaries: vietnamese-provinces-database (MIT), from the official merger map",
    },
}


def t(key: str, lang: str = "vi", **kwargs) -> str:
    """The string for `key` in `lang`, formatted with kwargs; the key itself if unknown (caught by a test)."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["vi"]
    return text.format(**kwargs) if kwargs else text


def fmt_number(x, lang: str = "vi", decimals: int = 2, signed: bool = False) -> str:
    """A number as written in the language: 68,80 and 1.234,5 in Vietnamese; 68.80 and 1,234.5 in English.

    Missing values are written as an en dash, never as zero.
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    try:
        import pandas as pd

        if pd.isna(x):
            return "–"
    except (TypeError, ValueError):
        pass
    s = f"{float(x):{'+' if signed else ''},.{decimals}f}"
    if lang == "vi":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def d3_format_locale(lang: str) -> dict:
    """A d3/Vega number-format locale for charts (decimal comma in Vietnamese)."""
    if lang == "vi":
        return {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""]}


def indicator_name(row: dict, lang: str) -> str:
    """Name of a codebook row in the language."""
    return row.get("name_vi" if lang == "vi" else "name_en") or row.get("code", "")
