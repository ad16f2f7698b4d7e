"""A data folder resolved through its links, worked out again only when the link itself changes."""

from __future__ import annotations

import os
import stat
from functools import lru_cache
from pathlib import Path


def link_key(folder: Path | str) -> tuple[str, str, int, int] | None:
    """(path, link target, inode, modification time) of `folder` itself, its link not followed: a new build swaps
    data/current for a link to another build folder (None when there is no such folder)."""
    try:
        link = os.lstat(folder)
    except FileNotFoundError:
        return None
    target = os.readlink(folder) if stat.S_ISLNK(link.st_mode) else ""
    return str(folder), target, link.st_ino, link.st_mtime_ns


def resolved(folder: Path | str) -> Path:
    """`folder` with every link resolved (data/current → its build folder), kept per link_key."""
    key = link_key(folder)
    return _resolved(*key) if key else Path(folder).resolve()


@lru_cache(maxsize=16)
def _resolved(folder: str, target: str, inode: int, mtime_ns: int) -> Path:
    return Path(folder).resolve()
