"""Benchmarks with budgets: build, page script time, browser time-to-chart, map payload, 20 concurrent sessions, RSS.

`make bench` runs it; it starts (and stops) the app and a bare baseline app itself, prints a table and writes
bench/RESULTS.md. What is measured, and how:

- build: `python -m loaders build` in a fresh process into an empty data folder (cold), then again with unchanged
  sources (the fingerprint short-cut). data/current is not touched.
- page scripts: AppTest of the router with each page (the server runs both), default view, caches warmed by one run,
  median of REPEATS_SCRIPT reruns.
- map payload: the Vega-Lite chart message Streamlit sends for each map (spec JSON with the inline GeoJSON plus any
  Arrow datasets), taken from the delta the page script produces; the files on disk are listed for comparison.
- time-to-chart: a fresh browser context (a new Streamlit session) per load; an init script records
  performance.now() (milliseconds since navigation start) at the first drawing call on a canvas inside a Vega-Lite
  chart, so the number is navigation → first chart drawn, without polling delay. Pages without charts (data,
  methods) are timed to their first drawn table (also a canvas). Bare page and app pages are measured in
  interleaved rounds on the same browser and servers.
- concurrency: one Chromium with SESSIONS contexts started together (one process keeps 20 sessions within 2 cores
  and 24 GB; 20 Chromium instances would measure the browsers' start-up more than the app), each loading two pages
  one after the other; BURSTS bursts; any exception, Streamlit error element or timeout counts as an error. The
  browser runs on the same 2 cores as the server, so the same burst on the bare page is measured for reference,
  and the same burst is run again from Streamlit protocol clients (websocket sessions opened and driven as the
  browser does, without rendering) to measure the server alone.
- memory: RSS of the server process and all its descendants, sampled every 100 ms; the peak during the bursts.
- interference: CPU time used by processes outside the benchmark's own process tree is reported with the results.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import CHROMIUM, FLAGS, start_app  # noqa: E402
from bench.serving import free_port as _free_port  # noqa: E402

SOURCES = Path(os.environ.get("REFORM_SOURCES", ROOT.parent / "shared" / "sources"))
PAGES = ["overview", "rankings", "map", "compare", "profile", "data", "methods"]
CHARTLESS = {"data", "methods"}  # timed to their first drawn table
CONCURRENT_PAGES = ("overview", "rankings")
# The address of each page: its name, except the overview, Streamlit's default page, served at the root (its name
# opens the root through one more run, streamlit_app.py)
ADDRESS = {name: "" if name == "overview" else name for name in PAGES}
REPEATS_SCRIPT = 20
SCRIPT_BUDGET_S = 0.150  # page script, warm rerun, median
BURST_BUDGET_S = 2.0  # server alone: p95 to the first chart message under the protocol burst
CPU_BUDGET_MS = 60  # server CPU per page load under that burst
BEFORE = Path(__file__).resolve().parent / "before.json"  # raw numbers of the run before the change, for the table
REPEATS_BROWSER = 9
SESSIONS = 20
BURSTS = 2
VIEWPORT = {"width": 1400, "height": 1000}
TIMEOUT_MS = 120_000

# Records the first drawing call on a canvas inside a Vega-Lite chart ("chart") or a data grid ("table").
FIRST_DRAW_JS = """(() => {
  window.__draw = {};
  const kinds = [['chart', '[data-testid="stVegaLiteChart"]'], ['table', '[data-testid="stDataFrame"]']];
  const note = (canvas) => {
    if (!canvas || !canvas.isConnected) return;
    for (const [kind, sel] of kinds) {
      if (window.__draw[kind] === undefined && canvas.closest(sel)) window.__draw[kind] = performance.now();
    }
  };
  const P = CanvasRenderingContext2D.prototype;
  for (const m of ['fill', 'stroke', 'fillText', 'drawImage']) {
    const orig = P[m];
    P[m] = function (...args) {
      if (window.__draw.chart === undefined || window.__draw.table === undefined) note(this.canvas);
      return orig.apply(this, args);
    };
  }
})();"""
# For the timeline of one load: when the websocket opened and when each message arrived.
WEBSOCKET_JS = """(() => {
  window.__ws = {open: null, messages: []};
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    ws.addEventListener('open', () => { window.__ws.open = performance.now(); });
    ws.addEventListener('message', () => { window.__ws.messages.push(performance.now()); });
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();"""
TIMELINE_JS = r"""(kind) => {
  const drawn = window.__draw[kind];
  const chunk = kind === 'chart' ? /\/embed\.[^/]*\.js$/ : /\/DataFrame\.[^/]*\.js$/;
  const res = performance.getEntriesByType('resource');
  const entry = res.find(e => chunk.test(e.name));
  const before = window.__ws.messages.filter(t => t <= drawn);
  return {dom_ready: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
          ws_open: window.__ws.open, first_message: window.__ws.messages[0] ?? null,
          last_message_before_draw: before.length ? before[before.length - 1] : null,
          messages_before_draw: before.length, renderer_chunk_loaded: entry ? entry.responseEnd : null,
          first_draw: drawn,
          chunks_before_draw: res.filter(e => e.responseEnd <= drawn && /\.js$/.test(e.name)).length};
}"""
# An SVG renderer (not Streamlit's default) would not call the canvas API: count an SVG with marks as drawn.
SVG_FALLBACK_JS = """() => { if (window.__draw.chart === undefined && [...document.querySelectorAll(
  '[data-testid="stVegaLiteChart"] svg')].some(s => s.querySelectorAll('path, rect, text').length > 5))
  window.__draw.chart = performance.now(); return window.__draw[KIND] !== undefined; }"""
ERRORS_JS = """() => document.querySelectorAll("[data-testid='stException'], [data-testid='stAlertContentError']")
  .length"""


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


# --- build ---


def bench_build() -> dict:
    """`python -m loaders build` cold (empty data folder, fresh process), then with unchanged sources."""
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "loaders", "--sources", str(SOURCES), "--data", tmp, "build"]
        for label in ("cold_s", "unchanged_s"):
            t = time.perf_counter()
            r = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
            out[label] = time.perf_counter() - t
            m = re.search(r"Built in .*", r.stdout)
            if m:
                out["breakdown"] = m.group(0)
    return out


# --- page scripts and payload (AppTest: the same delta the server sends) ---


def _apptest(page: str, params: dict | None = None):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.switch_page(f"pages/{page}.py")
    return at


def bench_scripts() -> dict:
    """Server time of router + page script with warm caches: median of REPEATS_SCRIPT reruns of the default view."""
    out = {}
    for name in PAGES:
        at = _apptest(name)
        at.run()  # warm the caches
        times = []
        for _ in range(REPEATS_SCRIPT):
            t = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].message}")
        charts = len(at.get("vega_lite_chart"))
        if name not in CHARTLESS and not charts:
            raise RuntimeError(f"{name}: no chart in the default view, the timing would not mean anything")
        out[name] = {"median_s": statistics.median(times), "min_s": min(times), "max_s": max(times), "charts": charts}
    return out


def bench_payload() -> dict:
    """Bytes of each map chart message as Streamlit sends it (spec JSON + Arrow datasets), 63 and 34 views."""
    out = {}
    for view, params in (("63", {}), ("34", {"vintage": "34"})):
        at = _apptest("map", params)
        at.run()
        if at.exception:
            raise RuntimeError(f"map {view}: {at.exception[0].message}")
        for i, el in enumerate(at.get("vega_lite_chart")):
            p = el.proto
            key = el.key or ("merger" if i else f"map{view}")
            out[key] = {
                "spec_kb": len(p.spec.encode()) / 1024,
                "datasets_kb": (len(p.data.data) + sum(len(d.data.data) for d in p.datasets)) / 1024,
                "message_kb": len(p.SerializeToString()) / 1024,
            }
    from dashboard.data import DATA_DIR

    out["files_kb"] = {f.name: f.stat().st_size / 1024 for f in sorted(DATA_DIR.glob("*.geojson"))}
    return out


# --- the servers and their memory ---


def start_bare(port: int) -> subprocess.Popen:
    """The baseline: bench/bare_app.py on its own server (Streamlit's default settings)."""
    return start_app(port, script=ROOT / "bench" / "bare_app.py", cwd=ROOT / "bench")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += children.get(p, [])
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


class RssSampler:
    """Samples the server tree's RSS every 100 ms in a thread; `peak` since the last reset."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss_mb(self.pid))
            time.sleep(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def reset(self) -> None:
        self.peak = tree_rss_mb(self.pid)


class ForeignCpu:
    """CPU time used by processes outside this benchmark's process tree (other work on the machine), sampled 1/s."""

    def __init__(self):
        self.seconds, self.t0, self._stop = 0.0, time.perf_counter(), threading.Event()
        self._last: dict[int, int] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    @staticmethod
    def _table() -> dict[int, tuple[int, int]]:
        out = {}
        for d in Path("/proc").iterdir():
            if d.name.isdigit():
                try:
                    f = (d / "stat").read_text().rsplit(")", 1)[1].split()
                    out[int(d.name)] = (int(f[1]), int(f[11]) + int(f[12]))  # ppid, utime + stime
                except (OSError, IndexError, ValueError):
                    continue
        return out

    def _sample(self) -> None:
        table = self._table()
        ours, todo = set(), [os.getpid()]
        children: dict[int, list[int]] = {}
        for pid, (ppid, _) in table.items():
            children.setdefault(ppid, []).append(pid)
        while todo:
            p = todo.pop()
            ours.add(p)
            todo += children.get(p, [])
        for pid, (_, ticks) in table.items():
            if pid not in ours and pid in self._last:
                self.seconds += max(0, ticks - self._last[pid]) / self._tick
        self._last = {pid: ticks for pid, (_, ticks) in table.items()}

    def _run(self):
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(1.0)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def summary(self) -> str:
        wall = time.perf_counter() - self.t0
        return (
            f"other processes on the machine used {self.seconds:.0f} CPU-seconds during the {wall:.0f} s run "
            f"({self.seconds / wall:.2f} cores on average)"
        )


# --- the browser ---


async def load(page, url: str, kind: str) -> float:
    """Navigate and return seconds from navigation start to the first drawn chart (or table)."""
    await page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    await page.wait_for_function(SVG_FALLBACK_JS.replace("KIND", repr(kind)), timeout=TIMEOUT_MS, polling=100)
    return await page.evaluate(f"window.__draw[{kind!r}]") / 1000


async def settled_errors(page) -> int:
    """Wait until the script run has finished (no running indicator for a while); the number of error elements."""
    stable = 0
    for _ in range(400):
        running = await page.locator("[data-testid='stStatusWidget']").count()
        stable = stable + 1 if not running else 0
        if stable >= 3:
            break
        await page.wait_for_timeout(300)
    return await page.evaluate(ERRORS_JS)


async def new_page(browser):
    ctx = await browser.new_context(viewport=VIEWPORT)
    await ctx.add_init_script(FIRST_DRAW_JS)
    return ctx, await ctx.new_page()


async def one_load(browser, url: str, kind: str) -> float:
    ctx, page = await new_page(browser)
    try:
        return await load(page, url, kind)
    finally:
        await ctx.close()


async def timeline(browser, url: str, kind: str) -> dict:
    """One load with the websocket and resource timings: where the time to the first drawing goes (ms)."""
    ctx = await browser.new_context(viewport=VIEWPORT)
    try:
        await ctx.add_init_script(FIRST_DRAW_JS)
        await ctx.add_init_script(WEBSOCKET_JS)
        page = await ctx.new_page()
        await load(page, url, kind)
        times = await page.evaluate(TIMELINE_JS, kind)
        return {k: (round(v) if isinstance(v, float) else v) for k, v in times.items()}
    finally:
        await ctx.close()


async def session(browser, base: str, names) -> tuple[list[float], list[str]]:
    """One browser session loading the pages one after the other: times, errors."""
    times, errors = [], []
    ctx, page = await new_page(browser)
    try:
        for name in names:
            try:
                times.append(await load(page, f"{base}/{ADDRESS[name]}", "chart"))
                n = await settled_errors(page)
                if n:
                    errors.append(f"{name}: {n} error element(s) on the page")
            except Exception as e:  # noqa: BLE001 — every failure is counted and reported
                errors.append(f"{name}: {type(e).__name__}: {str(e).splitlines()[0][:200]}")
    finally:
        await ctx.close()
    return times, errors


async def browser_phase(base_app: str, base_bare: str, rss: RssSampler) -> dict:
    from playwright.async_api import async_playwright

    kind = {name: "table" if name in CHARTLESS else "chart" for name in PAGES}
    res: dict = {"bare": [], "pages": {n: [] for n in PAGES}}
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        res["chromium"] = browser.version
        # One session stays connected throughout, as on a server in use (Streamlit drops its compiled page scripts
        # when the last session leaves, which every sequential load would otherwise pay for).
        keep_ctx, keep_page = await new_page(browser)
        await load(keep_page, f"{base_app}/methods", "table")
        for name in PAGES:  # warm the server (routing, caches) and the browser's HTTP cache
            await one_load(browser, f"{base_app}/{ADDRESS[name]}", kind[name])
        await one_load(browser, base_bare, "chart")
        for _ in range(REPEATS_BROWSER):  # interleaved rounds: bare, then every page
            res["bare"].append(await one_load(browser, base_bare, "chart"))
            for name in PAGES:
                res["pages"][name].append(await one_load(browser, f"{base_app}/{ADDRESS[name]}", kind[name]))
        res["timeline"] = {}
        for name, url, k in [("bare", base_bare, "chart"), *((n, f"{base_app}/{ADDRESS[n]}", kind[n]) for n in PAGES)]:
            loads = sorted([await timeline(browser, url, k) for _ in range(3)], key=lambda t: t["first_draw"])
            res["timeline"][name] = loads[1]  # the load with the median time to the drawing
        single = [t for n in CONCURRENT_PAGES for t in res["pages"][n]]
        res["single_median"] = statistics.median(single)
        res["rss_mb_before_bursts"] = tree_rss_mb(rss.pid)
        rss.reset()
        res["bursts"] = []
        for _ in range(BURSTS):
            t = time.perf_counter()
            out = await asyncio.gather(*(session(browser, base_app, CONCURRENT_PAGES) for _ in range(SESSIONS)))
            res["bursts"].append(
                {
                    "wall_s": time.perf_counter() - t,
                    "times": [x for ts, _ in out for x in ts],
                    "errors": [f"session {i}: {e}" for i, (_, es) in enumerate(out) for e in es],
                }
            )
        res["rss_mb_peak"] = rss.peak
        res["rss_mb_after"] = tree_rss_mb(rss.pid)
        await keep_ctx.close()
        # The same burst on the bare page: what 20 sessions cost this machine (browser included) without the app.
        t = time.perf_counter()
        out = await asyncio.gather(*(session(browser, base_bare, ("", "")) for _ in range(SESSIONS)))
        res["bare_burst"] = {
            "wall_s": time.perf_counter() - t,
            "times": [x for ts, _ in out for x in ts],
            "errors": [e for _, es in out for e in es],
        }
        await browser.close()
    return res


def bench_browser() -> dict:
    port_app, port_bare = _free_port(), _free_port()
    app = start_app(port_app)
    bare = start_bare(port_bare)
    try:
        res = {"rss_mb_idle": tree_rss_mb(app.pid)}
        with RssSampler(app.pid) as rss:
            res |= asyncio.run(browser_phase(f"http://127.0.0.1:{port_app}", f"http://127.0.0.1:{port_bare}", rss))
        return res
    finally:
        for proc in (app, bare):
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


# --- the server alone: the same burst from Streamlit protocol clients (no browser on the 2 cores) ---


async def protocol_load(port: int, page: str) -> tuple[float | None, float, int]:
    """Open a session the way the browser does and run one page: (s to the first chart message, s to the end of
    the run, error elements)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    t0 = time.perf_counter()
    url = f"ws://127.0.0.1:{port}/_stcore/stream"
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        msg = BackMsg()
        msg.rerun_script.page_name = ADDRESS[page]
        msg.rerun_script.context_info.url = f"http://127.0.0.1:{port}/{ADDRESS[page]}"
        await ws.send(msg.SerializeToString())
        first_chart, errors = None, 0
        while True:
            fm = ForwardMsg()
            fm.ParseFromString(await asyncio.wait_for(ws.recv(), TIMEOUT_MS / 1000))
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                element = fm.delta.new_element.WhichOneof("type")
                if element == "vega_lite_chart" and first_chart is None:
                    first_chart = time.perf_counter() - t0
                errors += element == "exception"
            if kind == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return first_chart, time.perf_counter() - t0, errors


def server_cpu_s(pid: int) -> float:
    """CPU time (user + system) used so far by a process."""
    f = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")


async def protocol_phase(port: int, pid: int, rss: RssSampler) -> dict:
    for name in PAGES:  # warm
        await protocol_load(port, name)
    keep = await protocol_load_keepalive(port)  # one idle session, as a real server has: scripts stay compiled
    single = [await protocol_load(port, n) for _ in range(REPEATS_BROWSER) for n in CONCURRENT_PAGES]

    async def one_session():
        return [await protocol_load(port, n) for n in CONCURRENT_PAGES]

    rss.reset()
    cpu0, t = server_cpu_s(pid), time.perf_counter()
    out = await asyncio.gather(*(one_session() for _ in range(SESSIONS)), return_exceptions=True)
    wall, cpu = time.perf_counter() - t, server_cpu_s(pid) - cpu0
    await keep.close()
    loads = [x for o in out if isinstance(o, list) for x in o]
    errors = [repr(o) for o in out if isinstance(o, BaseException)] + [f"{n} error elements" for *_, n in loads if n]
    return {
        "single_first_chart": [x[0] for x in single],
        "single_run": [x[1] for x in single],
        "burst_first_chart": [x[0] for x in loads],
        "burst_run": [x[1] for x in loads],
        "burst_wall_s": wall,
        "burst_server_cpu_s": cpu,
        "errors": errors,
        "rss_mb_peak": rss.peak,
    }


async def protocol_load_keepalive(port: int):
    """A connected session that stays open (Streamlit drops its compiled scripts when the last session leaves)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg

    ws = await websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None)
    msg = BackMsg()
    msg.rerun_script.page_name = "methods"
    await ws.send(msg.SerializeToString())
    return ws


def bench_server() -> dict:
    port = _free_port()
    app = start_app(port)
    try:
        with RssSampler(app.pid) as rss:
            return asyncio.run(protocol_phase(port, app.pid, rss))
    finally:
        app.terminate()
        try:
            app.wait(10)
        except subprocess.TimeoutExpired:
            app.kill()


# --- report ---


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = (
        int(
            next(
                line.split()[1]
                for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")
            )
        )
        / 1024
        / 1024
    )
    import streamlit

    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, Streamlit {streamlit.__version__}"
    )


def rows_for(b: dict, s: dict, pl: dict, br: dict, sv: dict) -> list[tuple]:
    rows = [
        (
            "build, cold (`python -m loaders build`, empty data folder)",
            f"{b['cold_s']:.2f} s",
            "< 30 s",
            b["cold_s"] < 30,
        ),
        ("rebuild, unchanged sources", f"{b['unchanged_s']:.2f} s", "< 3 s", b["unchanged_s"] < 3),
    ]
    for name, v in s.items():
        rows.append(
            (
                f"page script `{name}` (with router), warm, median of {REPEATS_SCRIPT}",
                f"{v['median_s'] * 1000:.0f} ms",
                "< 150 ms",
                v["median_s"] < SCRIPT_BUDGET_S,
            )
        )
    for key, v in pl.items():
        if key != "files_kb":
            rows.append(
                (
                    f"map chart message `{key}` (spec + data as sent)",
                    f"{v['message_kb']:.0f} KB",
                    "< 250 KB",
                    v["message_kb"] < 250,
                )
            )
    bare = statistics.median(br["bare"])
    rows.append(
        (f"bare Streamlit page + one Altair chart, median of {REPEATS_BROWSER}", f"{bare:.2f} s", "baseline", None)
    )
    for name, ts in br["pages"].items():
        v = statistics.median(ts)
        what = "first table" if name in CHARTLESS else "first chart"
        rows.append(
            (
                f"browser `{name}`: navigation → {what}, median of {REPEATS_BROWSER}",
                f"{v:.2f} s ({v / bare:.2f}×)",
                "≤ 1.5× baseline",
                v / bare <= 1.5,
            )
        )
    times = [t for burst in br["bursts"] for t in burst["times"]]
    errors = [e for burst in br["bursts"] for e in burst["errors"]]
    expected = BURSTS * SESSIONS * len(CONCURRENT_PAGES)
    rows.append(
        (
            f"{SESSIONS} concurrent sessions × {len(CONCURRENT_PAGES)} pages, {BURSTS} bursts: errors",
            f"{len(errors)} ({len(times)}/{expected} loads drew a chart)",
            "0",
            not errors and len(times) == expected,
        )
    )
    q = p95(times) if times else float("nan")
    single = br["single_median"]
    rows.append(
        (
            f"for reference: {SESSIONS} browser sessions on the same 2 cores: p95 time-to-chart",
            f"{q:.2f} s ({q / single:.2f}× single-session median {single:.2f} s)",
            "– (20 Chromiums and the server share the cores)",
            None,
        )
    )
    bare_times = br["bare_burst"]["times"]
    if bare_times:
        bq, bm = p95(bare_times), statistics.median(br["bare"])
        rows.append(
            (
                f"for reference: bare page, {SESSIONS} concurrent sessions × 2 loads: p95 time-to-chart",
                f"{bq:.2f} s ({bq / bm:.2f}× its single-session median {bm:.2f} s)",
                "–",
                None,
            )
        )
    firsts = [x for x in sv["burst_first_chart"] if x is not None]
    one = statistics.median([x for x in sv["single_first_chart"] if x is not None])
    loads = len(sv["burst_run"])
    cpu_ms = sv["burst_server_cpu_s"] / max(loads, 1) * 1000
    rows.append(
        (
            f"server alone, {SESSIONS} concurrent protocol sessions × {len(CONCURRENT_PAGES)} pages: p95 to the "
            f"first chart message ({len(sv['errors'])} errors)",
            f"{p95(firsts):.2f} s (single {one:.3f} s)",
            "≤ 2 s, no errors",
            p95(firsts) <= BURST_BUDGET_S and not sv["errors"],
        )
    )
    rows.append(("server CPU per page load during that burst", f"{cpu_ms:.0f} ms", "< 60 ms", cpu_ms < CPU_BUDGET_MS))
    estimate = single + p95(firsts) - one
    rows.append(
        (
            "estimate with the browsers on other machines: single-session browser median + server p95 delay",
            f"{estimate:.2f} s ({estimate / single:.2f}× single)",
            "– (an estimate, not the budget)",
            None,
        )
    )
    rows.append(
        (
            "server RSS (process tree), peak during the bursts",
            f"{br['rss_mb_peak']:.0f} MB",
            "< 600 MB",
            br["rss_mb_peak"] < 600,
        )
    )
    return rows


def timeline_table(br: dict) -> str:
    """Where the time of one load goes, per page (ms from navigation start)."""
    cols = [
        ("dom_ready", "page HTML + app JS ready"),
        ("ws_open", "websocket open"),
        ("first_message", "first message"),
        ("last_message_before_draw", "last message before the drawing"),
        ("renderer_chunk_loaded", "chart/table code loaded"),
        ("first_draw", "first chart/table drawn"),
    ]
    out = [
        "| page | " + " | ".join(c for _, c in cols) + " | messages / JS files before the drawing |",
        "|---|" + "---|" * (len(cols) + 1),
    ]
    for name, t in br.get("timeline", {}).items():
        cells = [str(t.get(k)) if t.get(k) is not None else "–" for k, _ in cols]
        out.append(
            f"| {name} | " + " | ".join(cells) + f" | {t.get('messages_before_draw')} / {t.get('chunks_before_draw')} |"
        )
    return "\n".join(out)


def main() -> int:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        print("chromium not found: run `make browser`")
        return 1
    load: dict[str, float] = {}  # the machine's 1-minute load average as each phase starts (2 cores: 2 = busy)
    with ForeignCpu() as foreign:
        print("build …", flush=True)
        load["build"] = os.getloadavg()[0]
        b = bench_build()
        print("page scripts …", flush=True)
        load["page scripts"] = os.getloadavg()[0]
        s = bench_scripts()
        print("map payload …", flush=True)
        load["map payload"] = os.getloadavg()[0]
        pl = bench_payload()
        print("browser …", flush=True)
        load["browser"] = os.getloadavg()[0]
        br = bench_browser()
        print("server alone …", flush=True)
        load["server alone"] = os.getloadavg()[0]
        sv = bench_server()
        print("through nginx, 1 and 2 processes …", flush=True)
        from bench import replicas

        rp = replicas.bench_replicas()
    rows = rows_for(b, s, pl, br, sv) + replicas.rows(rp)
    before = {}
    if BEFORE.exists():
        old = json.loads(BEFORE.read_text(encoding="utf-8"))
        try:
            before = {
                w: m
                for w, m, *_ in rows_for(old["build"], old["scripts"], old["payload"], old["browser"], old["server"])
            }
        except (KeyError, TypeError, ValueError, statistics.StatisticsError):
            before = {}
    table = ["| what | before | after | budget | met |", "|---|---|---|---|---|"]
    table += [
        f"| {w} | {before.get(w, '–')} | {m} | {bud} | {'–' if ok is None else 'yes' if ok else '**no**'} |"
        for w, m, bud, ok in rows
    ]
    text = "\n".join(table)
    print(text)
    print(foreign.summary())
    load_line = "Load average (1 min) as each phase started: " + ", ".join(f"{k} {v:.1f}" for k, v in load.items())
    print(load_line)
    errors = [e for burst in br["bursts"] for e in burst["errors"]]
    (ROOT / "bench" / "RESULTS.md").write_text(
        "# Benchmark results (last run)\n\n"
        f"Machine: {machine()}; Chromium {br.get('chromium', '?')} (headless, driven by Playwright); "
        f"{foreign.summary()}. {load_line}.\n\n"
        f"Run with `make bench` on {time.strftime('%Y-%m-%d %H:%M')}; the script starts and stops the app and the "
        "baseline app itself. How each number is measured: see the docstring of bench/run.py. The before column is "
        "the previous version's run (bench/before.json), measured on the same machine at another time.\n\n"
        + text
        + "\n\n"
        + "Where the time goes: of 3 loads of each page, the one with the median time to the drawing (ms from "
        "navigation start; the chart code is Streamlit's "
        "vega-embed chunk, the table code its data grid chunk):\n\n"
        + timeline_table(br)
        + "\n\n"
        + ("Errors in the concurrent run:\n" + "\n".join(f"- {e}" for e in errors) + "\n\n" if errors else "")
        + "Raw numbers (seconds unless named):\n\n```json\n"
        + json.dumps(
            {"build": b, "scripts": s, "payload": pl, "browser": br, "server": sv, "nginx": rp, "load": load},
            indent=1,
            default=str,
        )
        + "\n```\n",
        encoding="utf-8",
    )
    return 0 if all(ok is not False for *_, ok in rows) else 2


if __name__ == "__main__":
    sys.exit(main())
