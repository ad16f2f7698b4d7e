"""The province registry: both vintages, succession, aliases and matching."""

import csv
import json

import pytest

from loaders.registry import UnknownProvinceError, load_registry, name_key
from tests.conftest import SOURCES

ADMIN = SOURCES / "geo" / "admin"


def test_counts(registry):
    assert len(registry.units(63)) == 63
    assert len(registry.units(34)) == 34


def test_ha_tay_is_a_historical_unit_of_vintage_63(registry):
    """Hà Tây keeps its own code 28 (merged into Hà Nội on 2008-08-01); the 63 units and their codes leave it out."""
    p = registry.get("28", 63)
    assert (p.name_vi, p.valid_to, p.iso) == ("Hà Tây", "2008-07-31", "")
    assert registry.lookup("Hà Tây", 63) == "28" and registry.lookup("Ha Tay", 63) == "28"
    assert [h.code for h in registry.historical(63)] == ["28"] and registry.historical(34) == []
    assert "28" not in {u.code for u in registry.units(63)}
    assert registry.successor("28").code == "01"  # its 34-vintage unit, through Hà Nội
    (row,) = [r for r in registry.succession_rows() if r["code"] == "28"]
    assert (row["successor"], row["successor_vintage"], row["date"]) == ("01", "63", "2008-08-01")
    assert "15/2008/QH12" in row["act"] and "124/2004/QĐ-TTg" in row["code_basis"]
    assert len(registry.succession_rows()) == 64
    assert all(r["act"] == "Resolution 202/2025/QH15" for r in registry.succession_rows() if r["code"] != "28")


def test_63_codes_names_iso_match_admin_table(registry):
    with open(ADMIN / "vnmap_provinces_63.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        p = registry.get(r["code"], 63)
        assert p.iso == r["iso"]
        assert name_key(p.name_vi) == name_key(r["name_vi"].replace("Thành phố ", ""))


def test_34_codes_match_gso_letter(registry):
    with open(ADMIN / "dvhcvn_915_CTK-CSCL_34_codes.csv", encoding="utf-8") as f:
        codes = {r["Mã số"] for r in csv.DictReader(f)}
    assert codes == {p.code for p in registry.units(34)}


def test_succession_matches_merger_table(registry):
    merges = json.loads((ADMIN / "dvhcvn_merges_province_level.json").read_text(encoding="utf-8"))
    for new in merges:
        olds = sorted(m["old_id"] for m in new["merges"])
        assert [p.code for p in registry.members(new["level1_id"])] == olds
        for old in olds:
            assert registry.successor(old).code == new["level1_id"]


@pytest.mark.parametrize(
    "code,before,after",
    [
        ("24", "Bắc Giang", "Bắc Ninh"),
        ("80", "Long An", "Tây Ninh"),
        ("91", "Kiên Giang", "An Giang"),
        ("15", "Yên Bái", "Lào Cai"),
        ("44", "Quảng Bình", "Quảng Trị"),
        ("52", "Bình Định", "Gia Lai"),
        ("82", "Tiền Giang", "Đồng Tháp"),
    ],
)
def test_seven_codes_change_meaning_with_vintage(registry, code, before, after):
    assert registry.get(code, 63).name_vi == before
    assert registry.get(code, 34).name_vi == after


@pytest.mark.parametrize(
    "spelling,code",
    [
        ("Ha Noi", "01"),
        ("Hanoi", "01"),
        ("HCMC", "79"),
        ("TP.HCM", "79"),
        ("Tp.HCM", "79"),
        ("BRVT", "77"),
        ("TT-Hue", "46"),
        ("TT-Huế", "46"),
        ("Bà Rịa -Vũng Tàu", "77"),
        ("Khánh Hoà", "56"),
        ("Khánh Hòa", "56"),
        ("Đăk Lăk", "66"),
        ("Đắk Lắk", "66"),
        ("Thừa Thiên Huế", "46"),
        ("Huế", "46"),
        ("Thành phố Cần Thơ", "92"),
        ("Tỉnh Quảng Ninh", "22"),
        ("  hà   nội ", "01"),
        ("Hòa Bình", "17"),
        ("Hoà Bình", "17"),
    ],
)
def test_spellings_met_in_sources(registry, spelling, code):
    assert registry.lookup(spelling, 63) == code


def test_unknown_names_listed_with_file(registry):
    with pytest.raises(UnknownProvinceError) as e:
        registry.match(["Hà Nội", "Hà Sơn Bình", "Quảng Bìnhh"], 63, where="x.xlsx!Sheet1")
    msg = str(e.value)
    assert "Hà Sơn Bình" in msg and "Quảng Bìnhh" in msg and "x.xlsx!Sheet1" in msg and "aliases.csv" in msg


def test_unused_aliases_reported():
    r = load_registry()
    r.lookup("HCMC", 63)
    unused = r.unused_aliases()
    assert "HCMC (63)" not in unused and "BRVT (63)" in unused


def test_names_have_diacritics(registry):
    assert registry.name("94", 63) == "Sóc Trăng"
    assert registry.name("94", 63, "en") == "Soc Trang"
    assert all(
        any(ord(c) > 127 for c in p.name_vi) or p.name_vi in {"Kon Tum", "Gia Lai", "Long An", "An Giang"}
        for p in registry.provinces
    )
