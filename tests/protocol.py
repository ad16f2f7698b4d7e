"""A Streamlit protocol client: opens a websocket session the way the browser does and runs pages in it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

TIMEOUT_S = 60


@dataclass
class Run:
    """What one page run sent back."""

    charts: int = 0
    errors: list[str] = field(default_factory=list)  # exception elements and error boxes
    texts: list[str] = field(default_factory=list)  # markdown bodies
    session_id: str = ""


def _rerun(page: str, base: str) -> bytes:
    msg = BackMsg()
    msg.rerun_script.page_name = page
    msg.rerun_script.context_info.url = f"{base}/{page}"
    return msg.SerializeToString()


def clear_cache_message() -> bytes:
    """The message the app menu's "Clear cache" sends."""
    msg = BackMsg()
    msg.clear_cache = True
    return msg.SerializeToString()


async def run_page(ws, page: str, base: str) -> Run:
    """Run one page in an open session until the script finishes."""
    await ws.send(_rerun(page, base))
    out = Run()
    while True:
        fm = ForwardMsg()
        fm.ParseFromString(await asyncio.wait_for(ws.recv(), TIMEOUT_S))
        kind = fm.WhichOneof("type")
        if kind == "new_session":
            out.session_id = fm.new_session.initialize.session_id or out.session_id
        if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            element = el.WhichOneof("type")
            out.charts += element == "vega_lite_chart"
            if element == "exception":
                out.errors.append(f"exception: {el.exception.message}")
            if element == "alert" and el.alert.format == el.alert.ERROR:
                out.errors.append(f"error: {el.alert.body}")
            if element == "markdown":
                out.texts.append(el.markdown.body)
        if kind == "script_finished" and fm.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            return out


def connect(host_port: str, headers: dict | None = None):
    """A websocket to a Streamlit server (or a proxy in front of one) at host:port."""
    url = f"ws://{host_port}/_stcore/stream"
    return websockets.connect(url, subprotocols=["streamlit"], max_size=None, additional_headers=headers)


async def load(host_port: str, page: str) -> Run:
    """A fresh session that runs one page."""
    async with connect(host_port) as ws:
        return await run_page(ws, page, f"http://{host_port}")


def run(coro):
    """Run a coroutine to its end in a thread of its own (the caller may already have an event loop, e.g.
    Playwright's in the same test process)."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def rss_mb(pid: int) -> float:
    """Resident memory of one process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
