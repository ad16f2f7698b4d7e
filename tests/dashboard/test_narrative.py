"""The briefing on the real build: deterministic sentences with sources; missing said missing; computed said so."""

import pytest

from dashboard import data, narrative, whatif
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(not (DATA / "values.csv").exists(), reason="needs data/current (make data)")


@pytest.fixture(scope="module")
def ds():
    return data.load(DATA)


@pytest.fixture(scope="module")
def weights(ds):
    return whatif.load_weights(ds.folder)


def test_tuyen_quang_2019_in_vietnamese(ds, weights):
    s = narrative.briefing(ds, weights, "08", 2019, "vi")
    assert s == narrative.briefing(ds, weights, "08", 2019, "vi")  # deterministic
    assert [x.kind for x in s] == ["index"] * 4 + ["strengths", "whatif"]
    assert s[0].text == "Năm 2019, Tuyên Quang đạt 65,13 điểm PCI, xếp thứ 32/63, tăng 2 bậc so với năm 2018."
    assert s[0].sources == ("VCCI & USAID, PCI 2018–2019",) and not s[0].computed
    assert "(hạng tính toán)" in s[1].text and s[1].computed
    assert s[2].text == "Không có số liệu PAR INDEX của Tuyên Quang năm 2019 (số liệu gần nhất: năm 2021)."
    assert s[2].sources == () and "không có nguồn" in s[2].with_source("vi")
    assert s[4].computed and s[4].text.endswith("(tính toán).")
    assert s[5].text == (
        "Nếu Hỗ trợ doanh nghiệp đạt mức trung vị cả nước (6,17), điểm PCI tăng 1,58 điểm lên 66,71, "
        "xếp thứ 18/63 (tính toán)."
    )


def test_numbers_are_those_of_the_table_and_the_whatif(ds, weights):
    s = narrative.briefing(ds, weights, "08", 2019, "en")
    v = ds.values
    pci = v[(v["indicator"] == "pci_total") & (v["province_code"] == "08") & (v["vintage"] == 63)].set_index("year")
    assert s[0].numbers["value"] == pci.loc[2019, "value"]
    assert s[0].numbers["rank_change"] == pci.loc[2018, "rank"] - pci.loc[2019, "rank"] == 2
    r = whatif.subindex_gains(v, weights, "pci", 2019, "08")
    best = r["subs"].sort_values("gain_median", ascending=False).iloc[0]
    assert (s[5].numbers["indicator"], s[5].numbers["rank"]) == (best["indicator"], best["rank_median"])
    assert s[5].numbers["gain"] == best["gain_median"]
    expected = "In 2019, Tuyên Quang scored 65.13 points on the PCI, ranked 32 of 63, up 2 places since 2018."
    assert s[0].text == expected


def test_year_without_weights_and_computed_papi_total(ds, weights):
    s = narrative.briefing(ds, weights, "01", 2011, "en", "papi")
    assert "(a computed total: the sum of the dimensions)" in s[1].text and s[1].computed
    assert s[1].numbers["rank_change"] is None and "since" not in s[1].text  # no PAPI before 2011
    pci2011 = narrative.briefing(ds, weights, "01", 2011, "en", "pci")
    assert pci2011[-1].kind == "whatif" and "cannot be simulated" in pci2011[-1].text


def test_34_vintage_briefing_names_its_former_provinces(ds, weights):
    s = narrative.briefing_34(ds, weights, "08", 2019, "vi")
    assert s[0].kind == "merger" and "Hà Giang, Tuyên Quang" in s[0].text and "202/2025/QH15" in s[0].sources[0]
    assert [x.text.split(" đạt ")[0] for x in s[1:]] == ["Năm 2019, Hà Giang"] * 2 + ["Năm 2019, Tuyên Quang"] * 2
    assert (
        narrative.as_text(s, "vi", "Tiêu đề").splitlines()[0] == "Tiêu đề"
        and len(narrative.as_text(s, "vi").splitlines()) == 5
    )


@pytest.mark.parametrize(
    ("k", "lang", "text"),
    [
        (1, "en", ", up 1 place since 2018"),
        (3, "en", ", down 3 places since 2018"),
        (1, "vi", ", tăng 1 bậc so với năm 2018"),
    ],
)
def test_a_rank_change_reads_in_the_plural_of_its_count(k, lang, text):
    from dashboard.i18n import tn

    key = "nar_down" if text.startswith(", down") else "nar_up"
    assert text == tn(key, k, lang, prev=2018)
    assert "(s)" not in tn("wi_climb_line", k, lang, rank=4, gap="0.1", other="X", levers="Y")
    assert "(s)" not in tn("doc_rank_change", k, lang, k=f"+{k}")
