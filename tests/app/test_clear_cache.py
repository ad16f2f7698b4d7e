"""A viewer's "clear cache" message (accepted by Streamlit from any websocket client) does not reset what every
session shares: the build's tables and maps are not read again, and the server's memory stays at its baseline."""

import pytest

from dashboard.data import DATA_DIR
from tests import protocol
from tests.browser.conftest import _free_port, start_app

pytestmark = [
    pytest.mark.slow,
    pytest.mark.xdist_group("server"),
    pytest.mark.skipif(not (DATA_DIR / "values.csv").exists(), reason="data/current not built"),
]
PAGES = ("rankings", "map", "profile")
CLEARS = 5
# One more copy of the build kept alive is ~20 MB (values.csv alone is 40,000 rows); allocator noise is a few MB.
MAX_GROWTH_MB = 30


async def _clear_and_reload(host_port: str, pid: int) -> tuple[float, float, list[str]]:
    keep = await protocol.connect(host_port).__aenter__()  # a session kept open, as on a server in use
    await protocol.run_page(keep, "methods", f"http://{host_port}")
    errors = []
    for _ in range(2):  # warm: every page's tables, maps and charts made once
        for page in PAGES:
            errors += (await protocol.load(host_port, page)).errors
    baseline = protocol.rss_mb(pid)
    for _ in range(CLEARS):
        async with protocol.connect(host_port) as ws:
            await ws.send(protocol.clear_cache_message())
            for page in PAGES:
                errors += (await protocol.run_page(ws, page, f"http://{host_port}")).errors
    after = protocol.rss_mb(pid)
    await keep.close()
    return baseline, after, errors


def test_clear_cache_from_a_client_does_not_reload_the_shared_build():
    port = _free_port()
    app = start_app(port)
    try:
        baseline, after, errors = protocol.run(_clear_and_reload(f"127.0.0.1:{port}", app.pid))
    finally:
        app.terminate()
        app.wait(10)
    assert not errors
    assert after - baseline < MAX_GROWTH_MB, f"RSS {baseline:.0f} MB → {after:.0f} MB after {CLEARS} cache clears"
