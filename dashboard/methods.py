"""What each index measures, its scales and ranks, the method breaks, the 2025 merger and our data rules (vi + en).

Every statement here comes from the source notes (the READMEs beside the source files) or the codebook; the page adds
the codebook's components and the registry's code table, read from the build, so nothing is listed twice.
"""

from __future__ import annotations

import pandas as pd

from dashboard import indices as ix

# GSO codes that name a different unit after 1 July 2025 (source notes on the administrative units).
CODES_CHANGING_MEANING = ("15", "24", "44", "52", "80", "82", "91")


def breaks_of(index: str) -> list[ix.MethodBreak]:
    """The method breaks of one index, oldest first (from the index registry)."""
    return list(ix.method_breaks(index))


def code_meaning_table(provinces: pd.DataFrame, lang: str) -> pd.DataFrame:
    """For each code that changes meaning: the unit it named until 30 June 2025 and the one it names from 1 July."""
    name = "name_vi" if lang == "vi" else "name_en"
    rows = []
    for code in CODES_CHANGING_MEANING:
        old = provinces[(provinces["code"] == code) & (provinces["vintage"] == 63)]
        new = provinces[(provinces["code"] == code) & (provinces["vintage"] == 34)]
        rows.append(
            {"code": code, "63": old[name].iloc[0] if len(old) else None, "34": new[name].iloc[0] if len(new) else None}
        )
    return pd.DataFrame(rows, columns=["code", "63", "34"])


INTRO = {
    "vi": (
        "Trang này nói rõ bốn chỉ số đo gì, thang điểm, cách công bố xếp hạng, những lần đổi phương pháp, việc sắp "
        "xếp 63 tỉnh thành 34 tỉnh năm 2025 và các nguyên tắc dữ liệu của chúng tôi."
    ),
    "en": (
        "This page says what the four indices measure, their scales, how ranks are published, where methods "
        "changed, how the 2025 merger of 63 provinces into 34 is handled, and the rules our data follow."
    ),
}

RANKS = {
    "vi": (
        "- Xếp hạng là thứ hạng trong số các tỉnh (63 tỉnh đến năm 2024) do cơ quan công bố đưa ra. Chúng tôi chỉ "
        "ghi thứ hạng khi nguồn nói rõ; thứ hạng chỉ được suy ra (ví dụ “tăng 3 bậc”) được để trống.\n"
        "- **Từ PCI 2023, VCCI chỉ công bố điểm và thứ hạng của 30 tỉnh, thành phố đứng đầu.** Các tỉnh ngoài nhóm "
        "30 không có số liệu công bố, nên để trống.\n"
        "- Thứ hạng do chúng tôi tự tính (khi có) luôn được ghi “tính toán”, không trộn với thứ hạng công bố."
    ),
    "en": (
        "- A rank is the position among the provinces (63 until 2024) as given by the publisher. We record a rank only "
        "when the source states it; a rank that is only implied (e.g. “up 3 places”) is left blank.\n"
        "- **From PCI 2023, VCCI publishes scores and ranks only for the top 30 provinces.** Provinces outside the "
        "top 30 have no published figure and stay blank.\n"
        "- Any rank we compute ourselves is always labelled “computed” and never mixed with published ranks."
    ),
}

BREAKS_EXTRA = {
    "vi": (
        "- PAPI 2016: chỉ các nội dung 2, 4 và 6 so sánh được trong giai đoạn 2011–2016.\n"
        "- PAPI 2018: Quảng Ninh và Đồng Tháp không có điểm nội dung 2 (công khai, minh bạch) và 4 (kiểm soát tham "
        "nhũng) — để trống, không phải 0.\n"
        "- SIPAS từ 2022: 9 nhóm chính sách công và dịch vụ hành chính công; điểm trung bình cả nước giảm từ khoảng "
        "85 (2020) xuống 80,08 (2022).\n"
        "- Trên biểu đồ, đường không nối qua một lần đổi phương pháp và có một vạch đứng đánh dấu năm đổi."
    ),
    "en": (
        "- PAPI 2016: only dimensions 2, 4 and 6 are comparable over 2011–2016.\n"
        "- PAPI 2018: Quảng Ninh and Đồng Tháp have no score for dimension 2 (transparency) or 4 (control of "
        "corruption) — blank, not zero.\n"
        "- SIPAS from 2022: 9 public-policy groups plus administrative services; the national mean fell from about "
        "85 (2020) to 80.08 (2022).\n"
        "- On the charts, lines are not joined across a method change, and a vertical rule marks the year."
    ),
}

MERGER = {
    "vi": (
        "Theo Nghị quyết 202/2025/QH15, từ ngày 1/7/2025 cả nước có 34 đơn vị hành chính cấp tỉnh thay cho 63. Mọi "
        "số liệu lịch sử (đến kỳ công bố 2024) thuộc 63 tỉnh cũ. Mã tỉnh của Tổng cục Thống kê chỉ có nghĩa khi đi "
        "kèm thế hệ đơn vị (63 hay 34): **bảy mã đổi nghĩa** qua đợt sắp xếp (bảng dưới). Ví dụ mã 24 là Bắc Giang "
        "trước và Bắc Ninh sau. Chưa có mã ISO 3166-2 cho 34 đơn vị mới.\n\n"
        "Với một tỉnh mới gộp từ nhiều tỉnh cũ, bản đồ có thể hiển thị giá trị ước tính theo trọng số dân số (năm "
        "2024) của các tỉnh cũ — luôn ghi “Ước tính (tính toán)”, không bao giờ là điểm chính thức."
    ),
    "en": (
        "Under Resolution 202/2025/QH15, from 1 July 2025 the country has 34 provincial-level units instead of 63. "
        "All historical figures (up to the 2024 editions) belong to the 63 former provinces. A GSO province code is "
        "only meaningful together with its vintage (63 or 34): **seven codes change meaning** across the merger "
        "(table below). For example, code 24 is Bắc Giang before and Bắc Ninh after. No ISO 3166-2 codes exist yet "
        "for the 34 new units.\n\n"
        "For a new province formed from several old ones, the map can show an estimate weighted by the old "
        "provinces' 2024 population — always labelled “Estimate (computed)”, never an official score."
    ),
}

RULES = {
    "vi": (
        "1. **Không bịa số liệu.** Mỗi con số dẫn về một tệp nguồn (trang tính, dòng) hoặc một ấn phẩm có trích dẫn.\n"
        "2. **Thiếu là thiếu.** Ô trống ở nguồn vẫn để trống (hiển thị “–”, đường bị ngắt), không bao giờ là 0, không "
        "nội suy.\n"
        "3. **Số tính toán được ghi rõ.** Trung vị, phân vị, ước tính cho tỉnh mới và thứ hạng tự tính đều ghi "
        "“tính toán”.\n"
        "4. **Khi các nguồn không khớp**, chúng tôi giữ một giá trị theo thứ tự ưu tiên (tệp chính thức, trang chính "
        "thức, báo chí), đánh dấu và để các giá trị khác xem được ở trang Dữ liệu & nguồn — không lấy trung bình.\n"
        "5. **Nguồn và giấy phép** được ghi dưới mọi biểu đồ và bảng."
    ),
    "en": (
        "1. **Nothing is invented.** Every figure traces to a source file (sheet, row) or a cited publication.\n"
        "2. **Missing stays missing.** A blank at source stays blank (shown as “–”, lines broken), never zero, never "
        "interpolated.\n"
        "3. **Computed values are labelled.** Medians, percentiles, estimates for new provinces and ranks we compute "
        "are all marked “computed”.\n"
        "4. **Where sources disagree**, we keep one value by precedence (official file, official page, news), flag "
        "it and keep the alternatives visible on the Data & sources page — never averaged.\n"
        "5. **Source and licence** are written under every chart and table."
    ),
}
