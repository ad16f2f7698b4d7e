"""The source of a figure, from the real build: statements with kind, language, address, quote, basis, conflicts."""

import pytest

from dashboard import data, provenance


@pytest.fixture(scope="module")
def ds():
    return data.load()


def test_par_2023_ca_mau_lists_both_ranks_the_inversion_and_addresses(ds):
    rows = provenance.statements(ds, "par", "par_total", 2023, "96")
    assert rows[0]["chosen"] and rows[0]["rank"] == 32 and rows[0]["kind"] == "party_state_press"
    assert {34} <= {int(r["rank"]) for r in rows if r["rank"] == r["rank"]}
    text = provenance.markdown(ds, "par", "par_total", 2023, "96", "vi")
    assert "https://baocamau.vn/ca-mau-dung-hang-32-chi-so-cai-cach-hanh-chinh-a32186.html" in text
    assert "tỉnh Cà Mau đứng ở vị trí 32" in text and "thứ tự hạng so với điểm" in text
    assert "hạng 34 (suy ra)" in text


def test_a_quote_in_another_language_says_so_and_a_preview_only_figure_carries_the_caveat(ds):
    text = provenance.markdown(ds, "par", "par_total", 2012, "10", "vi")  # Lào Cai: only the dataset preview
    assert text.startswith("⚠️") and "bản xem trước" in text
    assert "nguyên văn bằng tiếng Anh" in text
    assert "quoted in" not in provenance.markdown(ds, "par", "par_total", 2012, "10", "en")


def test_a_workbook_figure_names_its_publisher_file_and_row(ds):
    (s,) = provenance.statements(ds, "pci", "pci_total", 2019, "01")
    assert s["kind"] == "official_file" and s["url"] == "https://pcivietnam.vn/en/pci-data"
    assert "Summary!" in s["where"] and "VCCI" in s["publisher"]


def test_kinds_table_is_in_precedence_order_in_both_languages(ds):
    for lang in ("vi", "en"):
        table = provenance.kinds_table(lang)
        assert len(table) == 9 and not table.iloc[:, 0].str.startswith("kind_").any()
        assert list(table.iloc[:, 1]) == sorted(table.iloc[:, 1])


def test_the_brief_names_publisher_kind_and_address_of_each_latest_figure(ds):
    from dashboard import brief

    lines = brief.figure_source_lines(ds, brief.card_facts(ds, "96", "vi"), "vi")
    par = [line for line in lines if line.startswith("PAR INDEX 2024")]
    assert par == [
        "PAR INDEX 2024: Báo Cà Mau (báo Đảng, Nhà nước) — https://baocamau.vn/-cu-but-pha-ngoan-muc-a38831.html"
    ]
    assert any(line.startswith("PAPI 2024: CECODES") and "https://papi.org.vn" in line for line in lines)


def test_every_kind_basis_field_language_and_quality_in_the_build_has_its_string(ds):
    """The key families the popover builds from the data (kind_, basis_, field_, lang_, src_quality_) are complete."""
    from dashboard.i18n import has
    from loaders.merge import SOURCE_KINDS

    cit, v = ds.citations, ds.values
    keys = {f"kind_{k}" for k in [*SOURCE_KINDS, *cit["source_kind"].dropna().astype(str)]}
    keys |= {f"basis_{b}" for b in ["stated", *cit["rank_basis"].dropna().astype(str)]}
    keys |= {f"field_{f}" for f in ds.conflicts["field"].dropna().astype(str)}
    keys |= {f"lang_{x}" for x in cit["language"].dropna().astype(str)}
    keys |= {
        f"src_quality_{q.replace(' ', '_')}" for q in provenance.WEAK | set(v["source_quality"].dropna().astype(str))
    }
    keys -= {"src_quality_"}
    for lang in ("vi", "en"):
        assert sorted(k for k in keys if not has(k, lang)) == [], lang


@pytest.mark.parametrize(
    ("found", "weak", "text"),
    [
        ([("Hà Nội", "", "A")], False, "**Hà Nội**\n\nA"),
        (
            [("PCI 2024", "", "A"), ("PAPI 2024 (computed)", "mirror only", "B")],
            True,
            "**PCI 2024**\n\nA\n\n---\n\n**PAPI 2024 (computed)** ⚠️ weak\n\nB",
        ),
        ([], False, ""),
    ],
)
def test_several_figures_sources_sit_under_their_headings_with_a_rule_between(found, weak, text):
    """The one layout of every multi-figure sources box (overview card, profile, rankings)."""
    got = provenance.under_headings(found, "weak")
    assert got == (weak, text)
