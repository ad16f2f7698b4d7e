"""When the data was last updated: the latest edition of each index in the build, and the build's own date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from babel.dates import format_date

from dashboard.data import HEADLINE, INDEX_LABELS, INDEX_ORDER
from dashboard.i18n import t


def latest_editions(values: pd.DataFrame) -> dict[str, int]:
    """Per index (registry order), the latest year with a published score or rank of its headline total."""
    v = values[values["indicator"].isin(list(HEADLINE.values())) & (values["vintage"] == 63)]
    v = v[v["value"].notna() | v["rank"].notna()]
    latest = v.groupby("index")["year"].max()
    return {i: int(latest[i]) for i in INDEX_ORDER if i in latest.index}


def build_date(folder: Path) -> dt.date:
    """The day the build's tidy table was written."""
    return dt.date.fromtimestamp((Path(folder) / "values.csv").stat().st_mtime)


def updated_line(values: pd.DataFrame, folder: Path, fingerprint: str, lang: str) -> str:
    """'Cập nhật gần nhất: PCI kỳ 2024 · … · bảng dữ liệu dựng ngày 1 thg 12, 2026 (phiên bản 7cf000d16d27)'."""
    parts = [t("edition_of", lang, index=INDEX_LABELS[i], year=y) for i, y in latest_editions(values).items()]
    day = format_date(build_date(folder), format="long", locale=lang)
    parts.append(t("build_of", lang, date=day, version=fingerprint[:12] or "–"))
    return t("updated_line", lang, parts=" · ".join(parts))
