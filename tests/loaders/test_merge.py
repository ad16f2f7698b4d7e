"""Choosing one value per key by precedence, keeping every statement and disagreement."""

import pandas as pd

from loaders.common import CITATION_COLUMNS, tidy_frame
from loaders.merge import merge_by_precedence

BASE = {
    "index": "pci",
    "year": 2019,
    "province_code": "01",
    "vintage": 63,
    "province": "Hà Nội",
    "indicator": "pci_total",
    "status": "published",
}


def rows(*specs):
    return tidy_frame(
        [
            {**BASE, "value": v, "rank": r, "source_id": s, "source_ref": s + "!1", "precedence": p}
            for v, r, s, p in specs
        ]
    )


def test_official_file_beats_page_and_news_whatever_the_order():
    v, cit, conf = merge_by_precedence(
        rows((68.9, 9, "news", 3), (68.80, 9, "wb", 1), (68.8, 8, "page", 2)), pd.DataFrame(columns=CITATION_COLUMNS)
    )
    assert len(v) == 1 and v.loc[0, "value"] == 68.80 and v.loc[0, "source_id"] == "wb"
    assert "precedence" not in v
    assert set(zip(conf["field"], conf["other_value"])) == {("value", "68.9"), ("rank", "8")}
    assert cit["chosen"].tolist().count(True) == 1


def test_agreement_within_rounding_is_not_a_conflict():
    v, _, conf = merge_by_precedence(
        rows((68.801, 9, "wb", 1), (68.80, 9, "page", 2)), pd.DataFrame(columns=CITATION_COLUMNS)
    )
    assert len(v) == 1 and conf.empty


def test_never_averaged():
    v, _, _ = merge_by_precedence(
        rows((60.0, None, "a", 3), (70.0, None, "b", 3)), pd.DataFrame(columns=CITATION_COLUMNS)
    )
    assert v.loc[0, "value"] in (60.0, 70.0)


def test_loader_citation_overridden_by_official_file_is_unchosen():
    cit = pd.DataFrame(
        [
            {
                **{k: BASE[k] for k in ["index", "year", "province_code", "vintage", "indicator"]},
                "value": 68.8,
                "rank": 9,
                "source_id": "page",
                "source_url": "https://x",
                "quote": "q",
                "chosen": True,
            }
        ]
    )
    _, out, _ = merge_by_precedence(rows((68.8, 9, "wb", 1), (68.8, 9, "page", 2)), cit)
    assert out.set_index("source_id").loc["page", "chosen"] == False  # noqa: E712
    assert out.set_index("source_id").loc["wb", "chosen"] == True  # noqa: E712


def test_same_source_twice_is_kept_for_the_unique_key_check():
    from loaders.common import check_unique_key

    v, _, _ = merge_by_precedence(
        rows((68.8, 9, "wb", 1), (70.1, 9, "wb", 1), (68.8, 9, "page", 2)), pd.DataFrame(columns=CITATION_COLUMNS)
    )
    problems = check_unique_key(v, {"wb": "PCI_2019.xlsx"})
    assert len(problems) == 1 and "PCI_2019.xlsx wb!1" in problems[0]
