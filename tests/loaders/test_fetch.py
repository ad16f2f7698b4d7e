"""Downloads against a real HTTP server on the loopback interface: good files and every kind of broken answer."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import http.server
import os
import socket
import struct
import subprocess
import threading
from pathlib import Path

import pytest

from loaders import __main__ as cli
from loaders import build, fetch
from loaders.common import Source

GOOD = bytes(range(256)) * 800  # 200 KB
GOOD_SHA = hashlib.sha256(GOOD).hexdigest()
OLD = b"the previous, good copy\n"
TIMEOUT = (1.0, 0.3)
RETRIES = 1
BACKOFF = 0.01


class Handler(http.server.BaseHTTPRequestHandler):
    """Serves GOOD at /good and one kind of failure at each other path; counts hits per path."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def do_GET(self):
        server = self.server
        with server.lock:
            server.hits[self.path] = server.hits.get(self.path, 0) + 1
            hit = server.hits[self.path]
        route = self.path.split("?")[0]
        if route == "/good" or (route.startswith("/flaky") and hit > 1):
            return self._send(200, GOOD)
        if route == "/flaky-500" or route == "/500":
            return self._send(500, b"server error")
        if route == "/429":
            return self._send(429, b"slow down", {"Retry-After": "0"})
        if route == "/404":
            return self._send(404, b"not here")
        if route == "/wrong":
            return self._send(200, GOOD[:-1] + b"X")
        if route == "/slow-headers":
            server.stop.wait(5)
            return self._send(200, GOOD)
        if route == "/slow-body":
            self._head(200, len(GOOD))
            self.wfile.write(GOOD[:1000])
            self.wfile.flush()
            server.stop.wait(5)
            return None
        if route == "/drip":  # one byte every 0.1 s: never silent long enough for the read timeout
            self._head(200, len(GOOD))
            for i in range(200):
                if server.stop.wait(0.1):
                    break
                self.wfile.write(GOOD[i : i + 1])
                self.wfile.flush()
            return None
        if route == "/html":  # an error page served with status 200, as some portals do
            body = b"<!DOCTYPE html><html><body>Trang kh\xc3\xb4ng t\xe1\xbb\x93n t\xe1\xba\xa1i</body></html>"
            return self._send(200, body, {"Content-Type": "text/html; charset=utf-8"})
        if route in ("/cut", "/flaky-cut"):
            return self._cut(reset=False)
        if route == "/reset":
            return self._cut(reset=True)
        return self._send(404, b"unknown route")

    def _head(self, status, length, headers=None):
        self.send_response(status)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(length))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()

    def _send(self, status, body, headers=None):
        self._head(status, len(body), headers)
        self.wfile.write(body)

    def _cut(self, reset: bool):
        """Promise the whole file, send half of it, then close (FIN) or reset (RST) the connection."""
        self._head(200, len(GOOD))
        self.wfile.write(GOOD[: len(GOOD) // 2])
        self.wfile.flush()
        if reset:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        else:
            self.connection.shutdown(socket.SHUT_RDWR)
        self.close_connection = True


@pytest.fixture
def server():
    """A threaded HTTP server on 127.0.0.1 at a random port; yields its base URL and hit counter."""
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.hits, srv.lock, srv.stop = {}, threading.Lock(), threading.Event()
    t = threading.Thread(target=srv.serve_forever, args=(0.05,), daemon=True)
    t.start()
    host, port = srv.server_address
    assert host == "127.0.0.1"
    yield srv, f"http://127.0.0.1:{port}"
    srv.stop.set()
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def session():
    s = fetch.make_session(retries=RETRIES, backoff=BACKOFF, trust_env=False)  # never through a proxy
    yield s
    s.close()


def _download(url, dest, expected=GOOD_SHA, session=None, **kw):
    return fetch.download(
        url,
        dest,
        expected,
        session=session,
        timeout=TIMEOUT,
        retries=RETRIES,
        backoff=BACKOFF,
        log=lambda m: None,
        **kw,
    )


def test_good_file_is_downloaded_verified_and_replaces_the_old_one(server, session, tmp_path):
    srv, base = server
    dest = tmp_path / "sub" / "file.xlsx"
    dest.parent.mkdir()
    dest.write_bytes(OLD)
    assert GOOD_SHA == _download(f"{base}/good", dest, session=session)
    assert GOOD == dest.read_bytes()
    assert ["file.xlsx"] == os.listdir(dest.parent)


FAILURES = [
    # path, words the message must contain
    ("/404", ["HTTP 404", "download_url", "save it as"]),
    ("/500", ["HTTP 500", "after retries", "again later"]),
    ("/429", ["HTTP 429", "again later"]),
    ("/slow-headers", ["timeout", "0.3 s", "again later"]),
    ("/slow-body", ["timeout", "0.3 s", "again later"]),
    ("/cut", ["mid-file", "of 204,800 bytes", "again later"]),
    ("/reset", ["reset", "again later"]),
    ("/wrong", ["sha256 mismatch", GOOD_SHA, "SHA256SUMS"]),
]


@pytest.mark.parametrize("path, words", FAILURES, ids=[p for p, _ in FAILURES])
@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_failure_names_url_file_and_remedy_and_leaves_nothing_behind(server, session, tmp_path, path, words, existing):
    srv, base = server
    dest = tmp_path / "file.xlsx"
    if existing:
        dest.write_bytes(OLD)
    with pytest.raises(fetch.DownloadError) as e:
        _download(f"{base}{path}", dest, session=session)
    msg = str(e.value)
    for w in [f"{base}{path}", str(dest), "what to do:", "no partial file", *words]:
        assert w in msg, f"{w!r} not in:\n{msg}"
    if existing:
        assert OLD == dest.read_bytes()
        assert "existing file is untouched" in msg
    assert (["file.xlsx"] if existing else []) == os.listdir(tmp_path)


@pytest.mark.parametrize("path, hits", [("/500", RETRIES + 1), ("/404", 1), ("/wrong", 1)])
def test_only_transient_failures_are_retried(server, session, tmp_path, path, hits):
    srv, base = server
    with pytest.raises(fetch.DownloadError):
        _download(f"{base}{path}", tmp_path / "f", session=session)
    assert hits == srv.hits[path]


@pytest.mark.parametrize("path", ["/flaky-500", "/flaky-cut"])
def test_a_retry_recovers_from_a_server_error_and_from_a_cut_body(server, session, tmp_path, path):
    srv, base = server
    dest = tmp_path / "f"
    assert GOOD_SHA == _download(f"{base}{path}", dest, session=session)
    assert GOOD == dest.read_bytes()
    assert 2 == srv.hits[path]


class FillsUp:
    """A file writer that raises ENOSPC once `room` bytes have been written, like a full disk."""

    def __init__(self, path, mode, room=50_000):
        self.f, self.room = open(path, mode), room

    def write(self, b):
        if self.room < len(b):
            self.f.write(b[: self.room])
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(b)
        return self.f.write(b)

    def flush(self):
        self.f.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.f.close()


def test_full_disk_removes_the_partial_file_and_keeps_the_old_one(server, session, tmp_path):
    srv, base = server
    dest = tmp_path / "file.xlsx"
    dest.write_bytes(OLD)
    with pytest.raises(fetch.DownloadError) as e:
        _download(f"{base}/good", dest, session=session, opener=FillsUp)
    msg = str(e.value)
    assert "disk full" in msg and "free space" in msg and str(dest) in msg
    assert OLD == dest.read_bytes()
    assert ["file.xlsx"] == os.listdir(tmp_path)
    assert 1 == srv.hits["/good"]  # a full disk is not retried


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 64 KB tmpfs (needs root and mount rights; skipped elsewhere)."""
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mnt)], capture_output=True).returncode
    ):
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", str(mnt)], check=True)


def test_full_disk_on_a_real_tiny_filesystem(server, session, tiny_tmpfs):
    srv, base = server
    dest = tiny_tmpfs / "file.xlsx"
    dest.write_bytes(OLD)
    with pytest.raises(fetch.DownloadError) as e:
        _download(f"{base}/good", dest, session=session)
    assert "disk full" in str(e.value)
    assert OLD == dest.read_bytes()
    assert ["file.xlsx"] == os.listdir(tiny_tmpfs)


def test_read_sha256sums_reads_the_shared_list():
    sums = fetch.read_sha256sums(Path(__file__).resolve().parents[3] / "shared" / "sources" / "SHA256SUMS")
    assert "pci/vcci-workbooks/PCI_2019.xlsx" in sums
    assert all(len(v) == 64 for v in sums.values())


def test_read_sha256sums_rejects_a_bad_line(tmp_path):
    p = tmp_path / "SHA256SUMS"
    p.write_text(f"{GOOD_SHA}  ./a.xlsx\nnot a hash line\n")
    with pytest.raises(fetch.DownloadError, match=r"SHA256SUMS:2"):
        fetch.read_sha256sums(p)


def _source(id, url, path):
    return Source(id, "pci", id, "VCCI", "https://example.org/page", url, "", "", path, "2019")


def _folder(tmp_path, base):
    folder = tmp_path / "sources"
    (folder / "pci").mkdir(parents=True)
    (folder / "SHA256SUMS").write_text(f"{GOOD_SHA}  ./pci/good.xlsx\n{GOOD_SHA}  ./pci/gone.xlsx\n")
    sources = [
        _source("good", f"{base}/good", "pci/good.xlsx"),
        _source("gone", f"{base}/404", "pci/gone.xlsx"),
        _source("nourl", "", "pci/nourl.xlsx"),
    ]
    return folder, sources


def test_fetch_all_downloads_what_it_can_then_lists_every_failure(server, session, tmp_path):
    srv, base = server
    folder, sources = _folder(tmp_path, base)
    log = []
    with pytest.raises(fetch.DownloadError) as e:
        fetch.fetch_all(folder, sources=sources, session=session, timeout=TIMEOUT, retries=RETRIES, log=log.append)
    assert "1 of 3 download(s) failed" in str(e.value) and "gone:" in str(e.value) and "HTTP 404" in str(e.value)
    assert GOOD == (folder / "pci" / "good.xlsx").read_bytes()
    assert not (folder / "pci" / "gone.xlsx").exists()
    assert any("nourl" in m and "skipped" in m for m in log)
    assert any("[2/3] good" in m for m in log) and any("sha256 verified" in m for m in log)


def test_fetch_all_keeps_a_verified_file_without_downloading(server, session, tmp_path):
    srv, base = server
    folder, sources = _folder(tmp_path, base)
    (folder / "pci" / "good.xlsx").write_bytes(GOOD)
    log = []
    assert [folder / "pci" / "good.xlsx"] == fetch.fetch_all(
        folder, ["good"], sources=sources, session=session, timeout=TIMEOUT, log=log.append
    )
    assert "/good" not in srv.hits
    assert any("kept" in m for m in log)


def test_fetch_all_names_known_ids_for_an_unknown_one(tmp_path):
    with pytest.raises(fetch.DownloadError, match=r"unknown source id\(s\): nope\. Known ids: gone, good, nourl"):
        fetch.fetch_all(tmp_path, ["nope"], sources=_folder(tmp_path, "http://127.0.0.1:9")[1])


def test_cli_fetch_reports_failure_and_exit_code(server, tmp_path, monkeypatch, capsys):
    srv, base = server
    folder, sources = _folder(tmp_path, base)
    monkeypatch.setattr(build, "all_sources", lambda: sources)
    for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    assert 1 == cli.main(["--sources", str(folder), "fetch"])
    out = capsys.readouterr()
    assert "FETCH FAILED" in out.err and "HTTP 404" in out.err
    assert "[2/3] good" in out.out
    assert 0 == cli.main(["--sources", str(folder), "fetch", "--only", "good"])


# --- Deadline, type and size without a listed hash, file modes, paths inside the sources folder. ---


def test_a_slow_drip_stops_at_the_deadline(server, session, tmp_path):
    srv, base = server
    dest = tmp_path / "file.xlsx"
    dest.write_bytes(OLD)
    with pytest.raises(fetch.DownloadError, match=r"took longer than 1 s \(deadline\) after [1-9]\d* bytes"):
        _download(f"{base}/drip", dest, session=session, deadline=1.0)
    assert OLD == dest.read_bytes() and ["file.xlsx"] == os.listdir(tmp_path)


def test_an_html_page_does_not_replace_a_file_without_a_listed_hash(server, session, tmp_path):
    srv, base = server
    dest = tmp_path / "file.xlsx"
    dest.write_bytes(OLD)
    with pytest.raises(fetch.DownloadError, match=r"an HTML page, not the file"):
        _download(f"{base}/html", dest, expected="", session=session)
    assert OLD == dest.read_bytes() and ["file.xlsx"] == os.listdir(tmp_path)


def test_a_body_larger_than_the_limit_is_refused(server, session, tmp_path):
    srv, base = server
    dest = tmp_path / "file.xlsx"
    with pytest.raises(fetch.DownloadError, match=r"204,800 bytes, more than the limit of 100,000"):
        _download(f"{base}/good", dest, expected="", session=session, max_bytes=100_000)
    assert [] == os.listdir(tmp_path)


def test_fetched_files_are_readable_like_any_other_file(server, session, tmp_path):
    srv, base = server
    dest = tmp_path / "file.xlsx"
    _download(f"{base}/good", dest, session=session)
    umask = os.umask(0)
    os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_source_path_outside_the_sources_folder_is_refused(server, session, tmp_path):
    srv, base = server
    folder = tmp_path / "sources"
    folder.mkdir()
    sources = [_source("evil", f"{base}/good", "../outside.xlsx")]
    with pytest.raises(fetch.DownloadError, match=r"evil: .*outside the sources folder"):
        fetch.fetch_all(folder, sources=sources, session=session, timeout=TIMEOUT, retries=RETRIES, log=lambda m: None)
    assert not (tmp_path / "outside.xlsx").exists()


def test_a_download_records_its_utc_date_and_address_and_the_build_shows_it(server, session, tmp_path, monkeypatch):
    srv, base = server
    folder, sources = _folder(tmp_path, base)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    log = []
    fetch.fetch_all(folder, ["good"], sources=sources, session=session, timeout=TIMEOUT, log=log.append)
    rows = (folder / "RETRIEVED.csv").read_text(encoding="utf-8").splitlines()
    assert ["path,retrieved,url,sha256", f"pci/good.xlsx,{today},{base}/good,{GOOD_SHA}"] == rows
    assert any("RETRIEVED.csv" in m for m in log)
    monkeypatch.setattr(build, "all_sources", lambda: sources)
    table = build.sources_table(folder).set_index("id")["retrieved"]
    assert today == table["good"] and "" == table["gone"] == table["nourl"]
    (folder / "pci" / "good.xlsx").write_bytes(OLD)  # replaced by hand: its download date no longer applies
    assert "" == build.sources_table(folder).set_index("id").loc["good", "retrieved"]


def test_a_kept_file_keeps_its_recorded_date_and_a_failed_one_records_none(server, session, tmp_path):
    srv, base = server
    folder, sources = _folder(tmp_path, base)
    (folder / "pci" / "good.xlsx").write_bytes(GOOD)
    row = f"pci/good.xlsx,2020-01-02,{base}/good,{GOOD_SHA}"
    (folder / "RETRIEVED.csv").write_text(f"path,retrieved,url,sha256\n{row}\n")
    with pytest.raises(fetch.DownloadError):
        fetch.fetch_all(folder, sources=sources, session=session, timeout=TIMEOUT, retries=RETRIES, log=lambda m: None)
    assert row == (folder / "RETRIEVED.csv").read_text().splitlines()[1]
    assert 2 == len((folder / "RETRIEVED.csv").read_text().splitlines())


def test_a_damaged_retrieval_record_stops_fetch_before_any_download(server, session, tmp_path):
    srv, base = server
    folder, sources = _folder(tmp_path, base)
    (folder / "RETRIEVED.csv").write_text("path,retrieved,url,sha256\npci/good.xlsx,yesterday,x,y\n")
    with pytest.raises(fetch.DownloadError, match=r"RETRIEVED\.csv:2: retrieved 'yesterday' is not a date"):
        fetch.fetch_all(folder, sources=sources, session=session, timeout=TIMEOUT, log=lambda m: None)
    assert not srv.hits
