"""Every user-facing string in Vietnamese (default) and English, and number formatting per language."""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

from babel import Locale

LANGS = ("vi", "en")
LOCALES = Path(__file__).resolve().parent / "locales"

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
    "status_computed": {"vi": "tính toán", "en": "computed"},
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
    # --- downloads and the presentation view ---
    "download_png": {"vi": "Ảnh PNG", "en": "PNG image"},
    "download_svg": {"vi": "Ảnh SVG", "en": "SVG image"},
    "download_png_help": {
        "vi": "Biểu đồ thành ảnh PNG (độ phân giải gấp đôi màn hình), có tiêu đề, nguồn, giấy phép và ngày tạo.",
        "en": "The chart as a PNG image (twice the screen resolution) with its title, source, licence and date.",
    },
    "download_svg_help": {
        "vi": "Biểu đồ thành ảnh vectơ SVG (chữ vẫn là chữ), có tiêu đề, nguồn, giấy phép và ngày tạo.",
        "en": "The chart as an SVG vector image (text stays text) with its title, source, licence and date.",
    },
    "download_xlsx": {"vi": "Tải XLSX (Excel)", "en": "Download XLSX (Excel)"},
    "download_zip": {"vi": "Tải gói dữ liệu (zip)", "en": "Download data package (zip)"},
    "download_csv_help": {
        "vi": "Bảng gọn, UTF-8 có BOM, dấu chấm thập phân; ô trống là không có số liệu (không phải 0).",
        "en": "The tidy table, UTF-8 with a BOM, dot decimals; an empty cell means no figure (never zero).",
    },
    "download_xlsx_help": {
        "vi": "Sổ Excel: bảng gọn (values), từ điển chỉ tiêu và nguồn kèm trích dẫn.",
        "en": "An Excel workbook: the tidy table (values), the codebook and the sources with citations.",
    },
    "download_zip_help": {
        "vi": "Gói dữ liệu: các bảng CSV, datapackage.json mô tả từng trường và README về cách trích dẫn.",
        "en": "A data package: CSV tables, datapackage.json describing every field, and a README on how to cite.",
    },
    "brief_heading": {"vi": "Phiếu tóm tắt một trang", "en": "One-page brief"},
    "brief_caption": {
        "vi": "Bốn chỉ số của {name} trên một trang, có nguồn, giấy phép và ngày tạo: ảnh PNG cho trình chiếu, PDF "
        "để in. Tạo khi bấm, mất vài giây.",
        "en": "{name} across the four indices on one page, with sources, licences and the date: a PNG for slides, a "
        "PDF to print. Made when clicked; it takes a few seconds.",
    },
    "brief_png": {"vi": "Phiếu tóm tắt (PNG)", "en": "Brief (PNG)"},
    "brief_pdf": {"vi": "Phiếu tóm tắt (PDF)", "en": "Brief (PDF)"},
    "brief_png_help": {"vi": "Ảnh PNG độ phân giải gấp đôi.", "en": "A PNG image at twice the screen resolution."},
    "brief_pdf_help": {
        "vi": "Một trang A4, nguồn và trích dẫn là chữ.",
        "en": "One A4 page; sources and citations as text.",
    },
    "brief_file": {"vi": "phieu tom tat", "en": "brief"},
    "present_enter": {"vi": "Chế độ trình chiếu", "en": "Presentation view"},
    "present_leave": {"vi": "Thoát chế độ trình chiếu", "en": "Leave the presentation view"},
    "present_help": {
        "vi": "Ẩn thanh bên và thanh công cụ, chữ lớn hơn: để chụp màn hình.",
        "en": "Hides the sidebar and toolbar, with larger type: for screenshots.",
    },
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
    # --- overview, rankings and compare pages ---
    "no_published": {"vi": "Chưa có số liệu công bố", "en": "No published figure yet"},
    "no_published_for": {"vi": "Chưa có số liệu công bố cho {name}.", "en": "No published figure for {name} yet."},
    "score_not_published": {"vi": "Điểm chưa công bố", "en": "Score not published"},
    "rank_value": {"vi": "Hạng {rank}", "en": "Rank {rank}"},
    "rank_line": {"vi": "Hạng {rank}", "en": "Rank {rank}"},
    "rank_line_of": {"vi": "Hạng {rank}/{n}", "en": "Rank {rank} of {n}"},
    "rank_up": {"vi": "tăng {n} bậc so với {year}", "en": "up {n} since {year}"},
    "rank_down": {"vi": "giảm {n} bậc so với {year}", "en": "down {n} since {year}"},
    "rank_same": {"vi": "giữ nguyên so với {year}", "en": "unchanged since {year}"},
    "prev_edition_none": {"vi": "chưa có số liệu kỳ trước để so sánh", "en": "no earlier figure to compare"},
    "prev_edition_unlike": {
        "vi": "kỳ {year} không có cùng loại số liệu để so sánh",
        "en": "{year} has no like figure to compare",
    },
    "rank_axis": {"vi": "Xếp hạng (1 = cao nhất)", "en": "Rank (1 = best)"},
    "overview_intro": {
        "vi": "Điểm và thứ hạng công bố gần nhất của các tỉnh đã chọn trên bốn chỉ số, thay đổi so với kỳ trước và "
        "xu hướng qua các năm.",
        "en": "The latest published score and rank of the chosen provinces on the four indices, the change since the "
        "previous edition and the trend over the years.",
    },
    "latest_heading": {"vi": "Số liệu công bố gần nhất", "en": "Latest published figures"},
    "profile_link": {"vi": "Hồ sơ {name}", "en": "{name} profile"},
    "coverage_heading": {"vi": "Các chỉ số và năm có số liệu", "en": "Which indices and years have figures"},
    "coverage_title": {
        "vi": "Số tỉnh đã chọn có số liệu công bố, theo chỉ số và năm",
        "en": "Chosen provinces with a published figure, by index and year",
    },
    "coverage_none": {"vi": "không tỉnh nào", "en": "none"},
    "coverage_count": {"vi": "Số tỉnh có số liệu", "en": "Provinces with a figure"},
    "coverage_who": {"vi": "Có số liệu", "en": "With a figure"},
    "coverage_caption": {
        "vi": "Một ô là một kỳ công bố; số trong ô là số tỉnh đã chọn có điểm hoặc hạng công bố. PAR INDEX và SIPAS: "
        "chưa có bảng đầy đủ 63 tỉnh, chỉ có các số liệu được công bố rời rạc.",
        "en": "One cell per edition; the number is how many of the chosen provinces have a published score or rank. "
        "PAR INDEX and SIPAS: no full 63-province table is available, only figures published piecemeal.",
    },
    "rankings_intro": {
        "vi": "Thứ hạng và điểm qua các năm của các tỉnh đã chọn; bảng xếp hạng đầy đủ của một năm.",
        "en": "Rank and score over the years for the chosen provinces; the full ranking table of one year.",
    },
    "bump_heading": {"vi": "Thứ hạng qua các năm", "en": "Rank over the years"},
    "bump_title": {"vi": "{index}: thứ hạng {first}–{last}", "en": "{index}: rank {first}–{last}"},
    "score_heading": {"vi": "Điểm qua các năm", "en": "Score over the years"},
    "score_title": {"vi": "{indicator}: điểm {first}–{last}", "en": "{indicator}: score {first}–{last}"},
    "table_heading": {"vi": "Bảng xếp hạng {indicator} {year}", "en": "{indicator} ranking {year}"},
    "subindex_no_rank": {
        "vi": "Hạng theo chỉ số thành phần không được công bố, nên ở đây chỉ hiển thị điểm.",
        "en": "Ranks on sub-indices are not published, so only scores are shown here.",
    },
    "index_no_ranks": {
        "vi": "{index} không công bố thứ hạng các tỉnh, nên ở đây chỉ hiển thị điểm.",
        "en": "{index} does not publish province ranks, so only scores are shown here.",
    },
    "no_ranks_for": {
        "vi": "Chưa có thứ hạng công bố cho các tỉnh đã chọn.",
        "en": "No published rank for the chosen provinces.",
    },
    "no_scores_for": {
        "vi": "Chưa có điểm công bố cho các tỉnh đã chọn.",
        "en": "No published score for the chosen provinces.",
    },
    "gaps_caption": {
        "vi": "Đường bị ngắt ở năm không có số liệu công bố (không nối, không điền 0).",
        "en": "Lines break at years without a published figure (never joined, never zero).",
    },
    "computed_rank_note": {
        "vi": "Hình thoi rỗng: hạng do chúng tôi tính từ điểm công bố, không phải hạng chính thức.",
        "en": "Hollow diamond: a rank we computed from published scores, not an official rank.",
    },
    "break_pci_2013": {"vi": "2013: đổi bộ chỉ số thành phần", "en": "2013: sub-index set changed"},
    "break_papi_2016": {"vi": "2016: xây lại nội dung 1, 3, 5", "en": "2016: dimensions 1, 3, 5 rebuilt"},
    "break_papi_2018": {"vi": "2018: 8 nội dung", "en": "2018: 8 dimensions"},
    "break_sipas_2022": {"vi": "2022: đổi thiết kế", "en": "2022: design changed"},
    "breaks_caption_pci": {
        "vi": "Đường đứt nét: từ PCI 2013 bộ chỉ số thành phần thay đổi (10 chỉ số thay cho 9), nên điểm trước và sau "
        "2013 không hoàn toàn so sánh được.",
        "en": "Dashed rule: from PCI 2013 the sub-index set changed (10 instead of 9), so scores before and after 2013 "
        "are not fully comparable.",
    },
    "breaks_caption_papi": {
        "vi": "Đường đứt nét: năm 2016 các nội dung 1, 3 và 5 được xây dựng lại (chỉ nội dung 2, 4, 6 so sánh được "
        "2011–2016); từ 2018 PAPI có 8 nội dung (thêm quản trị môi trường và quản trị điện tử).",
        "en": "Dashed rules: in 2016 dimensions 1, 3 and 5 were rebuilt (only 2, 4 and 6 are comparable 2011–2016); "
        "from 2018 PAPI has 8 dimensions (environmental and e-governance added).",
    },
    "breaks_caption_sipas": {
        "vi": "Đường đứt nét: từ 2022 Bộ Nội vụ thay đổi thiết kế SIPAS, mức điểm trước và sau không so sánh được.",
        "en": "Dashed rule: from 2022 the Ministry of Home Affairs changed the SIPAS design; levels before and after "
        "are not comparable.",
    },
    "col_chosen": {"vi": "Đã chọn", "en": "Chosen"},
    "col_province": {"vi": "Tỉnh, thành phố", "en": "Province"},
    "col_tier": {"vi": "Xếp loại", "en": "Tier"},
    "col_rank_status": {"vi": "Loại hạng", "en": "Rank type"},
    "table_caption": {
        "vi": "Tỉnh đã chọn được đánh dấu ●. Tỉnh không có số liệu công bố ghi “–” và xếp cuối. Bấm tiêu đề cột để "
        "sắp xếp.",
        "en": "Chosen provinces are marked ●. Provinces without a published figure show “–” and come last. Click a "
        "column header to sort.",
    },
    "table_partial": {
        "vi": "Năm {year} chỉ có {n}/{total} tỉnh có số liệu công bố.",
        "en": "In {year} only {n} of {total} provinces have a published figure.",
    },
    "compare_intro": {
        "vi": "Từ 2 đến 6 tỉnh cạnh nhau trên một chỉ số và một năm: tổng điểm, từng chỉ số thành phần, chênh lệch "
        "so với trung vị cả nước và tỉnh cao nhất.",
        "en": "Two to six provinces side by side for one index and year: total, every sub-index, the gap to the "
        "national median and to the best province.",
    },
    "compare_count": {
        "vi": "Trang So sánh cần từ 2 đến 6 tỉnh; hiện đang chọn {n}. Hãy thêm hoặc bớt tỉnh ở thanh bên.",
        "en": "Compare needs two to six provinces; {n} chosen. Add or remove provinces in the sidebar.",
    },
    "compare_too_many": {
        "vi": "Trang So sánh hiển thị tối đa 6 tỉnh; đang so sánh 6 tỉnh đầu tiên, bỏ qua: {names}.",
        "en": "Compare shows at most six provinces; comparing the first six, leaving out: {names}.",
    },
    "compare_total_title": {"vi": "{index} {year}: tổng điểm", "en": "{index} {year}: total score"},
    "compare_sub_title": {"vi": "{index} {year}: các chỉ số thành phần", "en": "{index} {year}: sub-indices"},
    "compare_table_heading": {"vi": "Bảng so sánh", "en": "Comparison table"},
    "gap_median_heading": {
        "vi": "Chênh lệch so với trung vị cả nước (tính toán)",
        "en": "Gap to the national median (computed)",
    },
    "gap_best_heading": {"vi": "Chênh lệch so với tỉnh cao nhất", "en": "Gap to the best province"},
    "median_caption": {
        "vi": "Trung vị cả nước do chúng tôi tính từ điểm công bố của các tỉnh (cần ít nhất 10 tỉnh có điểm); "
        "“–” khi không đủ số liệu. Tỉnh cao nhất: tỉnh hạng 1 công bố, hoặc điểm cao nhất khi không có hạng.",
        "en": "The national median is computed by us from the provinces' published scores (at least 10 needed); "
        "“–” when there are too few. Best province: the published rank 1, or the highest score without ranks.",
    },
    "no_sub_for": {
        "vi": "Chưa có điểm chỉ số thành phần công bố cho {what}.",
        "en": "No published sub-index scores for {what}.",
    },
    "rank_row": {"vi": "Hạng (công bố)", "en": "Rank (published)"},
    "compare_try_year": {
        "vi": "Xem {index} {year}, năm gần nhất có số liệu cho ít nhất hai tỉnh đã chọn",
        "en": "Show {index} {year}, the latest year with figures for at least two chosen provinces",
    },
    # --- map page ---
    "map_intro": {
        "vi": "{index} · {indicator} · {year}: {n}/{total} tỉnh có số liệu công bố. Tỉnh không có số liệu tô xám, "
        "không bao giờ tô như điểm thấp. Bấm vào một tỉnh để mở hồ sơ.",
        "en": "{index} · {indicator} · {year}: {n} of {total} provinces have a published figure. Provinces without "
        "one are grey, never shaded as a low score. Click a province to open its profile.",
    },
    "map_pci_top30": {
        "vi": "Từ PCI 2023, VCCI chỉ công bố điểm và thứ hạng của 30 tỉnh, thành phố đứng đầu; các tỉnh khác để trống.",
        "en": "From PCI 2023 VCCI publishes scores and ranks only for the top 30 provinces; the others stay blank.",
    },
    "map_sparse": {
        "vi": "Chúng tôi không có bảng đầy đủ cho kỳ này, chỉ có các số liệu được công bố riêng lẻ (xem Phương pháp).",
        "en": "No full table is held for this edition, only individually published figures (see Methods).",
    },
    "map_click_hint": {
        "vi": "Bấm vào một tỉnh trên bản đồ để xem số liệu và mở hồ sơ tỉnh.",
        "en": "Click a province on the map to see its figure and open its profile.",
    },
    "map_focus_caption": {
        "vi": "Viền đậm: các tỉnh đang chọn ở trang Tổng quan và So sánh.",
        "en": "Bold outline: the provinces chosen on the Overview and Compare pages.",
    },
    "map_profile_link": {"vi": "Hồ sơ {name}", "en": "{name} profile"},
    "map_34_mode": {"vi": "Hiển thị trên 34 tỉnh mới", "en": "Show on the 34 new provinces"},
    "map_34_estimate": {"vi": "Ước tính (tính toán) cho 34 tỉnh", "en": "Estimate (computed) for the 34"},
    "map_34_former": {"vi": "Số liệu công bố của 63 tỉnh cũ", "en": "Published figures of the 63 former provinces"},
    "map_estimate_label": {"vi": "Ước tính (tính toán)", "en": "Estimate (computed)"},
    "map_estimate_caption": {
        "vi": "Ước tính (tính toán), không phải số liệu công bố: mỗi tỉnh mới nhận bình quân của các tỉnh cũ hợp "
        "thành, gia quyền theo dân số năm 2024. Chỉ tính khi mọi tỉnh cũ đều có số liệu; nếu không, để trống. "
        "Chưa có kỳ công bố nào cho 34 tỉnh mới.",
        "en": "Estimate (computed), not a published figure: each new province gets the mean of its former provinces "
        "weighted by their 2024 population. Only where every former province has a figure; otherwise blank. "
        "No edition has been published for the 34 new provinces yet.",
    },
    "map_former_caption": {
        "vi": "Số liệu công bố của 63 tỉnh cũ; bản đồ bên cạnh cho thấy các tỉnh cũ hợp thành tỉnh mới nào.",
        "en": "The published figures of the 63 former provinces; the map beside shows which new province each joined.",
    },
    "map_former_of": {"vi": "Hợp thành từ: {names}", "en": "Formed from: {names}"},
    "map_merger_table_heading": {
        "vi": "Các tỉnh cũ hợp thành mỗi tỉnh mới",
        "en": "Which former provinces form each new one",
    },
    "map_new_province": {"vi": "Tỉnh mới (từ 1/7/2025)", "en": "New province (from 1 Jul 2025)"},
    "map_former_provinces": {"vi": "Các tỉnh cũ", "en": "Former provinces"},
    "map_former_codes": {"vi": "Mã các tỉnh cũ", "en": "Former codes"},
    # --- profile page ---
    "profile_region_line": {
        "vi": "Vùng: {region} · mã tỉnh (63 tỉnh): {code}",
        "en": "Region: {region} · province code (63 units): {code}",
    },
    "profile_over_time": {"vi": "Bốn chỉ số qua các năm", "en": "The four indices over the years"},
    "profile_gaps_caption": {
        "vi": "Mỗi ô một chỉ số, thang điểm riêng. Đường bị ngắt ở năm không có số liệu công bố và tại vạch đứt nét "
        "(thay đổi phương pháp); không nối, không điền 0.",
        "en": "One panel per index, each on its own scale. Lines break at years without a published figure and at "
        "the dashed rules (method changes); never joined, never zero.",
    },
    "profile_no_score": {"vi": "Chưa có điểm công bố", "en": "No published score"},
    "profile_latest_heading": {"vi": "Số liệu gần nhất của mỗi chỉ số", "en": "Latest figure on each index"},
    "profile_strengths_heading": {
        "vi": "Điểm mạnh và điểm yếu so với cả nước ({index})",
        "en": "Strengths and weaknesses against the country ({index})",
    },
    "no_sub_for_profile": {
        "vi": "Chưa có điểm thành phần {index} công bố cho {name}.",
        "en": "No published {index} sub-index scores for {name}.",
    },
    "profile_strongest": {
        "vi": "**Mạnh nhất so với trung vị cả nước ({year}):** {names}",
        "en": "**Strongest against the national median ({year}):** {names}",
    },
    "profile_weakest": {
        "vi": "**Yếu nhất so với trung vị cả nước ({year}):** {names}",
        "en": "**Weakest against the national median ({year}):** {names}",
    },
    "profile_median_caption": {
        "vi": "Chấm: điểm của tỉnh; vạch: trung vị cả nước năm {year} do chúng tôi tính từ điểm của {n} tỉnh trong dữ "
        "liệu (tính toán, không phải số công bố). Thứ tự trong cả nước cũng là số tính toán.",
        "en": "Dot: the province's score; tick: the {year} national median, computed by us from the scores of {n} "
        "provinces in this dataset (computed, not a published figure). The position in the country is computed "
        "too.",
    },
    "profile_too_few_for_median": {
        "vi": "Năm {year} có quá ít tỉnh có điểm thành phần để tính trung vị cả nước; chỉ hiển thị điểm của tỉnh.",
        "en": "In {year} too few provinces have sub-index scores for a national median; only the province's scores "
        "are shown.",
    },
    "diff_from_median": {"vi": "Chênh lệch với trung vị (tính toán)", "en": "Difference from median (computed)"},
    "this_province": {"vi": "Tỉnh này", "en": "This province"},
    "profile_position": {"vi": "Thứ tự trong cả nước (tính toán)", "en": "Position in the country (computed)"},
    "profile_peers_heading": {"vi": "Các tỉnh cùng vùng: {region}", "en": "Provinces of the same region: {region}"},
    "profile_peers_caption": {
        "vi": "{index} {year}: {n}/{total} tỉnh trong vùng có số liệu công bố. Tỉnh đang xem được đánh dấu ●; tỉnh "
        "không có số liệu ghi “–” và xếp cuối.",
        "en": "{index} {year}: {n} of {total} provinces of the region have a published figure. The province shown is "
        "marked ●; provinces without a figure show “–” and come last.",
    },
    "profile_merger_heading": {
        "vi": "Sau sắp xếp ngày 1/7/2025: {new} mới",
        "en": "After the merger of 1 July 2025: the new {new}",
    },
    "profile_siblings_title": {
        "vi": "{index}: các tỉnh cũ hợp thành {new} mới",
        "en": "{index}: the former provinces that form the new {new}",
    },
    "profile_siblings_caption": {
        "vi": "Số liệu công bố của từng tỉnh cũ; không cộng, không tính trung bình. Đường bị ngắt ở năm không có "
        "số liệu.",
        "en": "Each former province's published figures; never summed or averaged. Lines break at years without a "
        "figure.",
    },
    "profile_map_link": {"vi": "Xem trên bản đồ 34 tỉnh", "en": "See on the 34-province map"},
    "merger_joined": {
        "vi": "Từ ngày 1/7/2025, {name} là một phần của {new_unit} mới, cùng với {others}.",
        "en": "Since 1 July 2025 {name} is part of the new {new_unit}, with {others}.",
    },
    "merger_unchanged": {
        "vi": "Từ ngày 1/7/2025, {name} không sáp nhập với tỉnh nào (đơn vị mới: {new}).",
        "en": "Since 1 July 2025 {name} has not been merged with another province (new unit: {new}).",
    },
    # --- data & sources page ---
    "data_intro": {
        "vi": "Bảng dữ liệu gọn (mỗi dòng một chỉ tiêu của một tỉnh trong một năm) theo lựa chọn ở thanh bên, kèm "
        "nguồn, giấy phép và trích dẫn của từng con số.",
        "en": "The tidy table (one row per indicator, province and year) for the selection in the sidebar, with the "
        "source, licence and citation of every figure.",
    },
    "data_table_heading": {"vi": "Bảng dữ liệu theo lựa chọn", "en": "Data for the selection"},
    "data_years_range": {"vi": "Khoảng năm", "en": "Years"},
    "data_one_year": {"vi": "Chỉ có năm {year}", "en": "Only {year}"},
    "data_all_indicators": {"vi": "Mọi chỉ tiêu", "en": "All indicators"},
    "data_all_provinces": {"vi": "Tất cả các tỉnh", "en": "All provinces"},
    "data_rows_caption": {
        "vi": "{n} dòng; {missing} dòng không có điểm ở nguồn (ghi “–”, không phải 0).",
        "en": "{n} rows; {missing} without a score at source (shown “–”, never zero).",
    },
    "data_source_ref": {"vi": "Vị trí trong nguồn", "en": "Place in source"},
    "status_rank_only": {"vi": "chỉ có thứ hạng (điểm không công bố)", "en": "rank only (score not published)"},
    "data_csv_caption": {
        "vi": "Tệp CSV: UTF-8 (có BOM để Excel hiện đúng dấu tiếng Việt), dấu chấm thập phân, ô trống là không có số "
        "liệu; các cột như trong values.csv (xem từ điển chỉ tiêu bên dưới).",
        "en": "CSV file: UTF-8 (with a BOM so Excel shows the diacritics), dot decimals, an empty cell means no "
        "figure; columns as in values.csv (see the codebook below).",
    },
    "data_coverage_heading": {
        "vi": "Độ phủ: số tỉnh có số liệu theo chỉ số và năm",
        "en": "Coverage: provinces with a figure by index and year",
    },
    "data_coverage_caption": {
        "vi": "Số tỉnh có điểm tổng được công bố trong từng kỳ (trên tổng số 63 tỉnh); “–”: không có kỳ công bố "
        "hoặc không có số liệu. PAR INDEX và SIPAS chỉ có các số liệu được công bố rời rạc.",
        "en": "Provinces with a published total score in each edition (out of 63); “–”: no edition or no figure. "
        "For PAR INDEX and SIPAS only figures published piecemeal are held.",
    },
    "data_nothing_built": {"vi": "Chưa có số liệu nào trong bản dựng này.", "en": "This build holds no figures yet."},
    "data_codebook_heading": {"vi": "Từ điển chỉ tiêu", "en": "Codebook"},
    "data_only_index": {"vi": "Chỉ {index}", "en": "{index} only"},
    "data_any_index": {"vi": "bất kỳ chỉ số nào", "en": "any index"},
    "data_code": {"vi": "Mã", "en": "Code"},
    "data_name": {"vi": "Tên", "en": "Name"},
    "data_level": {"vi": "Cấp", "en": "Level"},
    "data_unit": {"vi": "Đơn vị", "en": "Unit"},
    "data_scale": {"vi": "Thang điểm", "en": "Scale"},
    "data_years": {"vi": "Các năm", "en": "Years"},
    "data_notes": {"vi": "Ghi chú (tiếng Anh)", "en": "Notes"},
    "level_total": {"vi": "tổng", "en": "total"},
    "level_subindex": {"vi": "chỉ số thành phần", "en": "sub-index"},
    "level_dimension": {"vi": "nội dung", "en": "dimension"},
    "level_subdimension": {"vi": "nội dung thành phần", "en": "sub-dimension"},
    "level_component": {"vi": "thành phần", "en": "component"},
    "unit_points": {"vi": "điểm", "en": "points"},
    "unit_percent": {"vi": "phần trăm", "en": "percent"},
    "unit_rank": {"vi": "thứ hạng", "en": "rank"},
    "data_sources_heading": {"vi": "Nguồn", "en": "Sources"},
    "data_title": {"vi": "Tên nguồn", "en": "Title"},
    "data_publisher": {"vi": "Cơ quan công bố", "en": "Publisher"},
    "data_official_page": {"vi": "Trang chính thức", "en": "Official page"},
    "data_download_url": {"vi": "Địa chỉ tải tệp", "en": "File address"},
    "data_sources_caption": {
        "vi": "Giấy phép và tên nguồn giữ nguyên như cơ quan công bố ghi (thường bằng tiếng Anh).",
        "en": "Licences and titles as the publishers state them.",
    },
    "data_conflicts_heading": {"vi": "Khi các nguồn không khớp", "en": "Where sources disagree"},
    "data_conflicts_caption": {
        "vi": "Mỗi dòng: một con số mà hai nguồn ghi khác nhau, giá trị chúng tôi giữ (theo thứ tự ưu tiên: tệp chính "
        "thức, trang chính thức, báo chí) và giá trị kia. Không lấy trung bình.",
        "en": "Each row: a figure two sources state differently, the value we kept (by precedence: official file, "
        "official page, news) and the other. Never averaged.",
    },
    "data_no_conflicts": {
        "vi": "Không có khác biệt nào giữa các nguồn cho {index}.",
        "en": "No disagreement between sources for {index}.",
    },
    "data_field": {"vi": "Trường", "en": "Field"},
    "data_kept": {"vi": "Giữ", "en": "Kept"},
    "data_other": {"vi": "Giá trị khác", "en": "Other value"},
    "data_kept_source": {"vi": "Nguồn được giữ", "en": "Source kept"},
    "data_other_source": {"vi": "Nguồn khác", "en": "Other source"},
    "data_note": {"vi": "Ghi chú", "en": "Note"},
    "data_citations_heading": {"vi": "Trích dẫn cho các số liệu công bố", "en": "Citations for published figures"},
    "data_citations_caption": {
        "vi": "Với các số liệu lấy từ trang web hoặc báo chí: địa chỉ và lời nguyên văn của nguồn, cho các dòng của "
        "bảng trên. ✓: câu được dùng cho giá trị giữ lại.",
        "en": "For figures taken from web pages or news: the address and the source's own words, for the rows of "
        "the table above. ✓: the statement used for the kept value.",
    },
    "data_no_citations": {
        "vi": "Các dòng đang chọn lấy từ tệp chính thức (nguồn ở bảng Nguồn), không có trích dẫn riêng.",
        "en": "The selected rows come from official files (see Sources) and have no separate citation.",
    },
    "data_quote": {"vi": "Trích nguyên văn", "en": "Quote"},
    "data_address": {"vi": "Địa chỉ", "en": "Address"},
    "data_downloads_heading": {"vi": "Tải dữ liệu", "en": "Download the data"},
    "data_scope": {"vi": "Phạm vi", "en": "What to download"},
    "data_scope_selection": {"vi": "Lựa chọn hiện tại", "en": "The current selection"},
    "data_scope_all": {
        "vi": "Toàn bộ dữ liệu (mọi chỉ số, năm, tỉnh)",
        "en": "Everything (every index, year and province)",
    },
    "data_include_computed": {
        "vi": "Gồm cả giá trị tính toán (có đánh dấu)",
        "en": "Include computed values (flagged)",
    },
    "data_include_computed_help": {
        "vi": "Mặc định chỉ có số liệu công bố: giá trị tính toán bị bỏ, hạng tính toán để trống. Khi chọn, chúng "
        "được giữ và đánh dấu ở cột computed.",
        "en": "By default only published figures: computed values are left out and computed ranks blanked. When "
        "ticked they are kept and flagged in the computed column.",
    },
    "data_downloads_caption": {
        "vi": "Số hàng: {n}. Tệp được tạo khi bấm. Giá trị vẫn thuộc bản quyền các cơ quan công bố: ghi nguồn như ở "
        "mục Cách trích dẫn.",
        "en": "Rows: {n}. Files are made when clicked. The values remain © their publishers: credit them as shown "
        "under How to cite.",
    },
    "data_nothing_to_download": {
        "vi": "Không có dòng nào để tải cho lựa chọn này.",
        "en": "No rows to download for this selection.",
    },
    "data_cite_heading": {"vi": "Cách trích dẫn", "en": "How to cite"},
    "data_source_citations": {"vi": "Trích dẫn từng nguồn ({n})", "en": "Citation of each source ({n})"},
    "data_citation_cff": {"vi": "Trích dẫn bộ dữ liệu này (CITATION.cff)", "en": "Citing this dataset (CITATION.cff)"},
    "data_cite_text": {
        "vi": "Khi dùng một con số, hãy trích dẫn cơ quan công bố gốc (cột Cơ quan công bố và Trang chính thức ở bảng "
        "Nguồn, ví dụ “VCCI & USAID, PCI 2019”) và ghi rõ số liệu nào do chúng tôi tính. Khi dùng bảng dữ liệu "
        "này, có thể trích dẫn:",
        "en": "When you use a figure, cite its original publisher (Publisher and Official page in the Sources table, "
        "e.g. “VCCI & USAID, PCI 2019”) and say which figures were computed by us. When you use this table, "
        "you can cite:",
    },
    "data_cite_example": {
        "vi": "Chỉ số cải cách cấp tỉnh Việt Nam (PCI, PAPI, PAR INDEX, SIPAS): bảng dữ liệu gọn và bảng điều khiển. "
        "Phiên bản dữ liệu {version}. Truy cập ngày {date}.",
        "en": "Vietnam provincial reform indices (PCI, PAPI, PAR INDEX, SIPAS): tidy dataset and dashboard. "
        "Data version {version}. Accessed {date}.",
    },
    # --- methods page ---
    "methods_indices_heading": {"vi": "Bốn chỉ số đo gì", "en": "What the four indices measure"},
    "methods_components": {
        "vi": "Các chỉ tiêu {index} trong dữ liệu này ({n})",
        "en": "{index} indicators in this dataset ({n})",
    },
    "methods_codebook_caption": {
        "vi": "Từ từ điển chỉ tiêu (indicators.csv); đầy đủ, kể cả nội dung thành phần, ở trang Dữ liệu & nguồn.",
        "en": "From the codebook (indicators.csv); in full, sub-dimensions included, on the Data & sources page.",
    },
    "methods_ranks_heading": {"vi": "Thang điểm và xếp hạng", "en": "Scales and ranks"},
    "methods_breaks_heading": {"vi": "Những lần thay đổi phương pháp", "en": "Changes of method"},
    "methods_change": {"vi": "Thay đổi", "en": "Change"},
    "methods_merger_heading": {
        "vi": "Sắp xếp 63 tỉnh thành 34 tỉnh (2025)",
        "en": "The 2025 merger: 63 provinces into 34",
    },
    "methods_until": {"vi": "Đến 30/6/2025 (63 tỉnh)", "en": "Until 30 Jun 2025 (63 units)"},
    "methods_from": {"vi": "Từ 1/7/2025 (34 tỉnh)", "en": "From 1 Jul 2025 (34 units)"},
    "methods_rules_heading": {"vi": "Nguyên tắc dữ liệu", "en": "Our data rules"},
}


def _catalogue_strings(name: str) -> dict[str, dict[str, str]]:
    """The flat catalogue locales/<lang>/<name>.toml of every language, as {key: {lang: text}}."""
    out: dict[str, dict[str, str]] = {}
    for lang in LANGS:
        path = LOCALES / lang / f"{name}.toml"
        for key, text in tomllib.loads(path.read_text(encoding="utf-8")).items():
            out.setdefault(key, {})[lang] = text
    return out


STRINGS |= _catalogue_strings("ux")


def tn(key: str, n: int, lang: str = "vi", **kwargs) -> str:
    """The plural form of `key` for the count n in the language (CLDR categories: `key_one`, `key_other`)."""
    form = Locale.parse(lang).plural_form(n)
    chosen = f"{key}_{form}" if f"{key}_{form}" in STRINGS else f"{key}_other"
    return t(chosen, lang, n=n, **kwargs)


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
