"""The protocol-client burst through nginx with 1 and 2 app processes (deploy/serve_replicas.py), side by side.

    python -m bench.replicas      (also part of `make bench`)

Each session gets its route cookie from nginx, then runs the pages one websocket each, as a browser reloading
would. Throughput is page loads finished per second of the burst's wall time; p95 is over every load's time
from opening its websocket to the end of its run.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import protocol  # noqa: E402
from tests.browser.conftest import _free_port  # noqa: E402
from tests.deploy.test_replicas import _free_ports  # noqa: E402

SESSIONS = 20
PAGES = ("overview", "rankings")
WARM_LOADS = 2  # per process and page, before the burst


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(0.95 * len(xs)))] if xs else float("nan")


async def _session(proxy: str) -> tuple[list[float], list[str]]:
    with urllib.request.urlopen(f"http://{proxy}/", timeout=30) as r:
        cookie = next(v.split(";")[0] for k, v in r.headers.items() if k.lower() == "set-cookie" and "st_route" in v)
    times, errors = [], []
    for page in PAGES:
        t = time.perf_counter()
        async with protocol.connect(proxy, {"Cookie": cookie}) as ws:
            run = await protocol.run_page(ws, page, f"http://{proxy}")
        times.append(time.perf_counter() - t)
        errors += run.errors
    return times, errors


async def _burst(proxy: str) -> dict:
    t = time.perf_counter()
    out = await asyncio.gather(*(_session(proxy) for _ in range(SESSIONS)), return_exceptions=True)
    wall = time.perf_counter() - t
    times = [x for o in out if isinstance(o, tuple) for x in o[0]]
    errors = [repr(o) for o in out if isinstance(o, BaseException)]
    errors += [e for o in out if isinstance(o, tuple) for e in o[1]]
    return {"loads": len(times), "wall_s": wall, "per_s": len(times) / wall, "p95_s": p95(times), "errors": errors}


def _start(n: int, run_dir: Path) -> tuple[subprocess.Popen, str, list[int]]:
    port = _free_port()
    base = _free_ports(n)  # the supervisor uses base, base + 1 …
    cmd = [sys.executable, str(ROOT / "deploy" / "serve_replicas.py"), "--replicas", str(n), "--port", str(port),
           "--base-port", str(base), "--run-dir", str(run_dir)]  # fmt: skip
    sup = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    deadline = time.time() + 120
    while not (run_dir / "state.json").exists():
        if sup.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"serve_replicas.py with {n} processes did not start")
        time.sleep(0.3)
    ports = [r["port"] for r in json.loads((run_dir / "state.json").read_text())["replicas"]]
    return sup, f"127.0.0.1:{port}", ports


def bench_replicas() -> dict:
    """{n processes: burst result} for 1 and 2 processes."""
    out = {}
    for n in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            sup, proxy, ports = _start(n, Path(tmp))
            try:
                for p in ports:  # warm each process directly
                    for page in PAGES * WARM_LOADS:
                        protocol.run(protocol.load(f"127.0.0.1:{p}", page))
                out[n] = protocol.run(_burst(proxy))
            finally:
                sup.send_signal(signal.SIGTERM)
                sup.wait(60)
    return out


def rows(r: dict) -> list[tuple]:
    """Rows for bench/RESULTS.md: one per process count, and the projection for a larger host."""
    out = []
    for n, v in r.items():
        out.append(
            (
                f"through nginx, {n} app process(es): {SESSIONS} protocol sessions × {len(PAGES)} pages",
                f"{v['per_s']:.1f} page loads/s, p95 {v['p95_s']:.2f} s, {len(v['errors'])} errors",
                "–",
                not v["errors"],
            )
        )
    cores = os.cpu_count() or 1
    per_core = max(v["per_s"] / min(cores, n) for n, v in r.items())  # n processes use at most n cores
    out.append(
        (
            f"on paper: page loads/s per core here ({per_core:.1f}) × 16 cores",
            f"≈ {per_core * 16:.0f} page loads/s (bounded by the cores; not measured)",
            "–",
            None,
        )
    )
    return out


if __name__ == "__main__":
    result = bench_replicas()
    for what, measured, *_ in rows(result):
        print(f"| {what} | {measured} |")
    print(json.dumps(result, indent=1))
