"""The index registry: every index and every loader has what the interface names; the build writes it out."""

import json
import shutil
from pathlib import Path

import frictionless
import pandas as pd
import pytest

from loaders import build, indices
from loaders.common import Indicator, Source
from tests.conftest import SOURCES

REGISTRY = indices.all_indices()


def test_registry_lists_each_index_once_with_a_loader():
    assert len(set(indices.codes())) == len(REGISTRY) >= 1
    assert all(i.loader for i in REGISTRY)


@pytest.mark.parametrize("module", indices.loader_modules(), ids=lambda m: m.__name__)
def test_every_loader_has_the_interface(module):
    assert indices.interface_gaps(module) == []
    assert callable(module.load)
    assert all(isinstance(s, Source) for s in module.SOURCES)
    assert all(isinstance(i, Indicator) for i in module.INDICATORS)
    codebook = {i.code for i in module.INDICATORS}
    assert set(module.EXPECTED_COUNTS) <= codebook


@pytest.mark.parametrize("index", REGISTRY, ids=lambda i: i.code)
def test_every_index_has_its_codebook_sources_and_breaks(index):
    codebook = {i.code: i for i in build.all_indicators()}
    assert codebook[index.headline].index == index.code and codebook[index.headline].level == "total"
    assert all(codebook[c].index == index.code for c in index.coverage)
    assert any(i.index == index.code and i.level == index.sub_level for i in codebook.values())
    assert any(s.index == index.code for s in build.all_sources())
    assert index.scale_min < index.scale_max and index.name_vi and index.name_en and index.credit
    assert index.about_vi.strip() and index.about_en.strip()
    assert all(b.vi and b.en and b.index == index.code for b in index.method_breaks)
    assert [b.year for b in index.method_breaks] == sorted({b.year for b in index.method_breaks})


def test_a_registry_line_without_a_field_is_refused():
    text = indices.REGISTRY_FILE.read_text(encoding="utf-8").replace('headline = "pci_total"\n', "", 1)
    with pytest.raises(indices.RegistryError, match="index pci lacks headline"):
        indices.parse(text)
    partial = '[[index]]\ncode = "x"\n' + "".join(f'{k} = "1"\n' for k in ["label", "name_vi", "name_en"])
    with pytest.raises(indices.RegistryError, match="lacks"):
        indices.parse(partial)


def test_the_build_writes_the_registry(tmp_path):
    built = build.current_dir()
    if not (built / "indices.csv").exists():
        pytest.skip("data/current not built")
    table = pd.read_csv(built / "indices.csv", keep_default_na=False)
    assert table["code"].tolist() == list(indices.codes())
    assert table.set_index("code").loc["papi", "headline"] == "papi_total_unweighted"
    breaks = pd.read_csv(built / "method_breaks.csv")
    assert list(zip(breaks["index"], breaks["year"])) == [(b.index, b.year) for i in REGISTRY for b in i.method_breaks]
    values = pd.read_csv(built / "values.csv", usecols=["index"])
    assert set(values["index"]) <= set(table["code"])


def test_an_index_listed_twice_is_refused():
    one = indices.REGISTRY_FILE.read_text(encoding="utf-8")
    with pytest.raises(indices.RegistryError, match="listed twice"):
        indices.parse(one + one.split("\n[[index]]", 1)[1].join(["\n[[index]]", ""]))


def test_a_fifth_index_from_fixture_files_reaches_every_output(tmp_path, monkeypatch):
    """README "Adding an index": a loader with its metadata files and one registry line; nothing else is edited."""
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "ddci"
    registry = tmp_path / "indices.toml"
    registry.write_text(
        indices.REGISTRY_FILE.read_text(encoding="utf-8")
        + (fixture / "registry_line.toml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    sources = tmp_path / "sources"
    sources.mkdir()
    for entry in SOURCES.iterdir():
        (sources / entry.name).symlink_to(entry)
    shutil.copytree(fixture / "sources" / "ddci", sources / "ddci")
    before = list(indices.codes())
    monkeypatch.setattr(indices, "REGISTRY_FILE", registry)

    summary = build.build(sources, tmp_path / "data", log=lambda *_: None)
    out = tmp_path / "data" / "current"
    values = pd.read_csv(out / "values.csv", dtype={"province_code": str}, keep_default_na=False, na_values=[""])
    ddci = values[values["index"] == "ddci"]
    assert len(ddci) == 6 and summary["rows_by_index"]["ddci"] == 6
    danang = ddci[(ddci["indicator"] == "ddci_total") & (ddci["province"] == "Đà Nẵng")].iloc[0]
    assert (danang["province_code"], danang["value"], danang["rank"]) == ("48", 70.25, 1)
    assert danang["source_ref"] == "ddci_2023.csv:3"
    book = pd.read_csv(out / "indicators.csv", keep_default_na=False).set_index("code")
    assert book.loc["ddci_total", "years"] == "2023" and book.loc["ddci_d1", "level"] == "component"
    table = pd.read_csv(out / "indices.csv", keep_default_na=False)
    assert table["code"].tolist() == [*before, "ddci"]
    breaks = pd.read_csv(out / "method_breaks.csv")
    assert ("ddci", 2023) in set(zip(breaks["index"], breaks["year"]))
    assert "ddci-fixture" in set(pd.read_csv(out / "sources.csv")["id"])
    cov = pd.read_csv(out / "coverage.csv")
    assert cov[cov["index"] == "ddci"]["provinces_with_value"].tolist() == [3]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "DDCI" in package["title"] and "indices" in {r["name"] for r in package["resources"]}
    report = frictionless.validate(str(out / "datapackage.json"))
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]


def test_the_build_tables_read_back_into_the_same_records(tmp_path):
    """What the app reads (indices.csv, method_breaks.csv as text) is the registry itself."""
    indices.table().to_csv(tmp_path / "indices.csv", index=False)
    indices.breaks_table().to_csv(tmp_path / "method_breaks.csv", index=False)
    text = {
        n: pd.read_csv(tmp_path / f"{n}.csv", dtype=str, keep_default_na=False) for n in ("indices", "method_breaks")
    }
    back = indices.from_tables(text["indices"].to_dict("records"), text["method_breaks"].to_dict("records"))
    assert back == REGISTRY


def test_find_names_the_known_codes():
    with pytest.raises(KeyError, match="use one of pci"):
        indices.find(REGISTRY, "nope")
