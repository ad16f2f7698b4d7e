"""The profile of a new province: former provinces' figures as published, the estimate computed and labelled."""

import pandas as pd
import pytest

from dashboard import data, indices, maps, unit34
from loaders.registry import load_registry


@pytest.fixture(scope="module")
def ds():
    return data.load(data.DATA_DIR)


@pytest.fixture(scope="module")
def reg():
    return load_registry()


def test_the_province_box_lists_both_vintages_and_a_new_unit_by_its_former_names(reg):
    options = unit34.box_options(reg, "vi")
    assert len(options) == 63 + 34
    assert options["63:94"].startswith("Sóc Trăng")
    assert "Sóc Trăng" in options["34:92"] and "Hậu Giang" in options["34:92"]  # typing an old name finds the new
    assert unit34.parse_box_key("34:92") == (34, "92")
    assert "Soc Trang" in options["63:94"] and "Soc Trang" in options["34:92"]  # typed without diacritics


def test_unit_names_carry_their_type_from_the_registry(reg):
    assert unit34.unit_name(reg, "92", "vi") == "thành phố Cần Thơ"
    assert unit34.unit_name(reg, "08", "vi", capital=True) == "Tỉnh Tuyên Quang"
    assert unit34.unit_name(reg, "92", "en") == "Cần Thơ city"


def test_side_by_side_shows_each_published_value_with_its_rank_of_63_and_the_estimate(ds, reg):
    w = maps.load_weights(ds.folder)
    table = unit34.side_by_side(ds.values, w, reg, "92", "pci", "vi").set_index("Năm")
    assert list(table.columns) == ["Cần Thơ", "Hậu Giang", "Sóc Trăng", "Ước tính theo dân số (tính toán)"]
    row = ds.values[(ds.values["indicator"] == "pci_total") & (ds.values["year"] == 2019)]
    ct = row[(row["province_code"] == "92") & (row["vintage"] == 63)].iloc[0]
    assert table.loc[2019, "Cần Thơ"] == f"{ct['value']:.2f}".replace(".", ",") + f" · hạng {int(ct['rank'])}/63"
    est = maps.estimate_34(row[row["vintage"] == 63].reset_index(drop=True), w, reg)
    expected = est.loc[est["province_code"] == "92", "value"].item()
    assert table.loc[2019, "Ước tính theo dân số (tính toán)"] == f"{expected:.2f}".replace(".", ",")
    assert "hạng" not in table.loc[2019, "Ước tính theo dân số (tính toán)"]  # an estimate is never ranked
    assert table.loc[2021, "Ước tính theo dân số (tính toán)"].startswith("– (thiếu")  # not every former province
    assert not (table.drop(columns="Ước tính theo dân số (tính toán)") == "–").all(axis=1).any()  # no empty rows


def test_a_rank_published_without_its_score_says_so(ds, reg):
    table = unit34.side_by_side(ds.values, maps.load_weights(ds.folder), reg, "92", "pci", "vi").set_index("Năm")
    assert table.loc[2023, "Cần Thơ"].startswith("điểm không công bố · hạng")


def test_an_unchanged_unit_has_no_estimate_column(ds, reg):
    table = unit34.side_by_side(ds.values, maps.load_weights(ds.folder), reg, "04", "pci", "en")
    assert list(table.columns) == ["Year", "Cao Bằng"]


def test_intro_notes_a_code_that_named_another_province(reg):
    lines = unit34.intro(reg, "24", "vi")  # 24 was Bắc Giang among the 63; among the 34 it is Bắc Ninh
    assert any("mã 24 là Bắc Giang" in line for line in lines)
    assert len(unit34.intro(reg, "92", "vi")) == 1


def test_next_edition_names_the_former_provinces_and_the_34(reg):
    text = " ".join(unit34.next_edition(reg, "92", "vi"))
    assert "trên 34" in text and "Hậu Giang" in text and "Sóc Trăng" in text
    assert not any("không còn được công bố" in line for line in unit34.next_edition(reg, "04", "vi"))


def test_indices_with_figures_follow_the_registry_order(ds, reg):
    got = unit34.indices_with_figures(ds.values, reg, "92")
    assert got == [i for i in indices.codes() if i in got] and "pci" in got and "papi" in got
    assert isinstance(unit34.estimates(ds.values, maps.load_weights(ds.folder), reg, "92", "papi"), pd.DataFrame)


def test_the_chart_series_add_the_estimate_as_a_computed_unranked_series(ds, reg):
    from dashboard import profile as pf

    w = maps.load_weights(ds.folder)
    sib = pf.siblings_series(ds.values, "pci", "pci_total", ("92", "93", "94"))
    both = unit34.with_estimate(ds.values, sib, w, reg, "92", "pci")
    est = both[both["province_code"] == unit34.ESTIMATE_CODE].set_index("year")
    assert len(both) == len(sib) + len(est) and est["rank"].isna().all()
    assert est.loc[2019, "status"] == "computed" and est.loc[2021, "status"] == "missing"
    assert pd.isna(est.loc[2021, "value"])  # not every former province has a 2021 score: no estimate, no zero
    single = pf.siblings_series(ds.values, "pci", "pci_total", ("04",))
    assert unit34.with_estimate(ds.values, single, w, reg, "04", "pci") is single
