"""A Streamlit session without a browser: Streamlit's own websocket protocol, timed.

Connects to /_stcore/stream, asks for one run of a page (BackMsg rerun_script with the page's URL path
and query string) and reads ForwardMsgs until the run's script_finished. Records the headline cards
(label, value) in the order they arrive: st.metric elements, and the overview's cards drawn as HTML
(tests/headline.py reads them from an html element), when the wanted number of them had arrived (the headline
figures), how many cards came before the first sidebar element, when the run finished, and every error
a viewer would see. Used by tests/test_replicas.py, tests/test_headline_first.py and bench/bench_load.py;
what a browser adds on top (JavaScript, drawing) is bench/bench_browser.py's.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests import headline

SIDEBAR = 1  # the sidebar's root container in a delta path (0 is the main area)


@dataclass
class PageRun:
    metrics: list[tuple[str, str]] = field(default_factory=list)
    t_figures: float | None = None  # seconds from connecting to the wanted number of metric cards
    t_finished: float | None = None  # seconds from connecting to script_finished
    cards_before_sidebar: int | None = None  # metric cards received before the first sidebar element
    errors: list[str] = field(default_factory=list)

    @property
    def values(self) -> list[str]:
        return [value for _, value in self.metrics]


def stream_url(base: str) -> str:
    return base.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"


async def run_page(
    base: str,
    page: str = "",
    query: str = "",
    cookie: str | None = None,
    want: int = 4,
    timeout: float = 120,
    hold: asyncio.Event | None = None,
    ran: Callable[[], None] | None = None,
) -> PageRun:
    """One fresh session, one run of page (URL path, "" = default page) on base (http://host:port).

    Never raises: failures go to PageRun.errors. cookie is sent as the proxy's sticky cookie. To measure
    a server with N sessions open: ran() is called once the run is over (or failed), and the session
    then stays open until hold is set."""
    out = PageRun()
    t0 = time.perf_counter()
    headers = {"Cookie": cookie} if cookie else None
    try:
        async with websockets.connect(
            stream_url(base),
            subprotocols=["streamlit"],
            max_size=None,
            additional_headers=headers,
            open_timeout=timeout,
        ) as ws:
            async with asyncio.timeout(timeout):
                msg = BackMsg()
                msg.rerun_script.page_name = page
                msg.rerun_script.query_string = query
                await ws.send(msg.SerializeToString())
                while out.t_finished is None:
                    _read(ForwardMsg.FromString(await ws.recv()), out, want, time.perf_counter() - t0)
            if ran is not None:
                ran()
                ran = None
            if hold is not None:
                await hold.wait()
    except TimeoutError:
        out.errors.append(f"no script_finished within {timeout:.0f} s")
    except (OSError, websockets.WebSocketException) as err:
        out.errors.append(f"connection: {err!r}")
    if ran is not None:
        ran()
    if out.t_finished is not None and len(out.metrics) < want:
        out.errors.append(f"{len(out.metrics)} metric cards, {want} wanted")
    return out


def _read(msg: ForwardMsg, out: PageRun, want: int, now: float) -> None:
    kind = msg.WhichOneof("type")
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        element = msg.delta.new_element
        if msg.metadata.delta_path[:1] == [SIDEBAR] and out.cards_before_sidebar is None:
            out.cards_before_sidebar = len(out.metrics)
        what = element.WhichOneof("type")
        if what == "metric":
            out.metrics.append((element.metric.label, element.metric.body))
        elif what == "html":  # the overview's cards, four in one element
            out.metrics += [(card.label, card.value) for card in headline.parse(element.html.body)]
        if want and len(out.metrics) >= want and out.t_figures is None:
            out.t_figures = now
        if what == "exception":
            out.errors.append(f"exception: {element.exception.type}: {element.exception.message}")
    elif kind == "page_not_found":
        out.errors.append("page not found")
    elif kind == "script_finished":
        if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # the script asked for a rerun: next run
            out.metrics.clear()
            out.cards_before_sidebar = None
            return
        out.t_finished = now
        if msg.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
            out.errors.append(f"script finished with status {msg.script_finished}")


def run_page_sync(base: str, page: str = "", query: str = "", **kwargs) -> PageRun:
    """run_page from plain code. In a thread of its own: the thread calling may already run an event loop
    (Playwright's sync API keeps one in the test process's main thread)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, run_page(base, page, query, **kwargs)).result()
