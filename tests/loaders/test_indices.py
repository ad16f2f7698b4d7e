"""The index registry: every index and every loader has what the interface names; the build writes it out."""

import pandas as pd
import pytest

from loaders import build, indices
from loaders.common import Indicator, Source

REGISTRY = indices.all_indices()


def test_registry_lists_each_index_once_with_a_loader():
    assert len(set(indices.codes())) == len(REGISTRY) >= 1
    assert all(i.loader for i in REGISTRY)
    assert build.LOADERS == indices.loader_modules()


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
