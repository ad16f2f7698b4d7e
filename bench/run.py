"""Benchmarks with budgets: build, page script time, browser time-to-chart, map payload, 20 concurrent sessions, RSS.

`make bench` runs it; it starts (and stops) the app itself, prints a table and writes bench/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import platform
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

from tests.browser.conftest import CHROMIUM, FLAGS, _free_port  # noqa: E402

SOURCES = ROOT.parent / "shared" / "sources"
PAGES = ["overview", "rankings", "map", "compare", "profile", "data", "methods"]
REPEATS_SCRIPT = 20
REPEATS_BROWSER = 7
SESSIONS = 20


def p95(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def bench_build() -> dict:
    """Cold build into a fresh folder, then a rebuild with unchanged sources."""
    from loaders.build import build

    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        build(SOURCES, Path(tmp), log=lambda *_: None)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        build(SOURCES, Path(tmp), log=lambda *_: None)
        warm = time.perf_counter() - t
    cmd = [sys.executable, "-m", "loaders", "--sources", str(SOURCES), "--data", "", "build"]
    with tempfile.TemporaryDirectory() as tmp:
        cmd[cmd.index("--data") + 1] = tmp
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        cli_cold = time.perf_counter() - t
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        cli_warm = time.perf_counter() - t
    return {"build_cold_s": cold, "build_unchanged_s": warm, "cli_cold_s": cli_cold, "cli_unchanged_s": cli_warm}


def bench_scripts() -> dict:
    """Server time of each page's script with a warm cache: median of REPEATS_SCRIPT AppTest runs."""
    from streamlit.testing.v1 import AppTest

    out = {}
    for name in PAGES:
        at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
        at.switch_page(f"pages/{name}.py")
        at.run()  # warm the caches
        times = []
        for _ in range(REPEATS_SCRIPT):
            t = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].message}")
        out[name] = statistics.median(times)
    return out


def start(script: Path, port: int) -> subprocess.Popen:
    from tests.browser.conftest import start_app

    if script.name == "streamlit_app.py":
        return start_app(port)
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), "--server.address",
         "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    import urllib.request

    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            return proc
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("baseline app did not start")


CHART_JS = """() => [...document.querySelectorAll('.vega-embed')].some(e => {
    const svg = e.querySelector('svg'); if (svg) return svg.querySelectorAll('path, rect, circle, text').length > 5;
    const c = e.querySelector('canvas'); return c && c.width > 50; })"""


def time_to_chart(browser, url: str, needs_chart: bool = True) -> float:
    """Seconds from navigation start until a chart is drawn (or the main block renders, for chartless pages)."""
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = ctx.new_page()
    t = time.perf_counter()
    page.goto(url)
    if needs_chart:
        page.wait_for_function(CHART_JS, timeout=60000, polling=50)
    else:
        page.wait_for_selector("h1", timeout=60000)
    dt = time.perf_counter() - t
    ctx.close()
    return dt


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def bench_browser() -> dict:
    from playwright.sync_api import sync_playwright

    res = {}
    port_app, port_bare = _free_port(), _free_port()
    app = start(ROOT / "streamlit_app.py", port_app)
    bare = start(ROOT / "bench" / "bare_app.py", port_bare)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            base_app, base_bare = f"http://127.0.0.1:{port_app}", f"http://127.0.0.1:{port_bare}"
            for name in PAGES:  # warm server caches
                time_to_chart(browser, f"{base_app}/{name}", needs_chart=name not in ("data", "methods"))
            time_to_chart(browser, base_bare)
            bare_times = [time_to_chart(browser, base_bare) for _ in range(REPEATS_BROWSER)]
            res["bare"] = statistics.median(bare_times)
            res["pages"] = {}
            for name in PAGES:
                ts = [time_to_chart(browser, f"{base_app}/{name}", needs_chart=name not in ("data", "methods"))
                      for _ in range(REPEATS_BROWSER)]
                res["pages"][name] = statistics.median(ts)
            single = [time_to_chart(browser, f"{base_app}/overview") for _ in range(REPEATS_BROWSER)]
            res["single_median"] = statistics.median(single)
            browser.close()
        res.update(bench_concurrent(port_app))
        res["rss_mb_after"] = rss_mb(app.pid)
    finally:
        for proc in (app, bare):
            proc.terminate()
            proc.wait(10)
    return res


def bench_concurrent(port: int) -> dict:
    """SESSIONS browser sessions at once, each loading two pages (overview then rankings)."""
    from playwright.sync_api import sync_playwright

    times, errors, peak = [], [], [0.0]
    app_pid = int(subprocess.run(["pgrep", "-f", f"--server.port {port}"], capture_output=True, text=True)
                  .stdout.split()[0])
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_mb(app_pid))
            time.sleep(0.2)

    def session(i: int):
        try:
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
                for name in ("overview", "rankings"):
                    times.append(time_to_chart(b, f"http://127.0.0.1:{port}/{name}"))
                b.close()
        except Exception as e:  # noqa: BLE001 — every failure is counted and reported
            errors.append(f"session {i}: {e}")

    sampler = threading.Thread(target=sample)
    sampler.start()
    threads = [threading.Thread(target=session, args=(i,)) for i in range(SESSIONS)]
    t = time.perf_counter()
    for th in threads:
        th.start()
    for th in threads:
        th.join(300)
    wall = time.perf_counter() - t
    stop.set()
    sampler.join()
    return {"concurrent_p95": p95(times) if times else float("nan"), "concurrent_median": statistics.median(times)
            if times else float("nan"), "concurrent_errors": errors, "concurrent_wall_s": wall,
            "rss_mb_peak": peak[0], "concurrent_loads": len(times)}


def payloads() -> dict:
    cur = ROOT / "data" / "current"
    return {v: (cur / f"provinces_{v}.geojson").stat().st_size / 1024 if (cur / f"provinces_{v}.geojson").exists()
            else float("nan") for v in (63, 34)}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))) / 1024 / 1024
    return f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, {platform.system()}"


def main() -> int:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        print("chromium not found: run `make browser`")
        return 1
    print("build …", flush=True)
    b = bench_build()
    print("page scripts …", flush=True)
    s = bench_scripts()
    print("browser …", flush=True)
    br = bench_browser()
    pl = payloads()
    rows = [
        ("build, cold (in-process)", f"{b['build_cold_s']:.2f} s", "< 30 s", b["build_cold_s"] < 30),
        ("build, cold (`python -m loaders build`)", f"{b['cli_cold_s']:.2f} s", "< 30 s", b["cli_cold_s"] < 30),
        ("rebuild, unchanged sources (CLI)", f"{b['cli_unchanged_s']:.2f} s", "< 3 s", b["cli_unchanged_s"] < 3),
    ]
    for name, v in s.items():
        rows.append((f"page script `{name}`, warm, median of {REPEATS_SCRIPT}", f"{v * 1000:.0f} ms", "< 300 ms",
                     v < 0.3))
    rows.append(("bare Streamlit page + one Altair chart, median", f"{br['bare']:.2f} s", "baseline", True))
    for name, v in br["pages"].items():
        ratio = v / br["bare"]
        rows.append((f"browser `{name}`: navigation → first chart, median of {REPEATS_BROWSER}",
                     f"{v:.2f} s ({ratio:.2f}×)", "≤ 1.5× baseline", ratio <= 1.5))
    for v, kb in pl.items():
        rows.append((f"map GeoJSON, {v} provinces", f"{kb:.0f} KB", "< 250 KB", kb < 250))
    ratio = br["concurrent_p95"] / br["single_median"]
    rows.append((f"{SESSIONS} concurrent sessions × 2 pages: errors", str(len(br["concurrent_errors"])), "0",
                 not br["concurrent_errors"]))
    rows.append((f"{SESSIONS} concurrent sessions: p95 time-to-chart", f"{br['concurrent_p95']:.2f} s ({ratio:.2f}× "
                 f"single median {br['single_median']:.2f} s)", "< 3× single", ratio < 3))
    rows.append(("server RSS, peak during the concurrent run", f"{br['rss_mb_peak']:.0f} MB", "< 600 MB",
                 br["rss_mb_peak"] < 600))
    table = ["| what | measured | budget | met |", "|---|---|---|---|"]
    table += [f"| {w} | {m} | {bud} | {'yes' if ok else '**no**'} |" for w, m, bud, ok in rows]
    text = "\n".join(table)
    print(text)
    (ROOT / "bench" / "RESULTS.md").write_text(
        "# Benchmark results (last run)\n\n"
        f"Machine: {machine()}.\n\nRun with `make bench` ({time.strftime('%Y-%m-%d')}); the app is started and stopped "
        "by the script. Browser timings use headless Chromium (Debian) driven by Playwright.\n\n" + text + "\n\n"
        + ("Errors in the concurrent run:\n" + "\n".join(f"- {e}" for e in br["concurrent_errors"]) + "\n"
           if br["concurrent_errors"] else "")
        + "\nRaw numbers:\n\n```json\n" + json.dumps({"build": b, "scripts": s, "browser": br, "payload_kb": pl},
                                                    indent=1, default=str) + "\n```\n",
        encoding="utf-8",
    )
    return 0 if all(ok for *_, ok in rows) else 2


if __name__ == "__main__":
    sys.exit(main())
