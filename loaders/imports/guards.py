"""Limits on an imported file (size, unpacked size, rows, the source address) and the import error."""

from __future__ import annotations

import re
from pathlib import Path

# An official province table is a few hundred rows and kilobytes; anything far larger is refused before it is read.
MAX_FILE_BYTES = 20 * 2**20
MAX_UNPACKED_BYTES = 100 * 2**20  # an .xlsx/.ods is a zip: the sum of its members' declared sizes
MAX_ROWS = 5_000
MAX_PROBLEMS = 20  # listed in a message; the rest are counted
MAX_LINE = 300  # characters per message line


class ImportTableError(ValueError):
    """A table cannot be imported; the message names the file, the row or header and what to do (capped)."""

    def __init__(self, message: str):
        super().__init__(capped(str(message)))


def capped(message: str) -> str:
    """The first MAX_PROBLEMS lines of a message, a count of the rest and its last line (the remedy); long lines cut."""
    lines = [x if len(x) <= MAX_LINE else f"{x[:MAX_LINE]}… ({len(x) - MAX_LINE:,} more characters)"
             for x in message.splitlines()]  # fmt: skip
    if len(lines) > MAX_PROBLEMS + 2:
        lines = [*lines[: MAX_PROBLEMS + 1], f"  … and {len(lines) - MAX_PROBLEMS - 2:,} more", lines[-1]]
    return "\n".join(lines)


def check_size(file: Path) -> None:
    """Refuse a file too large to be a province table, before reading it (its size; a zip's unpacked size)."""
    import zipfile

    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportTableError(
            f"{file.name}: {size:,} bytes, more than the limit of {MAX_FILE_BYTES:,} for a province table. "
            "Save only the table (one sheet, no images) and run again."
        )
    if zipfile.is_zipfile(file):
        try:
            with zipfile.ZipFile(file) as z:
                unpacked = sum(i.file_size for i in z.infolist())
        except (zipfile.BadZipFile, OSError) as e:
            raise ImportTableError(f"{file.name}: cannot open the workbook ({e}). Is the file complete?") from e
        if unpacked > MAX_UNPACKED_BYTES:
            raise ImportTableError(
                f"{file.name}: unpacks to {unpacked:,} bytes, more than the limit of {MAX_UNPACKED_BYTES:,} for a "
                "province table. Save only the table (one sheet, no images) and run again."
            )


def check_source_url(url: str) -> None:
    """An address shown as a link on the pages: http(s), a host, no spaces, quotes or angle brackets (or none)."""
    from urllib.parse import urlsplit

    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"[\s\"'<>`\\]", url):
        raise ImportTableError(
            f"--source-url {url[:200]!r} is not an http(s) address. Give the publication's web address, "
            "e.g. https://pcivietnam.vn/..., or leave it out."
        )


def _check_rows(file: Path, n: int) -> None:
    if n > MAX_ROWS:
        raise ImportTableError(
            f"{file.name}: {n:,} rows, more than the limit of {MAX_ROWS:,} for a province table. "
            "Keep only the table of provinces and run again."
        )
