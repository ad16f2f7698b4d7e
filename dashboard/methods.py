"""What each index measures, its scales and ranks, the method breaks, the 2025 merger and our data rules (vi + en).

Every statement here comes from the source notes (the READMEs beside the source files) or the codebook; the page adds
the codebook's components and the registry's code table, read from the build, so nothing is listed twice.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class MethodBreak:
    """A change of method after which levels are not directly comparable with earlier editions."""

    index: str
    year: int  # first edition under the new method
    vi: str
    en: str

    def text(self, lang: str) -> str:
        """The short note in the language."""
        return self.vi if lang == "vi" else self.en


METHOD_BREAKS: tuple[MethodBreak, ...] = (
    MethodBreak(
        "pci",
        2013,
        "PCI: bộ chỉ số thành phần thay đổi (9 chỉ số trước 2013, 10 từ 2013)",
        "PCI: the set of sub-indices changed (9 before 2013, 10 from 2013)",
    ),
    MethodBreak(
        "papi",
        2016,
        "PAPI: các nội dung 1, 3 và 5 được xây dựng lại năm 2016",
        "PAPI: dimensions 1, 3 and 5 were rebuilt in 2016",
    ),
    MethodBreak(
        "papi",
        2018,
        "PAPI: từ 2018 có 8 nội dung (thêm quản trị môi trường và quản trị điện tử)",
        "PAPI: 8 dimensions from 2018 (environmental governance and e-governance added)",
    ),
    MethodBreak(
        "sipas",
        2022,
        "SIPAS: thiết kế khảo sát thay đổi năm 2022, mức điểm trước và sau không so sánh được",
        "SIPAS: survey design changed in 2022; levels before and after are not comparable",
    ),
)

# GSO codes that name a different unit after 1 July 2025 (source notes on the administrative units).
CODES_CHANGING_MEANING = ("15", "24", "44", "52", "80", "82", "91")


def breaks_of(index: str) -> list[MethodBreak]:
    """The method breaks of one index, oldest first."""
    return sorted((b for b in METHOD_BREAKS if b.index == index), key=lambda b: b.year)


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

INDICES = {
    "pci": {
        "vi": (
            "**PCI — Chỉ số năng lực cạnh tranh cấp tỉnh** (Phòng Thương mại và Công nghiệp Việt Nam — VCCI, với "
            "USAID). Điểm PCI có trọng số trên thang 0–100; các chỉ số thành phần trên thang 0–10 (gia nhập thị "
            "trường, tiếp cận đất đai, tính minh bạch, chi phí thời gian, chi phí không chính thức, cạnh tranh bình "
            "đẳng, tính năng động, hỗ trợ doanh nghiệp, đào tạo lao động, thiết chế pháp lý). Năm 2005 là năm thí "
            "điểm với 42 tỉnh và 9 chỉ số thành phần. Dữ liệu đầy đủ 63 tỉnh: tệp Excel của VCCI 2005–2019; từ 2020 "
            "chỉ có các số liệu đã công bố riêng lẻ, mỗi số có trích dẫn."
        ),
        "en": (
            "**PCI — Provincial Competitiveness Index** (Vietnam Chamber of Commerce and Industry — VCCI, with "
            "USAID). The weighted PCI is on a 0–100 scale; sub-indices on a 0–10 scale (entry costs, land access, "
            "transparency, time costs, informal charges, policy bias / equal competition, proactivity, business "
            "support, labour training, legal institutions). 2005 was a pilot year with 42 provinces and 9 "
            "sub-indices. Full 63-province data: VCCI's workbooks 2005–2019; from 2020 only individual published "
            "figures, each with its citation."
        ),
    },
    "papi": {
        "vi": (
            "**PAPI — Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh** (CECODES, VFF-CRT, RTA và UNDP). Mỗi "
            "nội dung (dimension) có điểm riêng; điểm tổng trong các tệp là tổng không trọng số của các nội dung: 6 "
            "nội dung 2011–2017, 8 nội dung từ 2018, nên mức tổng trước và sau 2018 không so sánh trực tiếp được. "
            "Điểm tổng có trọng số (thang 10–80) chỉ có cho năm 2019 trong dữ liệu này."
        ),
        "en": (
            "**PAPI — Provincial Governance and Public Administration Performance Index** (CECODES, VFF-CRT, RTA "
            "and UNDP). Each dimension has its own score; the total in the files is the unweighted sum of the "
            "dimensions: 6 dimensions 2011–2017, 8 from 2018, so totals before and after 2018 are not directly "
            "comparable. The weighted total (scale 10–80) is available here for 2019 only."
        ),
    },
    "par": {
        "vi": (
            "**PAR INDEX — Chỉ số cải cách hành chính cấp tỉnh** (Bộ Nội vụ, Ban Chỉ đạo cải cách hành chính của "
            "Chính phủ), tính bằng phần trăm (0–100). Các thành phần gồm điểm thẩm định của Bộ Nội vụ và điểm điều "
            "tra xã hội học. Chúng tôi không có bảng đầy đủ 63 tỉnh cho năm nào: chỉ có các số liệu đã được công bố "
            "riêng lẻ (2012–2024), mỗi số kèm địa chỉ và trích dẫn nguyên văn."
        ),
        "en": (
            "**PAR INDEX — Public Administration Reform Index** (Ministry of Home Affairs, the Government's Steering "
            "Committee for Administrative Reform), in percent (0–100). Its components include the Ministry's "
            "appraisal score and survey scores. We hold no full 63-province table for any year: only individually "
            "published figures (2012–2024), each with its address and the source's own words."
        ),
    },
    "sipas": {
        "vi": (
            "**SIPAS — Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước** "
            "(Bộ Nội vụ), tính bằng phần trăm (0–100). Năm 2015 là thí điểm ở 10 tỉnh (xếp hạng trong 10 tỉnh). Như "
            "PAR INDEX, chỉ có các số liệu đã công bố riêng lẻ (2017–2024), mỗi số có trích dẫn."
        ),
        "en": (
            "**SIPAS — Satisfaction Index of Public Administrative Services** (Ministry of Home Affairs), in percent "
            "(0–100). 2015 was a pilot in 10 provinces (ranked among those 10). As for the PAR INDEX, we hold only "
            "individually published figures (2017–2024), each with its citation."
        ),
    },
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
