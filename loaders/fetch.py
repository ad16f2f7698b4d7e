"""Download every source file from its official address: retries, timeouts, sha256 check, atomic replace.

`python -m loaders fetch [--only ID ...]` fetches each Source that has a `download_url` into the sources folder.
A file is streamed into a temporary file next to its target, checked against the hash listed for it in the
folder's `SHA256SUMS` (lines "<sha256>  ./relative/path"), and only then renamed over the target (os.replace);
the UTC date of the download and its address are then recorded in the folder's RETRIEVED.csv (loaders.retrieved).
On any failure the temporary file is removed, the existing file is left as it was, and DownloadError says
which address, which file and what to do.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from loaders.common import Source, sha256
from loaders.retrieved import RETRIEVED_FILE, RetrievedFileError, read_retrieved, record_retrieved

DEFAULT_TIMEOUT = (10.0, 60.0)  # seconds to connect, seconds between two bytes received
DEFAULT_RETRIES = 4
DEFAULT_BACKOFF = 1.0  # seconds; doubles after each failed attempt
RETRY_STATUSES = (429, 500, 502, 503, 504)
CHUNK = 1 << 16
DEFAULT_DEADLINE = 600.0  # seconds for one attempt at one file, however steadily the bytes trickle in
MAX_BYTES = 500 * 2**20  # no source file is near this; a larger body is refused
HTML_START = (b"<!doctype html", b"<html")
SUMS_FILE = "SHA256SUMS"


class DownloadError(RuntimeError):
    """A download failed; the existing file (if any) is untouched and no partial file is left."""


@dataclass
class _Failure(Exception):
    """One failed attempt: why, whether trying again may help, and what the user can do."""

    reason: str
    remedy: str
    transient: bool = False


def read_sha256sums(path: Path) -> dict[str, str]:
    """Expected hashes from a SHA256SUMS file ("<hex>  ./relative/path" per line), keyed by relative path."""
    sums = {}
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        digest, _, name = line.strip().partition(" ")
        name = name.strip().lstrip("*")
        if len(digest) != 64 or not name:
            raise DownloadError(f"{path}:{n}: not a '<sha256>  <path>' line: {line!r}. Fix or remove that line.")
        sums[_relative(name)] = digest.lower()
    return sums


def _relative(name: str) -> str:
    return name[2:] if name.startswith("./") else name


def make_session(
    retries: int = DEFAULT_RETRIES, backoff: float = DEFAULT_BACKOFF, trust_env: bool = True
) -> requests.Session:
    """A requests session that retries connection errors, 429 and 5xx answers with exponential backoff."""
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=True,
    )
    s = requests.Session()
    s.trust_env = trust_env
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("http://", adapter)
    s.mount("https://", adapter)
    s.headers.update({"Accept-Encoding": "identity", "User-Agent": "vn-reform-index-dashboard fetch"})
    return s


def download(
    url: str,
    dest: Path,
    expected_sha256: str = "",
    *,
    session: requests.Session | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    opener=open,
    official_page: str = "",
    log=print,
    deadline: float = DEFAULT_DEADLINE,
    max_bytes: int = MAX_BYTES,
) -> str:
    """Download `url` to `dest` atomically, checking its sha256; returns the hash. Raises DownloadError.

    Each attempt stops after `deadline` seconds; a body over `max_bytes`, or an HTML page where a data file is
    expected, is refused (the checks that matter when no sha256 is listed).

    `opener(path, mode)` opens the temporary file for writing (a parameter so that a full disk can be simulated).
    """
    dest = Path(dest)
    session = session or make_session(retries, backoff)
    failure = None
    for attempt in range(retries + 1):
        if attempt:
            wait = backoff * 2 ** (attempt - 1)
            log(f"      {failure.reason}; trying again in {wait:g} s ({attempt}/{retries})")
            time.sleep(wait)
        try:
            limits = (time.monotonic() + deadline, deadline, max_bytes)
            return _download_once(url, dest, expected_sha256, session, timeout, opener, official_page, limits)
        except _Failure as f:
            failure = f
            if not f.transient:
                break
    raise DownloadError(_message(url, dest, failure))


def _message(url: str, dest: Path, f: _Failure) -> str:
    kept = "The existing file is untouched" if dest.exists() else "Nothing was written"
    return (
        f"could not download {url}\n"
        f"  into: {dest}\n"
        f"  why:  {f.reason}\n"
        f"  what to do: {f.remedy}\n"
        f"  {kept}; no partial file was left."
    )


def _download_once(url, dest: Path, expected: str, session, timeout, opener, official_page, limits) -> str:
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        digest = _stream(url, tmp, session, timeout, opener, dest, official_page, limits)
        if expected and digest != expected.lower():
            raise _Failure(
                f"sha256 mismatch: expected {expected}, received {digest}",
                "the file served at this address differs from the one this dataset was checked against. "
                "If the publisher has revised it, inspect the new file, update its line in SHA256SUMS and rebuild; "
                "otherwise try again later (a proxy or an interrupted transfer can also cause this).",
            )
        os.chmod(tmp, dest.stat().st_mode & 0o777 if dest.exists() else 0o666 & ~_umask())
        os.replace(tmp, dest)
        return digest
    finally:
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _stream(url, tmp: Path, session, timeout, opener, dest: Path, official_page: str, limits) -> str:
    by_hand = f"or download it by hand from {official_page or url} and save it as {dest}"
    network = f"check the network connection and run `python -m loaders fetch` again later, {by_hand}."
    try:
        r = session.get(url, stream=True, timeout=timeout)  # connection errors, 429 and 5xx are retried in here
    except requests.RequestException as e:
        raise _Failure(_describe(e, 0, timeout) + " (after retries)", network) from e
    with r:
        if r.status_code != 200:
            raise _http_failure(r, dest, official_page, by_hand)
        _check_head(r, dest, limits[2], by_hand)
        try:
            digest, received = _write_body(r, tmp, opener, limits, dest, by_hand)
        except requests.RequestException as e:  # failed mid-body: the whole file is tried again
            of = f" of {int(r.headers['Content-Length']):,}" if r.headers.get("Content-Length", "").isdigit() else ""
            reason = _describe(e, getattr(e, "received", 0), timeout).replace(" bytes", f"{of} bytes", 1)
            raise _Failure(reason, network, transient=True) from e
        except OSError as e:
            raise _write_failure(e, tmp) from e
    promised = r.headers.get("Content-Length")
    if promised and not r.headers.get("Content-Encoding") and received != int(promised):
        raise _Failure(
            f"connection closed mid-file: received {received:,} of {int(promised):,} bytes", network, transient=True
        )
    return digest


def _too_large(size: int, max_bytes: int, by_hand: str) -> _Failure:
    return _Failure(
        f"{size:,} bytes, more than the limit of {max_bytes:,} for a source file",
        f"the address serves something else than the source: check it, {by_hand}.",
    )


def _check_head(r: requests.Response, dest: Path, max_bytes: int, by_hand: str) -> None:
    """Refuse before reading: a promised size over the limit, or an HTML page where a data file is expected."""
    promised = r.headers.get("Content-Length", "")
    if promised.isdigit() and int(promised) > max_bytes:
        raise _too_large(int(promised), max_bytes, by_hand)
    if "html" in r.headers.get("Content-Type", "").lower() and dest.suffix.lower() not in {".html", ".htm"}:
        raise _html_failure(by_hand)


def _html_failure(by_hand: str) -> _Failure:
    return _Failure(
        "the server answered with an HTML page, not the file (an error or login page served as 200)",
        f"open the address in a browser to see what it serves; if the file moved, {by_hand}.",
    )


def _arriving(r: requests.Response):
    """The body as it arrives: each read returns the bytes already there (so byte counts in messages and the
    deadline are exact; a fixed-size read would wait for a whole chunk). urllib3 errors as requests raises them."""
    from urllib3 import exceptions as u3

    try:
        while chunk := r.raw.read1(CHUNK, decode_content=True):
            yield chunk
    except u3.ReadTimeoutError as e:
        raise requests.ConnectionError(e) from e
    except (u3.ProtocolError, u3.IncompleteRead) as e:
        raise requests.exceptions.ChunkedEncodingError(e) from e
    except u3.DecodeError as e:
        raise requests.exceptions.ContentDecodingError(e) from e
    except u3.SSLError as e:
        raise requests.exceptions.SSLError(e) from e


def _write_body(r: requests.Response, tmp: Path, opener, limits, dest: Path, by_hand: str) -> tuple[str, int]:
    h, received = hashlib.sha256(), 0
    ends, deadline, max_bytes = limits
    html_ok = dest.suffix.lower() in {".html", ".htm"}
    try:
        with opener(tmp, "wb") as f:
            for chunk in _arriving(r):
                if not received and not html_ok and chunk.lstrip()[:14].lower().startswith(HTML_START):
                    raise _html_failure(by_hand)
                if received + len(chunk) > max_bytes:
                    raise _too_large(received + len(chunk), max_bytes, by_hand)
                if time.monotonic() > ends:
                    raise _Failure(
                        f"took longer than {deadline:g} s (deadline) after {received:,} bytes",
                        f"the server is sending very slowly: run `python -m loaders fetch` again later, {by_hand}.",
                    )
                f.write(chunk)
                h.update(chunk)
                received += len(chunk)
            f.flush()
            if hasattr(f, "fileno"):
                os.fsync(f.fileno())
    except (requests.RequestException, OSError) as e:
        e.received = received
        raise
    return h.hexdigest(), received


def _write_failure(e: OSError, tmp: Path) -> _Failure:
    received = getattr(e, "received", 0)
    if e.errno == errno.ENOSPC:
        return _Failure(
            f"disk full after writing {received:,} bytes into {tmp.parent}",
            f"free space on the disk holding {tmp.parent} (or pass --sources DIR on a larger disk) and run again.",
        )
    return _Failure(
        f"cannot write {tmp} ({e.strerror or e})",
        f"check that {tmp.parent} is writable and has free space, then run again.",
    )


def _http_failure(r: requests.Response, dest: Path, official_page: str, by_hand: str) -> _Failure:
    reason = f"HTTP {r.status_code} {r.reason or ''}".strip()
    if r.status_code in RETRY_STATUSES:
        return _Failure(
            f"{reason} (the server kept failing after retries)",
            f"the server is overloaded or down: run `python -m loaders fetch` again later, {by_hand}.",
        )
    where = f"on the official page {official_page}" if official_page else "on the publisher's site"
    return _Failure(
        reason,
        f"the address no longer serves this file: look for it {where}, save it as {dest} "
        f"and update the source's download_url.",
    )


def _describe(e: requests.RequestException, received: int, timeout) -> str:
    text = repr(e)
    if isinstance(e, requests.ConnectTimeout) or "ConnectTimeout" in text:
        return f"no connection within {timeout[0]:g} s (timeout)"
    if isinstance(e, requests.ReadTimeout) or "ReadTimeout" in text or "timed out" in text:
        return f"the server sent nothing for {timeout[1]:g} s (timeout) after {received:,} bytes"
    if "Reset" in text or "reset" in text:
        return f"connection reset after {received:,} bytes ({type(e).__name__})"
    if isinstance(e, requests.exceptions.ChunkedEncodingError) or "IncompleteRead" in text:
        return f"connection closed mid-file after {received:,} bytes ({type(e).__name__})"
    return f"{type(e).__name__}: {e}"


def _expected_hashes(sources_dir: Path) -> dict[str, str]:
    p = Path(sources_dir) / SUMS_FILE
    return read_sha256sums(p) if p.exists() else {}


def _select(sources: list[Source], only) -> list[Source]:
    if not only:
        return sources
    known = {s.id for s in sources}
    unknown = sorted(set(only) - known)
    if unknown:
        raise DownloadError(f"unknown source id(s): {', '.join(unknown)}. Known ids: {', '.join(sorted(known))}.")
    return [s for s in sources if s.id in set(only)]


def fetch_all(
    sources_dir: Path,
    only: list[str] | None = None,
    *,
    sources: list[Source] | None = None,
    session: requests.Session | None = None,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    retries: int = DEFAULT_RETRIES,
    backoff: float = DEFAULT_BACKOFF,
    opener=open,
    log=print,
) -> list[Path]:
    """Download every source with a download_url into `sources_dir`; returns the files written or already current.

    Files already present with the expected hash are kept. Every other source is attempted; if any fails,
    DownloadError lists each failure after the others have been tried.
    """
    if sources is None:
        from loaders.build import all_sources

        sources = all_sources()
    sources_dir = Path(sources_dir)
    chosen = _select(sorted(sources, key=lambda s: s.id), only)
    sums = _expected_hashes(sources_dir)
    try:
        read_retrieved(sources_dir)  # a damaged record stops the run before anything is downloaded
    except RetrievedFileError as e:
        raise DownloadError(str(e)) from e
    session = session or make_session(retries, backoff)
    done, failures = [], []
    for i, s in enumerate(chosen, 1):
        head = f"[{i}/{len(chosen)}] {s.id}"
        dest = sources_dir / s.path
        if not s.download_url:
            log(f"{head}: no download address (obtain it from {s.official_page or 'the publisher'}); skipped")
            continue
        if dest.is_dir():
            log(f"{head}: {s.path} is a folder, not one file; skipped")
            continue
        if not dest.resolve().is_relative_to(sources_dir.resolve()):
            log(f"{head}: {s.path} is outside the sources folder; refused")
            failures.append(f"{s.id}: {s.path} is outside the sources folder {sources_dir}: fix the source's path.")
            continue
        expected = sums.get(_relative(s.path), "")
        if expected and dest.exists() and sha256(dest) == expected:
            log(f"{head}: {s.path} present, sha256 verified; kept")
            done.append(dest)
            continue
        log(f"{head}: {s.download_url} -> {s.path}")
        t = time.perf_counter()
        try:
            digest = download(
                s.download_url,
                dest,
                expected,
                session=session,
                timeout=timeout,
                retries=retries,
                backoff=backoff,
                opener=opener,
                official_page=s.official_page,
                log=log,
            )
        except DownloadError as e:
            log(f"      FAILED: {str(e).splitlines()[2].split(':', 1)[1].strip()}")
            failures.append(f"{s.id}: {e}")
            continue
        record_retrieved(sources_dir, _relative(s.path), s.download_url, digest)
        size = dest.stat().st_size / 1e6
        check = "sha256 verified" if expected else f"sha256 {digest} (not listed in {SUMS_FILE}: not verified)"
        log(f"      ok {size:.2f} MB in {time.perf_counter() - t:.1f} s, {check}; date recorded in {RETRIEVED_FILE}")
        done.append(dest)
    if failures:
        raise DownloadError(f"{len(failures)} of {len(chosen)} download(s) failed:\n\n" + "\n\n".join(failures))
    return done
