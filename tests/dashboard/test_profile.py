"""Province profile logic on small frames and on the built data: gaps stay gaps, computed statistics are labelled."""

import json
import math

import pandas as pd
import pytest

from dashboard import profile
from dashboard.data import DATA_DIR, full_table_min, load
from loaders.build import provinces_table
from loaders.common import tidy_frame

FULL_TABLE_MIN = full_table_min("pci")  # the index registry's count of a full table


def rows(index, indicator, year, values: dict, rank=None):
    """Tidy rows for one indicator-year: {code: value or None}."""
    out = []
    for i, (code, v) in enumerate(values.items()):
        out.append(
            {
                "index": index,
                "year": year,
                "province_code": code,
                "vintage": 63,
                "province": code,
                "indicator": indicator,
                "value": v,
                "rank": (rank or {}).get(code),
                "rank_status": "published" if (rank or {}).get(code) else None,
                "status": "missing" if v is None else "published",
                "source_id": f"src{year}",
                "source_ref": f"f!{i}",
            }
        )
    return out


@pytest.fixture(scope="module")
def provinces(registry):
    return provinces_table(registry).astype({"code": "string"})


@pytest.fixture(scope="module")
def small():
    """PAPI totals 2015-2019 for three provinces (a gap in 2017 for 94), PCI 2019 for one, nothing for PAR/SIPAS."""
    r = []
    r += rows("papi", "papi_total_unweighted", 2015, {"94": 35.0, "92": 36.0, "93": 34.0})
    r += rows("papi", "papi_total_unweighted", 2016, {"94": 35.5, "92": 36.5})
    r += rows("papi", "papi_total_unweighted", 2017, {"94": None, "92": 37.0, "93": 35.0})
    r += rows("papi", "papi_total_unweighted", 2018, {"94": 44.0, "92": 45.0, "93": 43.0})
    r += rows("papi", "papi_total_unweighted", 2019, {"94": 44.5, "92": 45.5, "93": 43.5})
    r += rows("pci", "pci_total", 2019, {"01": 68.8}, rank={"01": 9})
    return tidy_frame(r)


def test_series_keeps_gaps_as_missing_never_zero(small):
    s = profile.province_series(small, "94", "papi_total_unweighted", "papi")
    assert s["year"].tolist() == [2015, 2016, 2017, 2018, 2019]
    gap = s[s["year"] == 2017].iloc[0]
    assert math.isnan(gap["value"]) and gap["status"] == "missing"
    assert (s["value"].dropna() > 0).all()


@pytest.mark.parametrize("year,segment", [(2015, 0), (2016, 1), (2017, 1), (2018, 2), (2019, 2)])
def test_series_segments_start_at_method_breaks(small, year, segment):
    s = profile.province_series(small, "94", "papi_total_unweighted", "papi")
    assert s.loc[s["year"] == year, "segment"].item() == segment


def test_index_series_only_indices_with_data(small):
    s = profile.index_series(small, "94")
    assert set(s["index"]) == {"pci", "papi"}
    pci = s[s["index"] == "pci"]
    assert pci["status"].tolist() == ["missing"] and pci["value"].isna().all()


def test_index_series_of_empty_table_is_empty():
    assert profile.index_series(tidy_frame([]), "94").empty


def sub_frame(n_provinces: int, year: int = 2019) -> pd.DataFrame:
    """Two PCI sub-indices for n provinces: entry costs 1..n (province "01" best), land access n..1."""
    codes = [f"{i:02d}" for i in range(1, n_provinces + 1)]
    r = rows("pci", "pci_entry_costs", year, {c: float(n_provinces - i) / 2 for i, c in enumerate(codes)})
    r += rows("pci", "pci_land_access", year, {c: float(i + 1) / 2 for i, c in enumerate(codes)})
    return tidy_frame(r)


CODEBOOK = pd.DataFrame(
    {
        "code": ["pci_total", "pci_entry_costs", "pci_land_access"],
        "index": ["pci"] * 3,
        "level": ["total", "subindex", "subindex"],
        "higher_is_better": [True, True, True],
    }
)


FULL = FULL_TABLE_MIN + 1  # provinces in a full table of the fixtures


def test_subindex_comparison_against_the_computed_median():
    year, comp = profile.subindex_comparison(sub_frame(FULL), CODEBOOK, "pci", "01")
    assert year == 2019
    entry = comp.set_index("indicator").loc["pci_entry_costs"]
    assert entry["value"] == FULL / 2 and entry["median"] == (FULL + 1) / 4 and entry["n"] == FULL
    assert entry["position"] == 1 and entry["diff"] == (FULL - 1) / 4 and entry["status"] == "published"
    land = comp.set_index("indicator").loc["pci_land_access"]
    assert land["position"] == FULL and land["diff"] == -(FULL - 1) / 4
    assert comp["indicator"].tolist() == ["pci_entry_costs", "pci_land_access"]  # strongest first
    assert profile.strongest_weakest(comp) == (["pci_entry_costs"], ["pci_land_access"])


@pytest.mark.parametrize("n", [5, FULL_TABLE_MIN - 1])
def test_no_median_from_a_partial_table(n):
    year, comp = profile.subindex_comparison(sub_frame(n), CODEBOOK, "pci", "01")
    assert year == 2019 and comp["median"].isna().all() and comp["position"].isna().all()
    assert profile.strongest_weakest(comp) == ([], [])


def test_comparison_year_prefers_an_edition_with_a_national_median():
    values = tidy_frame(pd.concat([sub_frame(FULL, 2019), sub_frame(30, 2020)]))
    assert profile.subindex_comparison(values, CODEBOOK, "pci", "01")[0] == 2019


def test_lower_is_better_turns_the_sign():
    book = CODEBOOK.assign(higher_is_better=[True, False, True])
    comp = profile.subindex_comparison(sub_frame(FULL), book, "pci", "01")[1].set_index("indicator")
    assert comp.loc["pci_entry_costs", "diff"] == -(FULL - 1) / 4 and comp.loc["pci_entry_costs", "position"] == FULL


def test_no_sub_index_values_gives_no_year(small):
    year, comp = profile.subindex_comparison(small, CODEBOOK, "pci", "94")
    assert year is None and comp.empty


def test_region_peers_mark_self_and_put_missing_last(small, provinces):
    year, peers = profile.region_peers(small, provinces, "papi", "94", year=2017)
    assert year == 2017
    mrd = set(provinces.loc[(provinces["vintage"] == 63) & (provinces["region_code"] == "MRD"), "code"])
    assert set(peers["province_code"]) == mrd and len(peers) == 13
    assert peers["province_code"].head(2).tolist() == ["92", "93"]
    me = peers[peers["is_self"]].iloc[0]
    assert me["province_code"] == "94" and me["status"] == "missing" and math.isnan(me["value"])
    assert peers["value"].notna().sum() == 2


def test_peers_default_year_needs_half_the_region(small, provinces):
    # only 3 of 13 Mekong provinces have PAPI here, so no edition qualifies: the latest one is used
    assert profile.peers_default_year(small, provinces, "papi", "94") == 2019
    assert profile.peers_default_year(small, provinces, "sipas", "94") is None


@pytest.mark.parametrize(
    "code,successor,siblings",
    [("94", "92", ["92", "93"]), ("04", "04", []), ("08", "08", ["02"]), ("27", "24", ["24"]), ("46", "46", [])],
)
def test_merger_from_the_registry(provinces, code, successor, siblings):
    m = profile.merger(provinces, code)
    assert m["successor"] == successor and m["siblings"] == siblings and code in m["members"]


@pytest.mark.parametrize(
    "lang,expected",
    [
        ("en", "Since 1 July 2025 Sóc Trăng is part of the new Cần Thơ city, with Cần Thơ and Hậu Giang."),
        ("vi", "Từ ngày 1/7/2025, Sóc Trăng là một phần của thành phố Cần Thơ mới, cùng với Cần Thơ và Hậu Giang."),
    ],
)
def test_merger_sentence(provinces, lang, expected):
    m = profile.merger(provinces, "94")
    assert profile.merger_sentence(m, "Sóc Trăng", "Cần Thơ", ["Cần Thơ", "Hậu Giang"], lang) == expected


def test_merger_sentence_of_a_province_names_it_a_province(provinces):
    m = profile.merger(provinces, "02")
    assert "của tỉnh Tuyên Quang mới" in profile.merger_sentence(m, "Hà Giang", "Tuyên Quang", ["Tuyên Quang"], "vi")


def test_unmerged_province_says_so(provinces):
    text = profile.merger_sentence(profile.merger(provinces, "04"), "Cao Bằng", "Cao Bằng", [], "en")
    assert "not been merged" in text


def test_siblings_series_one_row_per_member_and_edition(small):
    s = profile.siblings_series(small, "papi", "papi_total_unweighted", ["92", "93", "94"])
    assert len(s) == 15 and s.groupby("province_code").size().tolist() == [5, 5, 5]
    assert s.loc[(s["province_code"] == "93") & (s["year"] == 2016), "status"].item() == "missing"


# --- charts ---


def chart_data(spec: dict) -> list[dict]:
    return [r for d in spec.get("datasets", {}).values() for r in d]


def test_small_multiples_spec(small):
    spec = profile.small_multiples(profile.index_series(small, "94"), "vi").to_dict()
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert len(spec["concat"]) == 2  # PCI and PAPI, in the canonical order
    assert [p["title"] for p in spec["concat"]] == ["PCI", "PAPI"]
    text = json.dumps(spec, ensure_ascii=False)
    assert '"detail": {"field": "segment"' in text
    gap = [r for r in chart_data(spec) if r.get("year") == 2017 and r.get("index") == "papi"]
    assert gap and gap[0]["value"] is None and gap[0]["value_text"] == "–"
    rules = {r["year"]: r["x"] for r in chart_data(spec) if "x" in r}
    assert rules == {2016: 2015.5, 2018: 2017.5}  # PAPI's breaks, between editions; PCI 2013 is before 2015
    assert "Thay đổi phương pháp" in text and "Năm" in text
    assert {"note": "Chưa có điểm công bố"} in chart_data(spec)  # the PCI panel has no score for 94: it says so


def test_subindex_chart_labels_the_median_computed():
    comp = profile.subindex_comparison(sub_frame(FULL), CODEBOOK, "pci", "01")[1]
    names = {"pci_entry_costs": "Gia nhập thị trường", "pci_land_access": "Tiếp cận đất đai"}
    spec = profile.subindex_chart(comp, names, "en").to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "National median (computed)" in text and "This province" in text
    values_text = {r["value_text"] for r in chart_data(spec)}
    assert values_text == {f"{FULL / 2:.2f}", "0.50"}
    spec_vi = profile.subindex_chart(comp, names, "vi").to_dict()
    assert {r["value_text"] for r in chart_data(spec_vi)} == {f"{FULL / 2:.2f}".replace(".", ","), "0,50"}


def test_siblings_chart_colours_follow_member_order(small):
    s = profile.siblings_series(small, "papi", "papi_total_unweighted", ["92", "93", "94"])
    names = {"92": "Cần Thơ", "93": "Hậu Giang", "94": "Sóc Trăng"}
    spec = profile.siblings_chart(s, names, ["92", "93", "94"], "en", title="t").to_dict()
    scales = [lay["encoding"]["color"]["scale"] for lay in spec["layer"] if "color" in lay.get("encoding", {})]
    scales += [spec["encoding"]["color"]["scale"]] if "encoding" in spec else []
    assert scales and scales[0]["domain"] == ["Cần Thơ", "Hậu Giang", "Sóc Trăng"]


# --- the built data ---

built = pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built")


@pytest.fixture(scope="module")
def ds():
    return load(DATA_DIR)


@built
def test_real_papi_series_has_published_values_and_omissions(ds):
    papi = ds.values[ds.values["index"] == "papi"]
    if papi.empty:
        pytest.skip("no PAPI in this build")
    hue = profile.province_series(ds.values, "46", "papi_total_unweighted", "papi").set_index("year")
    assert hue.loc[2023, "value"] == pytest.approx(46.04, abs=0.01)
    qn = profile.province_series(ds.values, "22", "papi_total_unweighted", "papi").set_index("year")
    assert qn.loc[2023, "status"] == "missing" and math.isnan(qn.loc[2023, "value"])  # dropped at source


@built
def test_real_subindex_comparison_for_soc_trang(ds):
    if ds.values[ds.values["index"] == "papi"].empty:
        pytest.skip("no PAPI in this build")
    year, comp = profile.subindex_comparison(ds.values, ds.indicators, "papi", "94")
    assert year == max(ds.years("papi", "papi_d1"))
    assert set(comp["indicator"]) <= {f"papi_d{k}" for k in range(1, 9)}
    assert comp["median"].notna().all() and (comp["n"] >= 10).all()
    assert comp["diff"].is_monotonic_decreasing
