"""PAPI — Provincial Governance and Public Administration Performance Index.

Publisher: CECODES, VFF-CRT, RTA & UNDP. Official page: https://papi.org.vn/eng/papi-data/

Two kinds of source:
- the official UNDP workbooks 2011–2019 (dimension and sub-dimension scores; the 2018 and 2019 indicator-level
  workbooks add the unweighted total and, for 2019 only, the official weighted total);
- a third party's compilation of the sub-dimension scores 2011–2024 (one CSV a year, provinces coded P01–P63, which
  are not GSO codes). It is the only source here for 2020–2024.

For 2011–2019 the official workbooks are kept and the compilation is compared with them (conflicts); for 2020–2024
the compilation's sub-dimension scores are kept as published figures and the dimension scores and the unweighted
total are sums computed here (status "computed"). A sum over a province with a missing part is missing.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from loaders.common import (
    CONFLICT_COLUMNS,
    Indicator,
    LoadResult,
    Source,
    SourceLayoutError,
    source_path,
    tidy_frame,
)

INDEX = "papi"
PUBLISHER = "CECODES, VFF-CRT, RTA & UNDP"
OFFICIAL_PAGE = "https://papi.org.vn/eng/papi-data/"
WORKBOOK_URL = "https://raw.githubusercontent.com/mdtrinh/vietnam_elections/84348767/Data/PAPI/{}"
COMPILED_URL = "https://raw.githubusercontent.com/hnks-gh/ml-mcdm/d165721e/data/{}"
WORKBOOK_LICENCE = (
    "© UNDP/CECODES; the reports say 'All rights reserved'; aggregate data published for public use. Attribute."
)
COMPILED_LICENCE = "MIT (the compilation); the scores are © UNDP/CECODES — attribute the publishers."
WORKBOOK_DIR = "papi/undp-workbooks"
COMPILED_DIR = "papi/compiled-2011-2024"

WORKBOOK_YEARS = range(2011, 2020)
COMPILED_YEARS = range(2011, 2025)
EIGHT_DIMENSIONS_FROM = 2018
SUB_TOLERANCE = 0.01  # compiled vs official sub-dimension scores: differences up to this are rounding
OFFICIAL_TOLERANCE = 1e-4  # two official workbooks holding the same score
PRECEDENCE_OFFICIAL, PRECEDENCE_COMPILED = 1, 3
MISSING_MARKERS = {"KCDL", ""}  # "không có dữ liệu" (no data) in the 2018 indicator workbook


def n_dimensions(year: int) -> int:
    """Dimensions in a year's design: 6 until 2017, 8 from 2018."""
    return 8 if year >= EIGHT_DIMENSIONS_FROM else 6


# --- Sources -----------------------------------------------------------------------------------------------------


def _papi_source(sid: str, title: str, years: str, **where) -> Source:
    """A PAPI source: publisher, page and attribution shared; `where` gives download_url, licence, path, citation."""
    return Source(
        id=sid,
        index=INDEX,
        title=title,
        publisher=PUBLISHER,
        official_page=OFFICIAL_PAGE,
        attribution=f"{PUBLISHER}, PAPI {years}",
        years=years,
        **where,
    )


def _workbook_source(sid: str, file: str, title: str, years: str) -> Source:
    return _papi_source(
        sid,
        title,
        years,
        download_url=WORKBOOK_URL.format(file),
        licence=WORKBOOK_LICENCE,
        path=f"{WORKBOOK_DIR}/{file}",
        citation=f"{PUBLISHER} ({years}). PAPI {years}: {title}. {OFFICIAL_PAGE}",
    )


def _compiled_source(sid: str, file: str, folder: str, title: str, years: str) -> Source:
    return _papi_source(
        sid,
        title,
        years,
        download_url=COMPILED_URL.format(f"{folder}/{file}"),
        licence=COMPILED_LICENCE,
        path=f"{COMPILED_DIR}/{file}",
        citation=f"{PUBLISHER}, PAPI {years}; compiled in hnks-gh/ml-mcdm (commit d165721e), {folder}/{file}",
    )


@dataclass(frozen=True)
class Sheet:
    """One sheet of one workbook and the source it belongs to."""

    source_id: str
    file: str
    sheet: str


# Dimension tables: one row per province, one column per dimension / sub-dimension (English, then Vietnamese copy).
ENG_SHEETS = {y: Sheet(f"papi_{y}_eng", f"PAPI_{y}_eng.xlsx", f"{y}- PAPI ALL Dimensions ") for y in range(2011, 2018)}
ENG_SHEETS[2018] = Sheet("papi_2018_eng", "PAPI_2018_eng.xlsx", "2018PAPI-ALLDimentions")
ENG_SHEETS[2019] = Sheet("papi_2019_eng", "PAPI_2019_eng.xlsx", "2019PAPI_Dims_Sub-dims_ENG")
# The 2011 Vietnamese workbook names its sheet "2012PAPI-..." (sic); its values are the 2011 ones.
VIE_SHEETS = {
    y: Sheet(f"papi_{y}_vie", f"PAPI_{y}_vie.xlsx", f"{max(y, 2012)}PAPI- Bảng tổng hợp kết quả")
    for y in range(2011, 2018)
}
# Indicator tables: one row per indicator, one column per province.
FULL_2018 = Sheet("papi_2018_full_vie", "PAPI_2018_FULL_vie.xlsx", "ProvincialIndicators_VIE")
FULL_2019 = Sheet("papi_2019_full_vie", "PAPI_2019_FULL_vie.xlsx", "Sheet1")
INDICATORS_2019 = Sheet(
    "papi_2019_indicators", "2019_PAPI_Provincial_indicators2019_VIE_ENG.xlsx", "2019PAPI_Indicators_VIE"
)
CODEBOOK_PROVINCES = "codebook_provinces.csv"
CODEBOOK_SUBCRITERIA = "codebook_subcriteria.csv"

SOURCES = (
    [
        _workbook_source(
            ENG_SHEETS[y].source_id, ENG_SHEETS[y].file, "dimension and sub-dimension scores (English)", str(y)
        )
        for y in WORKBOOK_YEARS
    ]
    + [
        _workbook_source(
            VIE_SHEETS[y].source_id, VIE_SHEETS[y].file, "dimension and sub-dimension scores (Vietnamese)", str(y)
        )
        for y in range(2011, 2018)
    ]
    + [
        _workbook_source(
            FULL_2018.source_id, FULL_2018.file, "provincial indicators with unweighted total (Vietnamese)", "2018"
        ),
        _workbook_source(
            FULL_2019.source_id, FULL_2019.file, "provincial indicators with weighted and unweighted totals", "2019"
        ),
        _workbook_source(
            INDICATORS_2019.source_id, INDICATORS_2019.file, "provincial indicators with the weighted total", "2019"
        ),
    ]
    + [
        _compiled_source(
            f"papi_compiled_{y}", f"{y}.csv", "csv", "sub-dimension scores, third-party compilation", str(y)
        )
        for y in COMPILED_YEARS
    ]
    + [
        _compiled_source(
            "papi_compiled_provinces",
            CODEBOOK_PROVINCES,
            "codebook",
            "province codes P01–P63 of the compilation",
            "2011-2024",
        ),
        _compiled_source(
            "papi_compiled_subcriteria",
            CODEBOOK_SUBCRITERIA,
            "codebook",
            "sub-dimension codes of the compilation",
            "2011-2024",
        ),
    ]
)
_SOURCE_BY_ID = {s.id: s for s in SOURCES}

# --- Codebook ----------------------------------------------------------------------------------------------------

ERA_NOTE = (
    "Method eras: 6 dimensions 2011–2017, 8 from 2018 (Environmental governance and E-governance added); in 2016 "
    "dimensions 1, 3 and 5 were rebuilt, so only dimensions 2, 4 and 6 are comparable across 2011–2016."
)
COMPILED_NOTE = (
    "2020–2024 values come only from a third-party compilation of the published sub-dimension scores "
    "(hnks-gh/ml-mcdm); it matches the official workbooks 2011–2019 (see conflicts.csv)."
)
SUB_SOURCE_NOTE = (
    "2011–2019 from the official workbooks; 2020–2024 from the third-party compilation, kept as published scores "
    "(status published) because it equals the official workbooks wherever both exist."
)
# (code, English name, Vietnamese name as of 2019, years, scale_min, scale_max, notes)
DIMENSIONS = [
    (
        "papi_d1",
        "Participation at Local Levels",
        "Tham gia của người dân ở cấp cơ sở",
        "2011-2024",
        "Rebuilt in 2016: not comparable with 2011–2015.",
    ),
    (
        "papi_d2",
        "Transparency of Local Decision-making",
        "Công khai, minh bạch trong hoạch định chính sách",
        "2011-2024",
        "Vietnamese name 2011–2017 'Công khai, minh bạch trong việc ra quyết định', 2018 '… trong ra quyết định'. "
        "Three sub-dimensions until 2017, four from 2018 (2.4 land-use plans added).",
    ),
    (
        "papi_d3",
        "Vertical Accountability",
        "Trách nhiệm giải trình với người dân",
        "2011-2024",
        "Rebuilt in 2016: not comparable with 2011–2015.",
    ),
    (
        "papi_d4",
        "Control of Corruption in the Public Sector",
        "Kiểm soát tham nhũng trong khu vực công",
        "2011-2024",
        "",
    ),
    (
        "papi_d5",
        "Public Administrative Procedures",
        "Thủ tục hành chính công",
        "2011-2024",
        "Rebuilt in 2016: not comparable with 2011–2015. From 2021 three sub-dimensions (no construction permits).",
    ),
    ("papi_d6", "Public Service Delivery", "Cung ứng dịch vụ công", "2011-2024", ""),
    ("papi_d7", "Environmental Governance", "Quản trị môi trường", "2018-2024", "Added in 2018."),
    (
        "papi_d8",
        "E-Governance",
        "Quản trị điện tử",
        "2018-2024",
        "Added in 2018 with two sub-dimensions; three from 2019 (8.3 e-responsiveness added).",
    ),
]
S4, S3, S2 = (0.25, 2.5), (0.33, 3.33), (0.5, 5.0)  # sub-dimension scales as published (4, 3 or 2 per dimension)
# (code, English name, Vietnamese name 2018+, Vietnamese name 2011–2017 if different, years, scale, era note)
SUBDIMENSIONS = [
    ("papi_d1_1", "Civic Knowledge", "Tri thức công dân", "", "2011-2024", S4, ""),
    ("papi_d1_2", "Opportunities for Participation in Elections", "Cơ hội tham gia", "", "2011-2024", S4, ""),
    ("papi_d1_3", "Quality of Village Head Elections", "Chất lượng bầu cử", "", "2011-2024", S4, ""),
    ("papi_d1_4", "Voluntary Contributions", "Đóng góp tự nguyện", "", "2011-2024", S4, ""),
    ("papi_d2_1", "Access to Information", "Tiếp cận thông tin", "", "2011-2024", (0.25, 3.33), "D2"),
    (
        "papi_d2_2",
        "Poverty List Transparency",
        "Công khai danh sách hộ nghèo",
        "Công khai, minh bạch danh sách hộ nghèo",
        "2011-2024",
        (0.25, 3.33),
        "D2",
    ),
    (
        "papi_d2_3",
        "Communal Budget Transparency",
        "Công khai thu, chi ngân sách cấp xã/phường",
        "Công khai, minh bạch ngân sách cấp xã/phường",
        "2011-2024",
        (0.25, 3.33),
        "D2",
    ),
    (
        "papi_d2_4",
        "Transparent Land-Use Plan/Price Frames",
        "Quy hoạch, kế hoạch sử dụng đất; giá bồi thường thu hồi đất",
        "",
        "2018-2024",
        S4,
        "",
    ),
    (
        "papi_d3_1",
        "Interactions With Local Authorities",
        "Mức độ và hiệu quả trong tiếp xúc với chính quyền",
        "Tương tác với các cấp chính quyền",
        "2011-2024",
        S3,
        "",
    ),
    (
        "papi_d3_2",
        "Governments Responsive to Citizen Appeals",
        "Giải đáp khiếu nại, tố cáo, khúc mắc của người dân",
        "Giải quyết khiếu nại, tố giác của người dân",
        "2011-2024",
        S3,
        "",
    ),
    ("papi_d3_3", "Access to Justice Services", "Tiếp cận dịch vụ tư pháp", "", "2011-2024", S3, ""),
    (
        "papi_d4_1",
        "Limits on Corruption in Local Governments",
        "Kiểm soát tham nhũng trong chính quyền địa phương",
        "Kiểm soát tham nhũng trong chính quyền",
        "2011-2024",
        S4,
        "",
    ),
    (
        "papi_d4_2",
        "Limits on Corruption in Service Delivery",
        "Kiểm soát tham nhũng trong cung ứng dịch vụ công",
        "",
        "2011-2024",
        S4,
        "",
    ),
    ("papi_d4_3", "Equity in State Employment", "Công bằng trong tuyển dụng vào khu vực công", "", "2011-2024", S4, ""),
    (
        "papi_d4_4",
        "Willingness to Fight Corruption",
        "Quyết tâm chống tham nhũng của chính quyền địa phương",
        "Quyết tâm chống tham nhũng",
        "2011-2024",
        S4,
        "",
    ),
    (
        "papi_d5_1",
        "Certification Procedures",
        "Dịch vụ chứng thực, xác nhận của chính quyền",
        "Cung ứng dịch vụ chứng thực, xác nhận",
        "2011-2024",
        (0.25, 3.33),
        "D5",
    ),
    (
        "papi_d5_2",
        "Construction Permits",
        "Thủ tục xin cấp phép xây dựng",
        "Dịch vụ cấp phép xây dựng",
        "2011-2020",
        S4,
        "Not part of the index from 2021.",
    ),
    (
        "papi_d5_3",
        "Land Title Procedures",
        "Thủ tục liên quan đến giấy chứng nhận quyền sử dụng đất",
        "Dịch vụ cấp giấy CNQSD đất",
        "2011-2024",
        (0.25, 3.33),
        "D5",
    ),
    ("papi_d5_4", "Personal Procedures", "Dịch vụ hành chính cấp xã/phường", "", "2011-2024", (0.25, 3.33), "D5"),
    ("papi_d6_1", "Public Healthcare", "Y tế công lập", "Dịch vụ y tế công lập", "2011-2024", S4, ""),
    (
        "papi_d6_2",
        "Primary Education",
        "Giáo dục tiểu học công lập",
        "Dịch vụ giáo dục tiểu học công lập",
        "2011-2024",
        S4,
        "",
    ),
    ("papi_d6_3", "Basic Infrastructure", "Cơ sở hạ tầng căn bản", "", "2011-2024", S4, ""),
    ("papi_d6_4", "Law and Order", "An ninh, trật tự khu dân cư", "", "2011-2024", S4, ""),
    ("papi_d7_1", "Environmental Protection", "Nghiêm túc trong bảo vệ môi trường", "", "2018-2024", S3, ""),
    ("papi_d7_2", "Quality of Air", "Chất lượng không khí", "", "2018-2024", S3, ""),
    ("papi_d7_3", "Quality of Water", "Chất lượng nước", "", "2018-2024", S3, ""),
    (
        "papi_d8_1",
        "Access to E-Government Portals",
        "Sử dụng cổng thông tin điện tử của chính quyền địa phương",
        "",
        "2018-2024",
        (0.33, 5.0),
        "D8",
    ),
    (
        "papi_d8_2",
        "Access to the Internet",
        "Tiếp cận và sử dụng Internet tại địa phương",
        "",
        "2018-2024",
        (0.33, 5.0),
        "D8",
    ),
    (
        "papi_d8_3",
        "E-Responsiveness of Provincial Authorities",
        "Phúc đáp của chính quyền qua cổng thông tin điện tử",
        "",
        "2019-2024",
        S3,
        "Added in 2019.",
    ),
]
SCALE_NOTES = {
    "D2": "Scale 0.33–3.33 in 2011–2017 (three sub-dimensions of 1–10), 0.25–2.5 from 2018 (four): levels are not "
    "comparable across 2017/2018.",
    "D5": "Scale 0.25–2.5 until 2020 (four sub-dimensions), 0.33–3.33 from 2021 (three): levels are not comparable "
    "across 2020/2021. From 2021 the compilation keeps this score in the column of its 2018 label; PAPI's own "
    "numbering of the three sub-dimensions from 2021 could not be checked against an official file.",
    "D8": "Scale 0.5–5.0 in 2018 (two sub-dimensions), 0.33–3.33 from 2019 (three): not comparable across 2018/2019.",
}


def _indicators() -> list[Indicator]:
    totals = [
        Indicator(
            "papi_total_unweighted",
            INDEX,
            "Chỉ số PAPI tổng hợp (không có trọng số)",
            "PAPI, unweighted (sum of the dimension scores)",
            "",
            "total",
            "points",
            6.0,
            80.0,
            True,
            "2011-2024",
            "Sum of the dimension scores: 6–60 with 6 dimensions (2011–2017), 8–80 with 8 (from 2018); the codebook "
            "scale 6–80 covers both eras (the 2018–2019 workbooks label it '10-80 điểm'). Levels are not comparable "
            "across 2017/2018. Published in the official workbooks for 2018 and 2019; for 2011–2017 (the workbooks "
            "give dimensions only) and 2020–2024 it is computed here as the sum of the dimensions (status computed). "
            "Missing where any dimension is missing. " + ERA_NOTE + " " + COMPILED_NOTE,
        ),
        Indicator(
            "papi_total_weighted",
            INDEX,
            "Chỉ số PAPI tổng hợp (có trọng số)",
            "PAPI, weighted (official)",
            "",
            "total",
            "points",
            10.0,
            80.0,
            True,
            "2019",
            "The official weighted PAPI as published in the 2019 indicator workbook (scale 10–80 as labelled there). "
            "Not published in the files held for other years; never computed here.",
        ),
    ]
    dims = [
        Indicator(
            code,
            INDEX,
            vi,
            en,
            "papi_total_unweighted",
            "dimension",
            "points",
            1.0,
            10.0,
            True,
            years,
            " ".join(x for x in (note, ERA_NOTE, COMPILED_NOTE if years.endswith("2024") else "") if x)
            + " 2020–2024 computed here as the sum of the sub-dimension scores.",
        )
        for code, en, vi, years, note in DIMENSIONS
    ]
    subs = []
    for code, en, vi, vi_old, years, (lo, hi), note in SUBDIMENSIONS:
        parent = code.rsplit("_", 1)[0]
        parts = [SCALE_NOTES.get(note, note)]
        if vi_old:
            parts.append(f"Vietnamese name 2011–2017: '{vi_old}'.")
        if code == "papi_d5_3":
            parts.append("Spelled 'Land Tittle Procedures' in the English workbooks.")
        if parent in ("papi_d1", "papi_d3", "papi_d5"):
            parts.append("Dimension rebuilt in 2016: not comparable with 2011–2015.")
        if years.startswith("2011"):
            parts.append(
                "For 2011–2017 the compilation's 2018-era labels stand for that period's sub-dimensions; "
                "names here follow the official workbooks of each era."
            )
        parts.append(SUB_SOURCE_NOTE)
        subs.append(
            Indicator(
                code,
                INDEX,
                vi,
                en,
                parent,
                "subdimension",
                "points",
                lo,
                hi,
                True,
                years,
                " ".join(p for p in parts if p),
            )
        )
    return totals + dims + subs


INDICATORS = _indicators()
EXPECTED_COUNTS = {
    "papi_total_unweighted": {y: 63 for y in COMPILED_YEARS},
    "papi_total_weighted": {2019: 63},
    **{f"papi_d{k}": {y: 63 for y in COMPILED_YEARS if k <= n_dimensions(y)} for k in range(1, 9)},
}

# --- Parsing (reformat only) -------------------------------------------------------------------------------------

_DIM_RE = re.compile(r"^(?:chỉ số nội dung\s+|dimension\s+)?(\d)(?:\.(\d))?\s*:")
TOTAL_LABELS = {
    "unweighted papi score": "papi_total_unweighted",
    "chỉ số papi tổng hợp (không có trọng số)": "papi_total_unweighted",
    "chỉ số papi 2018 (không có trọng số)": "papi_total_unweighted",
    "weighted papi score": "papi_total_weighted",
    "chỉ số papi tổng hợp (có trọng số)": "papi_total_weighted",
}
PROVINCE_ROW_LABELS = {
    "tên tỉnh/thành phố",
    "tỉnh/thành phố trực thuộc trung ương",
    "tỉnh/thành phố (trực thuộc trung ương)",
}
NAME_COLUMN_LABELS = {"province", "provinces", "tên tỉnh", *PROVINCE_ROW_LABELS}
SCALE_LABEL = "thang điểm"


def _norm(label) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", str(label))).strip().casefold()


def indicator_code(label) -> str | None:
    """Indicator code for a published row/column label ('2.3: …', 'Chỉ số nội dung 4: …', 'Unweighted PAPI Score')."""
    if label is None or (isinstance(label, float) and pd.isna(label)):
        return None
    text = _norm(label)
    if text in TOTAL_LABELS:
        return TOTAL_LABELS[text]
    m = _DIM_RE.match(text)
    if not m:
        return None
    return f"papi_d{m[1]}" + (f"_{m[2]}" if m[2] else "")


def _cell_value(x, where: str) -> float:
    if x is None or (isinstance(x, float) and pd.isna(x)):
        return float("nan")
    if isinstance(x, bool):
        raise SourceLayoutError(f"{where}: unexpected value {x!r}; expected a score or a blank cell.")
    if isinstance(x, int | float):
        return float(x)
    if str(x).strip().upper() in MISSING_MARKERS:
        return float("nan")
    raise SourceLayoutError(f"{where}: unexpected value {x!r}; expected a score, a blank cell or 'KCDL'.")


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def read_sheet(path: Path, sheet: str) -> list[list]:
    """One sheet's raw cells (calamine); SourceLayoutError naming the file and the sheets it has if absent."""
    import python_calamine

    try:
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as e:  # noqa: BLE001 — re-raised with the file name
        raise SourceLayoutError(f"{path.name}: cannot open workbook ({e}). Is the file complete? Re-fetch it.") from e
    if sheet not in wb.sheet_names:
        raise SourceLayoutError(
            f"{path.name}: no sheet {sheet!r} (sheets: {', '.join(map(repr, wb.sheet_names))}). "
            "The layout changed: update the sheet table in loaders/papi.py."
        )
    return wb.get_sheet_by_name(sheet).to_python()


def parse_dimension_table(path: Path, sheet: str, strict: bool = True) -> pd.DataFrame:
    """A province-per-row sheet → long rows (province, indicator, value, ref).

    The province column is the one headed 'Province(s)' / 'Tên tỉnh' (…); with `strict`, every other column must be a
    dimension, sub-dimension or total, otherwise columns that are not scores are skipped.
    """
    rows = read_sheet(path, sheet)
    if not rows:
        raise SourceLayoutError(f"{path.name}!{sheet}: empty sheet.")
    header = rows[0]
    name_col = next((j for j, x in enumerate(header) if _norm(x) in NAME_COLUMN_LABELS), None)
    if name_col is None:
        raise SourceLayoutError(
            f"{path.name}!{sheet}: no province column in row 1 (a header such as 'Provinces' or 'Tên tỉnh'); "
            f"found {header[:3]!r}."
        )
    codes = {}
    for j, label in enumerate(header):
        if j == name_col or label in (None, ""):
            continue
        code = indicator_code(label)
        if code is None and strict:
            raise SourceLayoutError(
                f"{path.name}!{sheet}!{_col_letter(j)}1: column {label!r} is not a PAPI dimension, sub-dimension "
                "or total. Update indicator_code() in loaders/papi.py if the layout changed."
            )
        if code is not None:
            codes[j] = code
    if "papi_d1" not in codes.values():
        raise SourceLayoutError(f"{path.name}!{sheet}: no '1: …' dimension column in row 1 (header {header[:3]!r}).")
    out = []
    for i, row in enumerate(rows[1:], start=2):
        name = row[name_col] if name_col < len(row) else None
        if name in (None, "") or not str(name).strip():
            continue
        for j, code in codes.items():
            where = f"{path.name}!{sheet}!{_col_letter(j)}{i}"
            x = row[j] if j < len(row) else None
            out.append(
                {
                    "province": str(name).strip(),
                    "indicator": code,
                    "value": _cell_value(x, where),
                    "ref": f"{path.name}!{sheet}!{i}",
                }
            )
    return pd.DataFrame(out, columns=["province", "indicator", "value", "ref"])


def parse_indicator_table(path: Path, sheet: str) -> pd.DataFrame:
    """An indicator-per-row sheet (provinces across) → long rows for totals, dimensions and sub-dimensions."""
    rows = read_sheet(path, sheet)
    name_row = next((i for i, r in enumerate(rows[:5]) if r and _norm(r[0]) in PROVINCE_ROW_LABELS), None)
    if name_row is None:
        raise SourceLayoutError(
            f"{path.name}!{sheet}: no province-name row (first cell one of {sorted(PROVINCE_ROW_LABELS)}) in rows 1–5."
        )
    scale_cols = {j for r in rows[: name_row + 1] for j, x in enumerate(r) if _norm(x) == SCALE_LABEL}
    provinces = {
        j: str(x).strip()
        for j, x in enumerate(rows[name_row])
        if j > 0 and j not in scale_cols and x not in (None, "") and str(x).strip()
    }
    out = []
    for i, row in enumerate(rows[name_row + 1 :], start=name_row + 2):
        code = indicator_code(row[0]) if row else None
        if code is None:
            continue
        for j, name in provinces.items():
            where = f"{path.name}!{sheet}!{_col_letter(j)}{i}"
            out.append(
                {
                    "province": name,
                    "indicator": code,
                    "value": _cell_value(row[j] if j < len(row) else None, where),
                    "ref": where,
                }
            )
    return pd.DataFrame(out, columns=["province", "indicator", "value", "ref"])


def parse_compiled_codebook(path: Path) -> dict[str, str]:
    """The compilation's codebook as {code: name} (provinces P01–P63 or sub-dimension columns SC11…)."""
    df = pd.read_csv(path, dtype=str)
    if not {"Variable_Code", "Variable_Name"} <= set(df.columns):
        raise SourceLayoutError(
            f"{path.name}: expected columns Variable_Code, Variable_Name; found {list(df.columns)}."
        )
    return dict(zip(df["Variable_Code"].str.strip(), df["Variable_Name"].str.strip(), strict=True))


def parse_compiled_csv(path: Path, columns: list[str]) -> pd.DataFrame:
    """One year of the compilation → long rows (province code Pxx, column SCkj, value, ref 'YYYY.csv:line')."""
    df = pd.read_csv(path, dtype={"Province": str})
    expected = ["Province", *columns]
    if list(df.columns) != expected:
        raise SourceLayoutError(
            f"{path.name}: columns {list(df.columns)} differ from Province + the codebook's {columns}."
        )
    df["ref"] = [f"{path.name}:{i}" for i in range(2, len(df) + 2)]  # line 1 is the header
    long = df.melt(id_vars=["Province", "ref"], var_name="column", value_name="value")
    return long.rename(columns={"Province": "pcode"})[["pcode", "column", "value", "ref"]]


# --- Harmonising -------------------------------------------------------------------------------------------------


def _with_codes(df: pd.DataFrame, registry, where: str) -> pd.DataFrame:
    names = list(dict.fromkeys(df["province"]))
    codes = dict(zip(names, registry.match(names, 63, where=where), strict=True))
    out = df.assign(province_code=df["province"].map(codes))
    dup = out.drop_duplicates(["province", "province_code"])["province_code"].duplicated()
    if dup.any():
        raise SourceLayoutError(f"{where}: two province names map to one code; check aliases.csv.")
    return out


def _official_table(sources_dir: Path, sheet: Sheet, registry, parser) -> pd.DataFrame:
    path = source_path(sources_dir, _SOURCE_BY_ID[sheet.source_id])
    df = _with_codes(parser(path, sheet.sheet), registry, f"{sheet.file}!{sheet.sheet}")
    return df.assign(source_id=sheet.source_id)


def _check_63(df: pd.DataFrame, where: str) -> None:
    n = df["province_code"].nunique()
    if n != 63:
        raise SourceLayoutError(f"{where}: {n} provinces, expected 63.")


def compiled_provinces(sources_dir: Path, registry) -> dict[str, str]:
    """The compilation's P01–P63 codes → GSO codes (63 vintage), via the registry."""
    path = source_path(sources_dir, _SOURCE_BY_ID["papi_compiled_provinces"])
    book = parse_compiled_codebook(path)
    codes = registry.match(list(book.values()), 63, where=path.name)
    return dict(zip(book, codes, strict=True))


def compiled_year(sources_dir: Path, year: int, pmap: dict[str, str], columns: list[str]) -> pd.DataFrame:
    """One compiled year as long rows with GSO codes and indicator codes; unknown Pxx codes raise."""
    path = source_path(sources_dir, _SOURCE_BY_ID[f"papi_compiled_{year}"])
    return harmonise_compiled(parse_compiled_csv(path, columns), pmap, path.name)


def harmonise_compiled(long: pd.DataFrame, pmap: dict[str, str], file: str) -> pd.DataFrame:
    """Map Pxx → GSO code and SCkj → papi_dk_j; SourceLayoutError naming the file for an unknown province code."""
    unknown = sorted(set(long["pcode"]) - set(pmap))
    if unknown:
        raise SourceLayoutError(
            f"{file}: province code(s) {', '.join(unknown)} not in {CODEBOOK_PROVINCES} (P01–P63). "
            "Check the file or the codebook."
        )
    bad = sorted({c for c in long["column"] if not re.fullmatch(r"SC[1-8][1-9]", c)})
    if bad:
        raise SourceLayoutError(f"{file}: columns {bad} are not sub-dimension columns SCkj.")
    return long.assign(
        province_code=long["pcode"].map(pmap),
        indicator="papi_d" + long["column"].str[2] + "_" + long["column"].str[3],
        source_id=f"papi_compiled_{file.removesuffix('.csv')}",
    )


# --- Tidy rows ---------------------------------------------------------------------------------------------------


def is_sub(codes: pd.Series) -> pd.Series:
    """True for sub-dimension codes (papi_dK_J)."""
    return codes.str.fullmatch(r"papi_d\d_\d")


def is_dim(codes: pd.Series) -> pd.Series:
    """True for dimension codes (papi_dK)."""
    return codes.str.fullmatch(r"papi_d\d")


def _status(values: pd.Series, present: str = "published") -> pd.Series:
    return pd.Series(["missing" if pd.isna(v) else present for v in values], index=values.index, dtype="string")


def _sum_rows(parts: pd.DataFrame, groups: list[str], expected: pd.Series, target) -> pd.DataFrame:
    """Sum of parts per group where every expected part has a value; else missing (never a partial sum)."""
    g = parts.groupby(groups, sort=False)
    agg = g.agg(
        value=("value", lambda s: s.sum(min_count=1)),
        n=("value", "count"),
        ref=("ref", "first"),
        source_id=("source_id", "first"),
        parts=("indicator", lambda s: ",".join(sorted(s))),
    )
    agg = agg.reset_index()
    need = agg[groups[-1]].map(expected) if expected is not None else None
    complete = agg["n"] == need
    agg.loc[~complete, "value"] = float("nan")
    agg["indicator"] = agg[groups[-1]].map(target) if callable(target) else target
    return agg


def _dimensions_from_subs(subs: pd.DataFrame) -> pd.DataFrame:
    """Dimension k = sum of its sub-dimensions of that year (computed)."""
    s = subs.assign(dim=subs["indicator"].str.rsplit("_", n=1).str[0])
    per_dim = s.groupby("dim")["indicator"].nunique()
    agg = _sum_rows(s, ["province_code", "dim"], per_dim, lambda d: d)
    agg["ref"] = agg["ref"] + " (sum of " + agg["parts"].str.replace("papi_", "").str.replace(",", "+") + ")"
    return agg.assign(status=_status(agg["value"], "computed"))


def _total_from_dims(dims: pd.DataFrame, year: int) -> pd.DataFrame:
    """Unweighted total = sum of the year's dimensions (computed), missing if any dimension is missing."""
    d = dims.assign(all="x")
    agg = _sum_rows(d, ["province_code", "all"], pd.Series({"x": n_dimensions(year)}), "papi_total_unweighted")
    agg["ref"] = agg["ref"].str.split(" (", regex=False).str[0] + f" (sum of d1..d{n_dimensions(year)})"
    return agg.assign(status=_status(agg["value"], "computed"))


def _rows(df: pd.DataFrame, year: int, registry, precedence: int) -> pd.DataFrame:
    names = {c: registry.name(c, 63) for c in df["province_code"].unique()}
    return pd.DataFrame(
        {
            "index": INDEX,
            "year": year,
            "province_code": df["province_code"].to_numpy(),
            "vintage": 63,
            "province": df["province_code"].map(names).to_numpy(),
            "indicator": df["indicator"].to_numpy(),
            "value": df["value"].astype("float64").to_numpy(),
            "status": df["status"].to_numpy(),
            "source_id": df["source_id"].to_numpy(),
            "source_ref": df["ref"].to_numpy(),
            "precedence": precedence,
        }
    )


def _official_year(sources_dir: Path, year: int, registry) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """The official values of one year (published + computed total) and the other official tables to compare."""
    eng = _official_table(sources_dir, ENG_SHEETS[year], registry, parse_dimension_table)
    _check_63(eng, f"{ENG_SHEETS[year].file}!{ENG_SHEETS[year].sheet}")
    eng = eng.assign(status=_status(eng["value"]))
    others = {}
    if year in VIE_SHEETS:
        others[VIE_SHEETS[year].source_id] = _official_table(
            sources_dir, VIE_SHEETS[year], registry, parse_dimension_table
        )
    parts = [eng]
    if year == 2018:
        full = _official_table(sources_dir, FULL_2018, registry, parse_indicator_table)
        _check_63(full, f"{FULL_2018.file}!{FULL_2018.sheet}")
        total = full[full["indicator"] == "papi_total_unweighted"]
        parts.append(total.assign(status=_status(total["value"])))
        others[FULL_2018.source_id] = full[full["indicator"] != "papi_total_unweighted"]
    if year == 2019:
        ind = _official_table(sources_dir, INDICATORS_2019, registry, parse_indicator_table)
        _check_63(ind, f"{INDICATORS_2019.file}!{INDICATORS_2019.sheet}")
        weighted = ind[ind["indicator"] == "papi_total_weighted"]
        parts.append(weighted.assign(status=_status(weighted["value"])))
        others[INDICATORS_2019.source_id] = ind[ind["indicator"] != "papi_total_weighted"]
        others[FULL_2019.source_id] = _official_table(
            sources_dir, FULL_2019, registry, lambda p, sh: parse_dimension_table(p, sh, strict=False)
        )
    if "papi_total_unweighted" not in set(eng["indicator"]) and year != 2018:
        dims = eng[is_dim(eng["indicator"])]
        parts.append(_total_from_dims(dims, year))
    official = pd.concat(parts, ignore_index=True)
    return official[["province_code", "indicator", "value", "status", "source_id", "ref"]], others


def _compiled_values(compiled: pd.DataFrame, year: int) -> pd.DataFrame:
    """Sub-dimensions of the year's design (columns blank for every province are not part of it), dimensions, total."""
    design = compiled.groupby("indicator")["value"].transform(lambda s: s.notna().any())
    subs = compiled[design].assign(status=lambda d: _status(d["value"]))
    dims = _dimensions_from_subs(subs)
    total = _total_from_dims(dims, year)
    cols = ["province_code", "indicator", "value", "status", "source_id", "ref"]
    return pd.concat([subs[cols], dims[cols], total[cols]], ignore_index=True)


# --- Comparing sources -------------------------------------------------------------------------------------------


def _fmt(x) -> str:
    return "" if pd.isna(x) else f"{x:.6g}"


def compare(chosen: pd.DataFrame, other: pd.DataFrame, year: int, tolerance: float, note: str) -> pd.DataFrame:
    """Conflicts: `other` differs from `chosen` beyond `tolerance`, or one of them is blank where the other is not."""
    a = chosen[["province_code", "indicator", "value", "source_id", "ref"]]
    b = other[["province_code", "indicator", "value", "source_id", "ref"]]
    m = a.merge(b, on=["province_code", "indicator"], how="outer", suffixes=("_a", "_b"))
    shared = set(a["indicator"]) & set(b["indicator"])
    extra = set(b.loc[b["value"].notna(), "indicator"]) - set(a["indicator"])
    m = m[m["indicator"].isin(shared | extra)]
    both = m["value_a"].notna() & m["value_b"].notna()
    differs = both & ((m["value_a"] - m["value_b"]).abs() > tolerance)
    one_blank = m["value_a"].isna() != m["value_b"].isna()
    bad = m[differs | one_blank]
    rows = []
    for r in bad.itertuples(index=False):
        if pd.isna(r.value_a) and pd.isna(r.source_id_a):
            why = "not in the chosen source"
        elif pd.isna(r.value_a):
            why = "blank in the chosen source"
        elif pd.isna(r.value_b):
            why = "blank in the other source" if pd.notna(r.source_id_b) else "not in the other source"
        else:
            why = f"differs by {r.value_b - r.value_a:+.4f}"
        rows.append(
            {
                "index": INDEX,
                "year": year,
                "province_code": r.province_code,
                "vintage": 63,
                "indicator": r.indicator,
                "field": "value",
                "chosen_value": _fmt(r.value_a),
                "other_value": _fmt(r.value_b),
                "chosen_source": f"{r.source_id_a} {r.ref_a}" if pd.notna(r.source_id_a) else "",
                "other_source": f"{r.source_id_b} {r.ref_b}" if pd.notna(r.source_id_b) else "",
                "note": f"{note}: {why}; kept the chosen (official) value",
            }
        )
    return pd.DataFrame(rows, columns=CONFLICT_COLUMNS)


def _consistency_warnings(values: pd.DataFrame, year: int) -> list[str]:
    """Published dimensions that are not the sum of their published sub-dimensions (beyond 0.01)."""
    v = values[values["status"] == "published"]
    subs = v[is_sub(v["indicator"])].assign(dim=lambda d: d["indicator"].str.rsplit("_", n=1).str[0])
    sums = subs.groupby(["province_code", "dim"])["value"].sum()
    dims = v[is_dim(v["indicator"])].set_index(["province_code", "indicator"])["value"]
    dims.index = dims.index.set_names(["province_code", "dim"])
    diff = (dims - sums).dropna()
    bad = diff[diff.abs() > SUB_TOLERANCE]
    return [
        f"papi {year} {c} {d}: published dimension differs from the sum of its sub-dimensions by {x:+.4f}"
        for (c, d), x in bad.items()
    ]


def load(sources_dir, registry) -> LoadResult:
    """All PAPI values 2011–2024: official workbooks 2011–2019, compiled sub-dimensions 2020–2024."""
    sources_dir = Path(sources_dir)
    # Load inputs.
    pmap = compiled_provinces(sources_dir, registry)
    sub_columns = list(parse_compiled_codebook(source_path(sources_dir, _SOURCE_BY_ID["papi_compiled_subcriteria"])))
    # Process data.
    frames, conflicts, warnings = [], [], []
    for year in COMPILED_YEARS:
        compiled = compiled_year(sources_dir, year, pmap, sub_columns)
        compiled_vals = _compiled_values(compiled, year)
        if year in WORKBOOK_YEARS:
            official, others = _official_year(sources_dir, year, registry)
            frames.append(_rows(official, year, registry, PRECEDENCE_OFFICIAL))
            warnings += _consistency_warnings(official, year)
            for other in others.values():
                conflicts.append(compare(official, other, year, OFFICIAL_TOLERANCE, "two official workbooks disagree"))
            subs = compiled_vals[is_sub(compiled_vals["indicator"])]
            off_subs = official[is_sub(official["indicator"])]
            conflicts.append(
                compare(off_subs, subs, year, SUB_TOLERANCE, "compiled file disagrees with the official workbook")
            )
        else:
            frames.append(_rows(compiled_vals, year, registry, PRECEDENCE_COMPILED))
    # Save outputs.
    values = tidy_frame(pd.concat(frames, ignore_index=True))
    conflicts = [c for c in conflicts if len(c)]
    conf = pd.concat(conflicts, ignore_index=True) if conflicts else pd.DataFrame(columns=CONFLICT_COLUMNS)
    if len(conf):
        warnings.append(f"papi: {len(conf)} disagreement(s) between sources, official values kept (conflicts.csv)")
    return LoadResult(values=values, conflicts=conf, warnings=warnings)
