"""Methods content: breaks agree with the charts, both languages, the code table from the registry."""

import pytest

from dashboard import indices, methods
from dashboard.i18n import prose
from loaders.build import provinces_table

ABOUT = [{"vi": i.about_vi, "en": i.about_en} for i in indices.all_indices()]


def test_breaks_per_index_in_order():
    assert [b.year for b in methods.breaks_of("papi")] == [2016, 2018]
    assert [b.year for b in methods.breaks_of("pci")] == [2013]
    assert methods.breaks_of("par") == []


@pytest.mark.parametrize("part", ["intro", "ranks", "breaks_extra", "merger", "rules"])
def test_every_text_in_both_languages(part):
    texts = {lang: prose(f"methods_{part}", lang) for lang in ("vi", "en")}
    assert all(texts.values()) and texts["vi"] != texts["en"]


def test_every_break_has_its_note():
    assert indices.method_breaks() and all(
        indices.break_text(b, lang).strip() for b in indices.method_breaks() for lang in ("vi", "en")
    )


@pytest.mark.parametrize(
    "lang,row24", [("vi", ["24", "Bắc Giang", "Bắc Ninh"]), ("en", ["24", "Bac Giang", "Bac Ninh"])]
)
def test_code_meaning_table(registry, lang, row24):
    table = methods.code_meaning_table(provinces_table(registry).astype({"code": "string"}), lang)
    assert table["code"].tolist() == list(methods.CODES_CHANGING_MEANING)
    assert table.notna().all().all()
    assert (table["63"] != table["34"]).all()  # every one of the seven names a different unit after the merger
    assert table[table["code"] == "24"].iloc[0].tolist() == row24
