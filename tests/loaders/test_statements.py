"""Published PAR INDEX, SIPAS and PCI figures: parsed from the real files, one value per key, every statement kept."""

import csv
from pathlib import Path

import pandas as pd
import pytest

from loaders import build, common, merge, par, sipas
from loaders import pci as pci_index
from loaders import statements as st
from loaders.common import KEY, SourceLayoutError
from loaders.pci import pages
from loaders.registry import UnknownProvinceError

PAR = "statements/par_statements.csv"
SIPAS = "statements/sipas_statements.csv"
PCI = "statements/pci_statements.csv"
PAR_COMP = "statements/par_component_statements.csv"
SIPAS_COMP = "statements/sipas_component_statements.csv"
CURATED = (PAR, SIPAS, PCI, PAR_COMP, SIPAS_COMP)


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
    ("relpath", "extra", "expected"),
    [
        (PAR, (), 260),  # statements README / CURATION.md counts (rows)
        (SIPAS, (), 152),
        (PCI, (), 254),
        (PAR_COMP, ("component", "total_score"), 78),
        (SIPAS_COMP, ("component",), 17),
    ],
)
def test_every_row_of_each_curated_file_is_parsed(sources_dir, relpath, extra, expected):
    index = relpath.split("/")[1].split("_")[0]
    assert len(st.parse_curated(sources_dir / relpath, index, extra)) == expected


def test_par_national_stats_file_is_parsed(sources_dir):
    assert len(st.parse_national_stats(sources_dir / "par/par_national_stats.csv")) == 25


@pytest.mark.parametrize(
    ("province", "first", "last", "n_years"),
    [
        ("Phú Thọ", 2006, 2022, 17),
        ("Ninh Thuận", 2006, 2022, 17),
        ("Hải Phòng", 2006, 2022, 17),
        ("Vĩnh Phúc", 2006, 2021, 16),
        ("Thanh Hóa", 2006, 2024, 19),
        ("Sóc Trăng", 2006, 2020, 15),
        ("Ninh Bình", 2006, 2023, 18),
        ("Nam Định", 2006, 2022, 17),
        ("Quảng Trị", 2006, 2022, 17),
    ],
)
def test_each_province_page_gives_a_pci_total_for_every_year_of_its_table(
    result, registry, province, first, last, n_years
):
    cit = result.citations
    t = cit[
        (cit["indicator"] == "pci_total")
        & (cit["province_code"] == registry.lookup(province))
        & cit["value"].notna()
        & cit["source_id"].str.startswith("pci-page")
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
        ("sipas", 2021, "Sóc Trăng", 89.51, 9, "sipas-points"),
        ("pci", 2024, "Thanh Hóa", 68.74, 21, "pci-pages-more"),
        ("pci", 2021, "Tuyên Quang", 64.76, 29, "pci-points-2020-2024"),
        ("pci", 2022, "Cao Bằng", 59.58, 63, "pci-points-2020-2024"),
        ("pci", 2021, "Quảng Ninh", 73.02, 1, "pci-page-2021-top21"),
    ],
)
def test_readme_focus_facts(values, registry, index, year, province, value, rank, source_id):
    """Values with stated ranks (rank_status published)."""
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
    assert len(cit) == 1 and not cit["chosen"].any() and "67.68 to 70" in cit["quote"].iloc[0]


def test_sipas_2015_pilot_ranks_among_10_stay_out_of_the_rank_column(result):
    v = result.values[(result.values["indicator"] == "sipas_total") & (result.values["year"] == 2015)]
    assert len(v) == 10 and v["rank"].isna().all() and v["rank_status"].isna().all()
    cit = result.citations[(result.citations["indicator"] == "sipas_total") & (result.citations["year"] == 2015)]
    assert set(range(1, 11)) <= set(cit["rank"].dropna().astype(int))


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
        ("par", 2012, "Đà Nẵng", "value", "87.14", "87.12"),
        ("par", 2012, "Đồng Tháp", "value", "83.44", "83.41"),
        ("par", 2012, "Hà Nội", "value", "82.79", "82.77"),  # VietnamPlus (party/state press) over a preview
        ("pci", 2022, "Đồng Tháp", "value", "69.68", "69.98"),
        ("par", 2018, "Hải Phòng", "value", "83.6", "83.68"),
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


def test_every_curated_row_is_the_chosen_figure_an_alternative_or_a_conflict(sources_dir, result):
    """Each row of the curated files is a citation; a figure not chosen agrees within rounding or is a conflict."""
    cit, conf, v = result.citations, result.conflicts, result.values.set_index(KEY)
    assert set(cit["source_id"]) >= {"par-points", "par-components", "sipas-points", "sipas-components"}
    n_rows = sum(
        r["province"] != st.NATIONAL
        for rel in CURATED
        for r in csv.DictReader(open(sources_dir / rel, encoding="utf-8", newline=""))
    )
    curated = cit[cit["quote"].notna() & cit["source_kind"].ne("") & ~cit["source_id"].str.startswith("pci-page")]
    assert len(curated) == n_rows
    conflict_refs = set(conf["other_source"].str.split(" ").str[1]) | set(conf["chosen_source"].str.split(" ").str[1])
    ref_of = result.citations.merge(result.values[[*KEY, "source_ref"]], on=KEY, how="left")
    for r in curated.itertuples(index=False):
        key = tuple(getattr(r, k) for k in KEY)
        if r.chosen or key not in v.index:
            continue
        chosen = v.loc[key]
        for fld in ("value", "rank"):
            mine, theirs = getattr(r, fld), chosen[fld]
            if pd.isna(mine) or pd.isna(theirs) or not merge.differs(fld, mine, theirs):
                continue
            assert conflict_refs & {str(x) for x in ref_of["source_ref"]}, key
            assert any(
                (conf["province_code"] == r.province_code) & (conf["year"] == r.year) & (conf["field"] == fld)
            ), f"{key} {fld}: {mine} vs {theirs} is neither the chosen figure nor a conflict"


def test_pci_2020_is_the_full_official_table_63_of_63(values, result, registry):
    t = values[(values["indicator"] == "pci_total") & (values["year"] == 2020)]
    assert len(t) == 63 and t["value"].notna().all() and sorted(t["rank"].astype(int)) == list(range(1, 64))
    assert set(t["rank_status"]) == {"published"} and t["source_quality"].isna().all()
    dt = one(values, registry, "pci", "pci_total", 2020, "Đồng Tháp")
    assert (dt["value"], dt["rank"]) == (72.81, 2)
    c = result.conflicts
    assert not ((c["year"] == 2020) & (c["province_code"] == registry.lookup("Đồng Tháp"))).any()
    cit = result.citations
    alt = cit[(cit["year"] == 2020) & (cit["province_code"] == registry.lookup("Đồng Tháp")) & (cit["value"] == 72.8)]
    assert len(alt) == 1 and not alt["chosen"].iloc[0] and alt["source_kind"].iloc[0] == "national_press"


def test_page_sub_indices_2020_to_2022(values):
    sub = values[(values["index"] == "pci") & values["year"].between(2020, 2022) & (values["indicator"] != "pci_total")]
    assert set(sub["indicator"].str.removeprefix("pci_")) >= {"entry_costs", "land_access", "legal_institutions"}
    assert (sub.groupby("year")["province_code"].nunique() >= 9).all()


def test_hanoi_par_2015_rank_9_is_derived_never_published(values, registry):
    r = one(values, registry, "par", "par_total", 2015, "Hà Nội")
    assert (r["rank"], r["rank_status"]) == (9, "derived")
    assert set(values["rank_status"].dropna()) <= {"published", "ordered_list", "derived", "computed"}
    assert {"ordered_list", "derived"} <= set(values["rank_status"].dropna())


def test_rank_inversions_are_all_listed_par_2023_ca_mau(values, registry):
    inv = merge.rank_inversions(values)
    ca_mau = inv[(inv["year"] == 2023) & (inv["province_code"] == registry.lookup("Cà Mau"))]
    assert len(ca_mau) == 1 and "TP. Hồ Chí Minh rank 33 with 86.97" in ca_mau["note"].iloc[0]
    for r in inv.itertuples():  # each listed pair really is inverted
        assert int(r.chosen_value) < int(r.other_value)
    grid = values[values["value"].notna() & values["rank"].notna()]
    for (_, _, ind), g in grid[grid["index"].isin(["par", "sipas"])].groupby(["index", "year", "indicator"]):
        g = g.sort_values("rank")
        n = sum(
            merge.differs("value", a, b) and a < b for i, a in enumerate(g["value"]) for b in g["value"].iloc[i + 1 :]
        )
        assert n == (inv["indicator"].eq(ind) & inv["year"].eq(g["year"].iloc[0])).sum()


def test_no_chosen_figure_rests_on_a_mirror_when_another_source_states_it(result):
    cit, weak = result.citations, ["mirror", "dataset_preview"]
    strong = cit[~cit["source_kind"].isin(weak)].groupby(KEY)
    v = result.values.set_index(KEY)
    checked = 0
    for fld in ("value", "rank"):
        stated = strong[fld].apply(lambda s: set(s.dropna()))
        for key, figures in stated.items():
            if figures and key in v.index and pd.notna(v.loc[key, fld]):
                assert v.loc[key, fld] in figures, f"{key}: {fld} from a weak source while {figures} are stated"
                checked += 1
    assert checked > 300


def test_figures_only_on_previews_or_mirrors_are_kept_and_flagged(values, registry):
    r = one(values, registry, "par", "par_total", 2012, "Lào Cai")  # only the dataset-viewer preview
    assert (r["status"], r["source_quality"]) == ("published", "preview only")
    assert set(values["source_quality"].dropna()) <= {"preview only", "mirror only", "preview or mirror only"}
    assert pd.isna(one(values, registry, "pci", "pci_total", 2020, "An Giang")["source_quality"])


def test_one_value_per_key(values):
    assert common.check_unique_key(values) == []


def test_each_value_and_rank_is_a_stated_figure_of_a_chosen_citation(result):
    cit = result.citations
    chosen = cit[cit["chosen"]]
    assert (chosen.groupby(KEY).size() <= 2).all()  # one for the value, one for the rank at most
    v = result.values.set_index(KEY)
    assert sorted(set(chosen.set_index(KEY).index)) == sorted(v.index)
    by_key = {k: g for k, g in chosen.groupby(KEY)}
    for key, row in v.iterrows():
        for fld in ("value", "rank"):
            if pd.notna(row[fld]):
                assert row[fld] in set(by_key[key][fld].dropna()), f"{key}: {fld} {row[fld]} not a chosen figure"


def test_precedence_follows_the_source_kind(result):
    pages = result.values[result.values["source_id"].str.startswith("pci-page")]
    assert (pages["precedence"] == merge.PRECEDENCE["official_index_site"]).all()
    order = list(merge.SOURCE_KINDS)
    assert order[0] == "official_file" and order[-2:] == ["dataset_preview", "mirror"]
    assert sorted(merge.SOURCE_KINDS.values()) == list(merge.SOURCE_KINDS.values())
    assert st.kind_of("pci-points-2020-2024", "https://www.pcivietnam.vn/x") == "official_index_site"
    assert set(result.citations["source_kind"]) <= set(merge.SOURCE_KINDS)


def test_national_rows_are_not_values_but_national_stats(sources_dir, values):
    assert not values["source_ref"].isin([f"sipas_component_statements.csv:{n}" for n in range(2, 9)]).any()
    ns = build.national_stats(sources_dir)
    assert list(ns.columns[:6]) == ["index", "year", "statistic", "value", "source_url", "quote"]
    assert len(ns) == 25 + 13
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
    assert "Kao Bang Province" in str(e.value) and "sipas_statements.csv:111" in str(e.value)


def test_missing_column_names_file_and_column(sources_copy, registry):
    _replace(
        sources_copy,
        PCI,
        lambda t: t.replace("index,year,province,score,rank,", "index,year,province,points,rank,", 1),
    )
    with pytest.raises(SourceLayoutError, match=r"pci_statements\.csv: column\(s\) score missing"):
        load_all(sources_copy, registry)


@pytest.mark.parametrize(
    ("relpath", "old", "new", "message"),
    [
        (
            SIPAS_COMP,
            "satisfaction with policy making",
            "satisfaction with something else",
            r"sipas_component_statements\.csv:9: component .*something else.* components\.csv",
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
        (PAR, "PAR,2024,Cà Mau,89.33,20", "PAR,2024,Cà Mau,89.33,twenty", r"par_statements\.csv:254: rank 'twenty'"),
        (PAR, "stated,63,https://baocamau", "stated,63,https://baocamau".replace("stated", "guessed"), r"rank_basis"),
        (SIPAS, ",mirror,ja,", ",blog,ja,", r"sipas_statements\.csv:\d+: source_kind 'blog'.*SOURCE_KINDS"),
    ],
)
def test_layout_changes_fail_with_file_line_and_remedy(sources_copy, registry, relpath, old, new, message):
    _replace(sources_copy, relpath, lambda t: t.replace(old, new, 1))
    with pytest.raises(SourceLayoutError, match=message):
        load_all(sources_copy, registry)


def test_real_files_load_without_warnings(result):
    assert result.warnings == []


def test_missing_source_file_says_how_to_get_it(sources_copy, registry):
    (sources_copy / PAR).unlink()
    with pytest.raises(common.SourceMissingError, match="par-points"):
        load_all(sources_copy, registry)


def test_lam_dong_page_2010_column_is_a_conflict_and_the_workbook_stands():
    from tests.conftest import DATA

    v = pd.read_csv(DATA / "values.csv", dtype={"province_code": str})
    c = pd.read_csv(DATA / "conflicts.csv", dtype={"province_code": str})
    lam = c[(c["year"] == 2010) & (c["province_code"] == "68") & c["other_source"].str.contains("lam-dong.txt")]
    assert len(lam) >= 5 and lam["note"].str.startswith("page error").all()
    won = v[(v["year"] == 2010) & (v["province_code"] == "68") & (v["index"] == "pci")]
    assert won["source_id"].eq("pci-vcci-2010").all()
    inv = c[c["field"] == "rank_inversion"]
    assert inv["note"].str.contains("Cà Mau rank 32 with 86.89").any()
