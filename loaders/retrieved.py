"""When each source file was downloaded: `RETRIEVED.csv` in the sources folder, written by `python -m loaders fetch`.

One row per file the fetch command downloaded: `path,retrieved,url,sha256` — the path relative to the sources folder,
the UTC date of the successful download, the address it came from and the hash of what arrived. The build takes a date
only while the file on disk still has that hash (a file replaced by hand has no known retrieval date). Files copied in
by other means have no row: their date stays "not recorded" unless the sources README records one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import tempfile
from pathlib import Path

RETRIEVED_FILE = "RETRIEVED.csv"
COLUMNS = ("path", "retrieved", "url", "sha256")


class RetrievedFileError(ValueError):
    """RETRIEVED.csv cannot be read: the message names the file, the line and the remedy."""


def read_retrieved(sources_dir: Path) -> dict[str, dict[str, str]]:
    """The recorded downloads keyed by relative path (empty when the folder has no record)."""
    p = Path(sources_dir) / RETRIEVED_FILE
    if not p.exists():
        return {}
    lines = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))
    if not lines or tuple(lines[0]) != COLUMNS:
        raise RetrievedFileError(
            f"{p}: the header must be {','.join(COLUMNS)}. Delete the file and run `python -m loaders fetch` again."
        )
    rows = [dict(zip(COLUMNS, line, strict=False)) for line in lines[1:] if line]
    out = {}
    for n, row in enumerate(rows, 2):
        try:
            dt.date.fromisoformat(row.get("retrieved") or "")
        except ValueError:
            raise RetrievedFileError(
                f"{p}:{n}: retrieved {row.get('retrieved')!r} is not a date (YYYY-MM-DD). Fix or delete that line."
            ) from None
        out[row["path"]] = row
    return out


def record_retrieved(sources_dir: Path, path: str, url: str, digest: str, day: dt.date | None = None) -> None:
    """Record that `path` was downloaded from `url` today (UTC, or `day`), replacing any older row for it."""
    rows = read_retrieved(sources_dir)
    day = day or dt.datetime.now(dt.UTC).date()
    rows[path] = {"path": path, "retrieved": day.isoformat(), "url": url, "sha256": digest}
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows[k] for k in sorted(rows))
    target = Path(sources_dir) / RETRIEVED_FILE
    fd, name = tempfile.mkstemp(prefix=f".{RETRIEVED_FILE}.", suffix=".part", dir=target.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(buf.getvalue())
    os.replace(name, target)


def retrieved_date(records: dict[str, dict[str, str]], path: str, digest: str) -> str:
    """The recorded retrieval date of `path` while its current sha256 is `digest`, else blank."""
    row = records.get(path)
    return row["retrieved"] if row and digest and row["sha256"] == digest else ""
