"""Computed values say so wherever they appear: the mark after a figure, the line under an image, in both languages."""

import pandas as pd
import pytest

from dashboard import charts, data, images, ranks
from dashboard.i18n import t


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_computed_mark(lang):
    assert ranks.computed_mark("computed", lang) == f" ({t('computed_label', lang)})"
    assert ranks.computed_mark("published", lang) == "" == ranks.computed_mark(None, lang)


def test_computed_years_from_value_or_rank_status():
    rows = pd.DataFrame(
        {
            "year": [2011, 2012, 2013, 2020],
            "status": ["computed", "published", "computed", "published"],
            "rank_status": [None, None, None, "computed"],
        }
    )
    assert ranks.computed_years(rows) == [2011, 2013, 2020]
    assert ranks.computed_note(rows[rows["year"] == 2012], "vi") == ""


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_image_of_computed_papi_totals_names_them(lang):
    ds = data.load()
    ser = data.series(ds.values, "papi", "papi_total_unweighted", ["08"])
    chart = charts.score_chart(ser, ["08"], {"08": "Tuyên Quang"}, lang, index="papi", title="PAPI")
    foot = images.captioned(chart, ds.sources, lang, rows=ser[ser["value"].notna()]).to_dict()["title"]
    note = t("image_computed_note", lang, years="2011–2017, 2020–2024")
    assert note in [foot["text"], *foot["subtitle"]] or note.startswith(foot["subtitle"][0])
    pci = data.series(ds.values, "pci", "pci_total", ["08"])
    pci = pci[pci["value"].notna() & (pci["year"] == 2019)]
    chart = charts.score_chart(pci, ["08"], {"08": "Tuyên Quang"}, lang, index="pci", title="PCI")
    foot = images.captioned(chart, ds.sources, lang, rows=pci).to_dict()["title"]
    assert not any(t("computed_label", lang) in line for line in [foot["text"], *foot["subtitle"]])
