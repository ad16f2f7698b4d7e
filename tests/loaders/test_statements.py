"""Published PAR INDEX, SIPAS and PCI figures: parsed from the real files, one value per key, every statement kept."""

import csv
from pathlib import Path

import pandas as pd
import pytest

from loaders import build, common, par, sipas
from loaders import pci as pci_index
from loaders import statements as st
from loaders.common import KEY, SourceLayoutError
from loaders.pci import pages
from loaders.registry import UnknownProvinceError

PAR = "par/par_index_points.csv"
SIPAS = "sipas/sipas_points.csv"
PCI = "pci/published-points/pci_2020_2025_points.csv"
PAR_COMP = "par/par_index_components_points.csv"
SIPAS_COMP = "sipas/sipas_components_points.csv"


STATEMENT_LOADERS = (par, sipas, pages)  # every loader built on loaders/statements.py
SOURCES = [s for m in STATEMENT_LOADERS for s in m.SOURCES]


def load_all(sources_dir, registry) -> common.LoadResult:
    """The statement loaders' results together (PAR INDEX, SIPAS, PCI pages and points)."""
    rs = [m.load(sources_dir, registry) for m in STATEMENT_LOADERS]
    return common.LoadResult(
        values=pd.concat([r.values for r in rs], ignore_index=True),
        citations=pd.concat([r.citations for r in rs], ignore_index=True),
        conflicts=pd.concat([r.conflicts for r in rs], ignore_index=True),
        warnings=[w for r in rs for w in r.warnings],
    )


@pytest.fixture(scope="module")
def result(sources_dir, registry):
    return load_all(sources_dir, registry)


@pytest.fixture(scope="module")
def values(result):
    return result.values


def one(values, registry, index, indicator, year, province):
    code = registry.lookup(province)
    rows = values[
        (values["index"] == index)
        & (values["indicator"] == indicator)
        & (values["year"] == year)
        & (values["province_code"] == code)
    ]
    assert len(rows) == 1, f"{index} {indicator} {year} {province}: {len(rows)} rows"
    return rows.iloc[0]


# --- Parsing: every row of every file -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relpath", "parse", "expected"),
    [
        (PAR, lambda p: st.parse_points(p, "par"), 126),  # par README
        (SIPAS, lambda p: st.parse_points(p, "sipas"), 97),  # sipas README
        (PCI, lambda p: st.parse_points(p, "pci"), 102),  # pci points README
        (PAR_COMP, par.parse_components, 10 * 4 + 19 * 2),  # 2020 top 10 x 4 components, 2012 top 19 x 2
        (SIPAS_COMP, sipas.parse_components, 2 + 8),  # Hà Nội 2024 sub-indices, 8 national figures
        ("par/par_national_stats.csv", st.parse_national_stats, 25),
    ],
)
def test_every_row_of_each_points_file_is_parsed(sources_dir, relpath, parse, expected):
    assert len(parse(sources_dir / relpath)) == expected


@pytest.mark.parametrize(
    ("province", "first", "last", "n_years"),
    [
        ("Phú Thọ", 2006, 2022, 17),
        ("Ninh Thuận", 2006, 2022, 17),
        ("Hải Phòng", 2006, 2022, 17),
        ("Vĩnh Phúc", 2006, 2021, 16),
        ("Thanh Hóa", 2006, 2024, 19),
        ("Sóc Trăng", 2006, 2020, 15),
    ],
)
def test_each_province_page_gives_a_pci_total_for_every_year_of_its_table(
    values, registry, province, first, last, n_years
):
    t = values[
        (values["indicator"] == "pci_total")
        & (values["province_code"] == registry.lookup(province))
        & (values["precedence"] == 2)
        & values["source_id"].str.startswith("pci-page")
    ]
    assert (t["year"].min(), t["year"].max(), t["year"].nunique()) == (first, last, n_years)


def test_pci_2021_table_gives_21_provinces_with_ten_subindices_score_rank_and_tier(result):
    t = result.values[(result.values["source_id"] == "pci-page-2021-top21")]
    totals = t[t["indicator"] == "pci_total"]  # the table's rows win: they are the only ones with a tier
    assert sorted(totals["rank"].tolist()) == list(range(1, 22))
    assert totals["tier"].notna().all() and set(totals["tier"]) == {"Rất tốt", "Tốt", "Khá"}
    cited = result.citations[result.citations["source_id"] == "pci-page-2021-top21"]
    assert len(cited) == 21 * 11 and (cited.groupby("province_code")["indicator"].nunique() == 11).all()


def test_na_cells_make_no_row_and_renamed_business_support_is_one_subindex(values, registry):
    bias = values[(values["indicator"] == "pci_policy_bias") & (values["province_code"] == registry.lookup("Phú Thọ"))]
    assert not set(bias["year"]) & {2009, 2010, 2011, 2012}
    assert {2008, 2013, 2022} <= set(bias["year"])
    assert one(values, registry, "pci", "pci_business_support", 2020, "Sóc Trăng")["value"] == 5.44  # "Services"
    assert one(values, registry, "pci", "pci_business_support", 2024, "Thanh Hóa")["value"] == 6.82  # "Policy"
    assert one(values, registry, "pci", "pci_legal_institutions", 2024, "Thanh Hóa")["value"] == 7.64  # Law & Order


# --- Facts the READMEs state ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "year", "province", "value", "rank", "source_id"),
    [
        ("par", 2021, "Tuyên Quang", 86.57, 34, "par-points"),
        ("par", 2023, "Sóc Trăng", 81.70, 62, "par-points"),
        ("par", 2024, "Cà Mau", 89.33, 20, "par-points"),
        ("par", 2013, "Sơn La", 58.91, 63, "par-points"),
        ("sipas", 2023, "Cao Bằng", 76.26, 61, "sipas-points"),
        ("sipas", 2021, "Sóc Trăng", 89.51, 9, "sipas-points"),
        ("pci", 2024, "Thanh Hóa", 68.74, 21, "pci-pages-more"),
        ("pci", 2021, "Tuyên Quang", 64.76, 29, "pci-points-2020-2024"),
        ("pci", 2022, "Cao Bằng", 59.58, 63, "pci-points-2020-2024"),
        ("pci", 2021, "Quảng Ninh", 73.02, 1, "pci-page-2021-top21"),
    ],
)
def test_readme_focus_facts(values, registry, index, year, province, value, rank, source_id):
    r = one(values, registry, index, f"{index}_total", year, province)
    assert (r["value"], r["rank"], r["rank_status"], r["status"], r["source_id"]) == (
        value,
        rank,
        "published",
        "published",
        source_id,
    )


@pytest.mark.parametrize(
    ("index", "year", "province", "rank"),
    [
        ("par", 2017, "Quảng Ninh", 1),
        ("par", 2024, "Cao Bằng", 63),
        ("sipas", 2024, "Cao Bằng", 57),
        ("pci", 2023, "Hà Nội", 28),
    ],
)
def test_rank_only_statements_are_rows_without_a_value(values, registry, index, year, province, rank):
    r = one(values, registry, index, f"{index}_total", year, province)
    assert pd.isna(r["value"]) and r["status"] == "missing" and r["rank"] == rank


def test_statements_without_figure_are_cited_but_make_no_value_row(result, registry):
    code = registry.lookup("Tuyên Quang")  # PAR 2012: score band only
    key = (result.values["year"] == 2012) & (result.values["province_code"] == code)
    assert not key.any()
    cit = result.citations[(result.citations["year"] == 2012) & (result.citations["province_code"] == code)]
    assert len(cit) == 1 and not cit["chosen"].any() and "score band" in cit["quote"].iloc[0]


def test_sipas_2015_pilot_ranks_among_10_stay_out_of_the_rank_column(result):
    v = result.values[(result.values["indicator"] == "sipas_total") & (result.values["year"] == 2015)]
    assert len(v) == 10 and v["rank"].isna().all() and v["rank_status"].isna().all()
    cit = result.citations[(result.citations["indicator"] == "sipas_total") & (result.citations["year"] == 2015)]
    assert sorted(cit["rank"].astype(int)) == list(range(1, 11))
    assert cit["quote"].str.contains("rank among 10").all()


def test_components_have_their_codes_and_par_component_rows_carry_no_rank(values, registry):
    r = one(values, registry, "par", "par_moha_appraisal", 2020, "Quảng Ninh")
    assert r["value"] == 57.66 and pd.isna(r["rank"])
    assert one(values, registry, "par", "par_socioeconomic_impact", 2020, "Phú Thọ")["value"] == 4.76
    assert one(values, registry, "par", "par_score_survey", 2012, "Đà Nẵng")["value"] == 33.87
    policy = one(values, registry, "sipas", "sipas_policy", 2024, "Hà Nội")
    assert (policy["value"], policy["rank"]) == (86.51, 9)
    assert one(values, registry, "sipas", "sipas_service_delivery", 2024, "Hà Nội")["rank"] == 13


# --- One value per key, never averaged, every disagreement kept ------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "year", "province", "field", "chosen", "other"),
    [
        ("par", 2023, "Hải Phòng", "value", "91.87", "91.81"),
        ("par", 2023, "Long An", "rank", "8", "7"),
        ("par", 2023, "Cà Mau", "rank", "32", "34"),
        ("par", 2012, "Đà Nẵng", "value", "87.14", "87.12"),
        ("par", 2012, "Đồng Tháp", "value", "83.44", "83.41"),
        ("par", 2012, "Hà Nội", "value", "82.77", "82.79"),
        ("pci", 2022, "Đồng Tháp", "value", "69.68", "69.98"),
        ("par", 2018, "Quảng Ninh", "value", "89.06", "89.6"),  # typo quoted in another row
        ("par", 2023, "Hà Nội", "value", "91.43", "91.25"),  # implied by the 2024 row
    ],
)
def test_known_conflicts_are_kept_with_the_documented_choice(
    result, registry, index, year, province, field, chosen, other
):
    c = result.conflicts
    hit = c[
        (c["index"] == index)
        & (c["year"] == year)
        & (c["province_code"] == registry.lookup(province))
        & (c["field"] == field)
    ]
    assert [(r.chosen_value, r.other_value) for r in hit.itertuples()] == [(chosen, other)]
    assert f"{one(result.values, registry, index, f'{index}_total', year, province)[field]:g}" == chosen


def test_every_quote_that_says_conflict_is_a_conflict_row(sources_dir, result):
    flagged = []
    for relpath in (PAR, SIPAS, PCI):
        with open(sources_dir / relpath, encoding="utf-8", newline="") as f:
            flagged += [
                f"{Path(relpath).name}:{n}"
                for n, r in enumerate(csv.DictReader(f), start=2)
                if "CONFLICT" in r["quote"]
            ]
    assert len(flagged) >= 4
    refs = set(result.conflicts["chosen_source"].str.split(" ").str[1])
    assert [f for f in flagged if f not in refs] == []


def test_one_value_per_key(values):
    assert common.check_unique_key(values) == []


def test_each_value_is_one_stated_value_and_its_chosen_citation(result):
    cit = result.citations
    chosen = cit[cit["chosen"]].set_index(KEY)
    assert not chosen.index.duplicated().any()
    v = result.values.set_index(KEY)
    assert sorted(chosen.index) == sorted(v.index)
    stated = cit.groupby(KEY)["value"].apply(lambda s: set(s.dropna()))
    for key, row in v.iterrows():
        if pd.notna(row["value"]):
            assert row["value"] in stated[key], f"{key}: {row['value']} not a stated value"
            assert row["value"] == chosen.loc[key, "value"]


def test_precedence_is_page_2_news_3(values):
    pages = values[values["source_id"].str.startswith("pci-page")]
    assert (pages["precedence"] == 2).all()
    assert (values[values["index"].isin(["par", "sipas"])]["precedence"] == 3).all()
    assert st.precedence_of("pci-points-2020-2024", "https://www.pcivietnam.vn/x") == 2
    assert st.precedence_of("par-points", "https://en.vietnamplus.vn/x") == 3


def test_national_rows_are_not_values_but_national_stats(sources_dir, values):
    assert not values["source_ref"].isin([f"sipas_components_points.csv:{n}" for n in range(4, 12)]).any()
    ns = build.national_stats(sources_dir)
    assert list(ns.columns[:6]) == ["index", "year", "statistic", "value", "source_url", "quote"]
    assert len(ns) == 25 + 8
    sipas24 = ns[(ns["index"] == "sipas") & (ns["year"] == 2024) & ns["statistic"].str.startswith("national SIPAS")]
    assert set(sipas24["value"]) == {83.94}


# --- Contract and codebook ------------------------------------------------------------------------------------------


def test_values_fit_the_codebook_and_contract(result, values):
    own = {i.code for i in (par.INDICATORS + sipas.INDICATORS)}
    assert set(values["indicator"]) <= own | {i.code for i in pci_index.INDICATORS}
    assert common.check_scales(values[values["indicator"].isin(own)], (par.INDICATORS + sipas.INDICATORS)) == []
    assert common.check_status(values) == []
    assert list(result.citations.columns) == common.CITATION_COLUMNS
    assert list(result.conflicts.columns) == common.CONFLICT_COLUMNS
    assert par.EXPECTED_COUNTS == sipas.EXPECTED_COUNTS == {}
    pci = values[values["index"] == "pci"]
    assert pci[pci["indicator"] != "pci_total"]["value"].between(0, 10).all()


# --- Reading a CONFLICT text ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "rank", "expected"),
    [
        ("ranked 2nd out of 63 with a result of 91.81% (an increase of 1.72%)", 91.87, 2, ("value", 91.81)),
        ("fifth position with a score of 69.98 (others give 69.68)", 69.68, 5, ("value", 69.98)),
        ("chỉ sau Long An (hạng 7) và Hậu Giang (hạng 19)", None, 8, ("rank", 7.0)),
        ("says 2024 rank 20 was +14 places vs 2023, i.e. implies 34", 86.89, 32, ("rank", 34.0)),
        ("a different figure, no number", 70.0, 3, ("value", None)),
    ],
)
def test_read_other_figure(text, value, rank, expected):
    assert st.read_other_figure(text, value, rank) == expected


# --- Broken inputs fail loudly, naming file and value ---------------------------------------------------------------


@pytest.fixture()
def sources_copy(sources_dir, tmp_path):
    """A sources folder whose published files are links to the real ones, so that a test can replace one."""
    for s in SOURCES:
        dst = tmp_path / s.path
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.symlink_to(sources_dir / s.path)
    return tmp_path


def _replace(root: Path, relpath: str, edit) -> Path:
    p = root / relpath
    text = p.read_text(encoding="utf-8")
    p.unlink()
    p.write_text(edit(text), encoding="utf-8")
    return p


def test_unknown_province_spelling_names_file_and_name(sources_copy, registry):
    _replace(sources_copy, SIPAS, lambda t: t.replace("SIPAS,2023,Cao Bằng,", "SIPAS,2023,Kao Bang Province,"))
    with pytest.raises(UnknownProvinceError) as e:
        load_all(sources_copy, registry)
    assert "Kao Bang Province" in str(e.value) and "sipas_points.csv:83" in str(e.value)


def test_missing_column_names_file_and_column(sources_copy, registry):
    _replace(
        sources_copy,
        PCI,
        lambda t: t.replace(
            "index,year,province,score,rank,source_url,quote", "index,year,province,points,rank,source_url,quote", 1
        ),
    )
    with pytest.raises(SourceLayoutError, match=r"pci_2020_2025_points\.csv: column\(s\) score missing"):
        load_all(sources_copy, registry)


@pytest.mark.parametrize(
    ("relpath", "old", "new", "message"),
    [
        (
            SIPAS_COMP,
            "satisfaction with policy making",
            "satisfaction with something else",
            r"sipas_components_points\.csv:2: component .*something else.* components\.csv",
        ),
        (
            "pci/pcivietnam-pages/pcivietnam_vn_more_provinces.txt",
            "Law & Order",
            "Law and Order",
            r"pcivietnam_vn_more_provinces\.txt:18: row label 'Law and Order'",
        ),
        (
            "pci/pcivietnam-pages/pcivietnam_vn_en_provinces_4prov_2006_2022.txt",
            "Transparency 6.05 ",
            "Transparency ",
            r"pcivietnam_vn_en_provinces_4prov_2006_2022\.txt:9: expected a row label then 17 cells",
        ),
        (PAR, "PAR,2024,Cà Mau,89.33,20", "PAR,2024,Cà Mau,89.33,twenty", r"par_index_points\.csv:125: rank 'twenty'"),
    ],
)
def test_layout_changes_fail_with_file_line_and_remedy(sources_copy, registry, relpath, old, new, message):
    _replace(sources_copy, relpath, lambda t: t.replace(old, new, 1))
    with pytest.raises(SourceLayoutError, match=message):
        load_all(sources_copy, registry)


def test_known_conflict_words_gone_from_their_line_is_a_warning(sources_copy, registry):
    _replace(sources_copy, PAR, lambda t: t.replace("Quang Ninh (89.6 points [sic])", "Quang Ninh (89.06 points)"))
    r = load_all(sources_copy, registry)
    assert len(r.warnings) == 1 and "par_index_points.csv:62" in r.warnings[0]
    assert not ((r.conflicts["year"] == 2018) & (r.conflicts["province_code"] == registry.lookup("Quảng Ninh"))).any()


def test_real_files_load_without_warnings(result):
    assert result.warnings == []


def test_missing_source_file_says_how_to_get_it(sources_copy, registry):
    (sources_copy / PAR).unlink()
    with pytest.raises(common.SourceMissingError, match="par-points"):
        load_all(sources_copy, registry)
