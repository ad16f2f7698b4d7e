"""Serve the app from N processes behind nginx: start them, keep them healthy, stop them together.

    python deploy/serve_replicas.py --replicas 4 --port 8501      (or: make serve-replicas N=4)

Each app process is `streamlit run streamlit_app.py` on 127.0.0.1:BASE_PORT+i, reading the same built data
(REFORM_DATA_DIR, default data/; the processes only read it, and pick up a new build when data/current moves).
nginx (Debian's package) listens on --port with sticky sessions (deploy/nginx.conf.template). Every few seconds
each process's /_stcore/health is checked; a process that exited or stopped answering is started again. The ports
and process ids are written to RUN_DIR/state.json. SIGTERM or Ctrl-C stops nginx and every app process.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
CHECK_EVERY_S = 2.0
FAILED_CHECKS_BEFORE_RESTART = 3
START_TIMEOUT_S = 90


def healthy(port: int, timeout: float = 2.0) -> bool:
    """True when the app process on this port answers its health check."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except OSError:
        return False


def nginx_config(listen: str, servers: list[str], run_dir: Path) -> str:
    """deploy/nginx.conf.template filled in."""
    lines = "\n".join(f"        server {s} max_fails=1 fail_timeout=5s;" for s in servers)
    text = TEMPLATE.read_text(encoding="utf-8")
    return text.replace("@SERVERS@", lines).replace("@LISTEN@", listen).replace("@RUN@", str(run_dir))


class Replica:
    """One app process on a fixed port."""

    def __init__(self, port: int, log_dir: Path):
        self.port, self.log_dir, self.proc, self.failed, self.starts = port, log_dir, None, 0, 0

    def start(self) -> None:
        log = open(self.log_dir / f"app-{self.port}.log", "ab")
        cmd = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.port", str(self.port),
               "--server.address", "127.0.0.1", "--server.headless", "true"]  # fmt: skip
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        self.failed, self.starts = 0, self.starts + 1

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()

    def check(self) -> bool:
        """False when the process exited or failed its health check several times in a row (then restart it)."""
        if self.proc is None or self.proc.poll() is not None:
            return False
        self.failed = 0 if healthy(self.port) else self.failed + 1
        return self.failed < FAILED_CHECKS_BEFORE_RESTART


def wait_healthy(replicas: list[Replica]) -> None:
    deadline = time.time() + START_TIMEOUT_S
    waiting = list(replicas)
    while waiting and time.time() < deadline:
        for r in list(waiting):
            if r.proc.poll() is not None:
                raise SystemExit(f"app process on port {r.port} exited; see {r.log_dir / f'app-{r.port}.log'}")
            if healthy(r.port):
                waiting.remove(r)
        time.sleep(0.3)
    if waiting:
        raise SystemExit(
            f"app processes on ports {[r.port for r in waiting]} did not answer within {START_TIMEOUT_S} s"
        )


def write_state(run_dir: Path, nginx: subprocess.Popen, replicas: list[Replica], port: int) -> None:
    state = {
        "port": port,
        "nginx": nginx.pid,
        "replicas": [{"port": r.port, "pid": r.proc.pid, "starts": r.starts} for r in replicas],
    }
    tmp = run_dir / "state.json.tmp"
    tmp.write_text(json.dumps(state, indent=1), encoding="utf-8")
    os.replace(tmp, run_dir / "state.json")


def prepare_run_dir(run_dir: Path) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / sub).mkdir(exist_ok=True)
        if os.geteuid() == 0:
            os.chmod(run_dir / sub, 0o777)  # nginx's workers run as nobody when started by root


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--replicas", type=int, default=2, help="number of app processes (about one per core)")
    ap.add_argument("--port", type=int, default=8501, help="port nginx listens on")
    ap.add_argument("--host", default="127.0.0.1", help="address nginx listens on (0.0.0.0 for every interface)")
    ap.add_argument("--base-port", type=int, default=8601, help="first app process port (then +1, +2, …)")
    ap.add_argument("--run-dir", type=Path, default=ROOT / ".run" / "replicas", help="nginx config, logs, state")
    ap.add_argument("--nginx", default=shutil.which("nginx") or "/usr/sbin/nginx", help="nginx binary")
    a = ap.parse_args(argv)
    if not Path(a.nginx).exists():
        print(f"nginx not found at {a.nginx}: apt-get install nginx-light (Debian's package)", file=sys.stderr)
        return 1
    run_dir = a.run_dir.resolve()
    prepare_run_dir(run_dir)
    replicas = [Replica(a.base_port + i, run_dir) for i in range(a.replicas)]
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    signal.signal(signal.SIGINT, lambda *_: stopping.append(1))
    nginx = None
    try:
        for r in replicas:
            r.start()
        wait_healthy(replicas)
        conf = run_dir / "nginx.conf"
        conf.write_text(nginx_config(f"{a.host}:{a.port}", [f"127.0.0.1:{r.port}" for r in replicas], run_dir))
        nginx = subprocess.Popen([a.nginx, "-p", str(run_dir), "-e", str(run_dir / "error.log"), "-c", str(conf)])
        write_state(run_dir, nginx, replicas, a.port)
        print(f"serving on http://{a.host}:{a.port} from {len(replicas)} app processes ({run_dir}/state.json)")
        while not stopping:
            time.sleep(CHECK_EVERY_S)
            if nginx.poll() is not None:
                print(f"nginx exited (rc {nginx.returncode}); see {run_dir / 'error.log'}", file=sys.stderr)
                return 1
            for r in replicas:
                if not stopping and not r.check():
                    print(f"app process on port {r.port} is down: starting it again", file=sys.stderr)
                    r.stop()
                    r.start()
                    write_state(run_dir, nginx, replicas, a.port)
        return 0
    finally:
        if nginx is not None and nginx.poll() is None:
            nginx.send_signal(signal.SIGQUIT)  # graceful: finish open requests
            try:
                nginx.wait(10)
            except subprocess.TimeoutExpired:
                nginx.kill()
        for r in replicas:
            r.stop()


if __name__ == "__main__":
    sys.exit(main())
