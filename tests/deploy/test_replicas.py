"""Two app processes behind nginx (deploy/serve_replicas.py): a burst of protocol-client sessions is spread over
both and each stays on its process; one process is killed mid-burst and its sessions reconnect and finish on the
other with no error on any page; a new build is picked up by both."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pytest

from dashboard.data import DATA_DIR
from loaders import build, integrity
from tests import protocol
from tests.conftest import ROOT

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("server"),
    pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built"),
]
SESSIONS = 6
PAGES = ("overview", "rankings", "overview", "rankings")
KILL_AFTER_RUNS = 4  # runs finished across all sessions before one process is killed
RETRIES = 5


def _free_ports(n: int) -> int:
    """A first port such that it and the n - 1 after it are free."""
    for _ in range(100):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            first = s.getsockname()[1]
        if first + n < 65535 and all(_free(p) for p in range(first, first + n)):
            return first
    raise RuntimeError("no run of free ports")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def _wait(predicate, timeout: float, what: str):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def _state(run: Path) -> dict | None:
    try:
        return json.loads((run / "state.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@dataclass
class Session:
    """One viewer: a route cookie from the proxy, then one websocket per page run (as a reload would)."""

    served_by: list[str] = field(default_factory=list)  # the process behind each connection, in order
    errors: list[str] = field(default_factory=list)
    reconnects: int = 0
    runs: int = 0


async def _session(proxy: str, done: list, kill_event: asyncio.Event) -> Session:
    s = Session()
    with urllib.request.urlopen(f"http://{proxy}/", timeout=10) as r:  # the page itself: sets the route cookie
        cookie = next(v.split(";")[0] for k, v in r.headers.items() if k.lower() == "set-cookie" and "st_route" in v)
    for page in PAGES:
        for attempt in range(RETRIES):
            try:
                async with protocol.connect(proxy, {"Cookie": cookie}) as ws:
                    s.served_by.append(ws.response.headers["X-Served-By"])
                    run = await protocol.run_page(ws, page, f"http://{proxy}")
                s.errors += run.errors
                s.runs += 1
                done.append(1)
                if len(done) >= KILL_AFTER_RUNS:
                    kill_event.set()
                break
            except (TimeoutError, OSError, EOFError, protocol.websockets.ConnectionClosed, KeyError):
                s.reconnects += 1  # the process went away mid-run: reconnect, as the browser does, and run again
                await asyncio.sleep(0.5 * (attempt + 1))
    return s


async def _burst(proxy: str, kill) -> list[Session]:
    done: list = []
    kill_event = asyncio.Event()

    async def killer():
        await kill_event.wait()
        kill()

    k = asyncio.create_task(killer())
    sessions = await asyncio.gather(*(_session(proxy, done, kill_event) for _ in range(SESSIONS)))
    k.cancel()
    return list(sessions)


def _rebuilt(data: Path) -> Path:
    """A new build folder (Hà Nội renamed, so a page shows which build it read), made current as the build does."""
    new = data / f"build-rebuilt-{time.time_ns()}"
    shutil.copytree((data / "current").resolve(), new)
    p = pd.read_csv(new / "provinces.csv", dtype=str, keep_default_na=False)
    p.loc[p["code"] == "01", "name_vi"] = "Hà Nội rebuilt"
    p.to_csv(new / "provinces.csv", index=False)
    summary = json.loads((new / "summary.json").read_text(encoding="utf-8"))
    summary[integrity.KEY] = integrity.manifest(new)
    (new / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    build._swap_in(data, new)
    return new


@pytest.fixture
def replicas(tmp_path):
    if not Path(NGINX).exists():
        pytest.fail(f"{NGINX} not found: `make test` installs Debian's nginx-light")
    data = tmp_path / "data"
    data.mkdir()
    shutil.copytree(DATA_DIR.resolve(), data / "build-first")
    (data / "current").symlink_to("build-first")
    port, base, run = _free_ports(1), _free_ports(2), tmp_path / "run"
    cmd = [sys.executable, str(ROOT / "deploy" / "serve_replicas.py"), "--replicas", "2", "--port", str(port),
           "--base-port", str(base), "--run-dir", str(run)]  # fmt: skip
    sup = subprocess.Popen(cmd, env={**os.environ, "REFORM_DATA_DIR": str(data)}, stderr=subprocess.PIPE)
    try:
        _wait(lambda: _state(run) or sup.poll() is not None, 90, "the supervisor to start both processes and nginx")
        assert sup.poll() is None, sup.stderr.read().decode(errors="replace")
        _wait(lambda: pc_health(f"127.0.0.1:{port}"), 20, "nginx")
        yield {"proxy": f"127.0.0.1:{port}", "run": run, "data": data, "sup": sup}
    finally:
        sup.send_signal(signal.SIGTERM)
        try:
            sup.wait(30)
        except subprocess.TimeoutExpired:
            sup.kill()


def pc_health(host_port: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://{host_port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def test_two_processes_behind_nginx_pick_up_a_build_share_the_burst_and_survive_a_kill(replicas):
    proxy, run = replicas["proxy"], replicas["run"]
    first = _state(run)
    victim = first["replicas"][0]
    victim_addr, survivor_addr = (f"127.0.0.1:{r['port']}" for r in first["replicas"])

    # A new build (data/current moved, as `make data` does) is read by both processes.
    _rebuilt(replicas["data"])
    for addr in (victim_addr, survivor_addr):
        texts = " ".join(protocol.run(protocol.load(addr, "overview")).texts)
        assert "Hà Nội rebuilt" in texts, f"{addr} still serves the old build"

    # A burst through nginx; one process is killed while sessions are running on it.
    sessions = protocol.run(_burst(proxy, lambda: os.kill(victim["pid"], signal.SIGKILL)))

    assert [s.runs for s in sessions] == [len(PAGES)] * SESSIONS, "every session ran every page"
    assert not [e for s in sessions for e in s.errors], "no error reached a page"
    assert {s.served_by[0] for s in sessions} == {victim_addr, survivor_addr}, "both processes served sessions"
    for s in sessions:
        if s.served_by[0] == survivor_addr:
            assert set(s.served_by) == {survivor_addr}, "a session stays on its process"
    moved = [s for s in sessions if s.served_by[0] == victim_addr and survivor_addr in s.served_by]
    assert moved, "sessions of the killed process finished on the other one"

    # The supervisor notices the killed process and starts it again.
    restarted = _wait(
        lambda: (st := _state(run)) and st["replicas"][0]["pid"] != victim["pid"] and st,
        30,
        "the killed process to be started again",
    )
    assert restarted["replicas"][0]["starts"] == 2
