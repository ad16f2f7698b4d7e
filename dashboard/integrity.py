"""Which build the app serves: data/current when it is what its build wrote, else the newest earlier intact build."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from dashboard.i18n import fmt_number, t
from loaders import integrity


@dataclass(frozen=True)
class Verdict:
    """The build to serve (None: no intact build) and what is wrong with the current one (empty: nothing)."""

    folder: Path | None
    problems: tuple[integrity.Problem, ...]


_VERDICTS: dict[Path, Verdict] = {}
_LOCK = threading.Lock()


def verdict(current: Path) -> Verdict:
    """Check a build folder once (its files never change) and pick what to serve."""
    current = Path(current).resolve()
    with _LOCK:
        if current not in _VERDICTS:
            _VERDICTS[current] = _choose(current)
        return _VERDICTS[current]


def _choose(current: Path) -> Verdict:
    problems = tuple(integrity.check(current))
    if not problems:
        return Verdict(current, ())
    earlier = sorted(current.parent.glob("build-*"), key=lambda p: p.stat().st_mtime, reverse=True)
    for folder in earlier:
        if folder.resolve() != current and not integrity.check(folder):
            return Verdict(folder.resolve(), problems)
    return Verdict(None, problems)


def describe(problems, lang: str) -> str:
    """The problems of a build in the reader's language, one per file."""
    parts = []
    for p in problems:
        kw = {"file": p.file}
        if p.kind == "rows":
            kw |= {"rows": fmt_number(p.rows, lang, 0), "expected": fmt_number(p.expected_rows, lang, 0)}
        parts.append(t(f"integrity_{p.kind}", lang, **kw))
    return "; ".join(parts)


def message(v: Verdict, lang: str) -> str | None:
    """What a page says about the build it serves (None when the current build is intact)."""
    if not v.problems:
        return None
    key = "integrity_fallback" if v.folder is not None else "integrity_stopped"
    return t(key, lang, problems=describe(v.problems, lang))
