"""Shared fixtures: databases built by the real build (bundled data or a hand-made mini dataset),
a running Streamlit server, and a Playwright browser on Debian's chromium."""

from __future__ import annotations

import functools
import gc
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher, profiles  # noqa: E402
from streamlit.components.v2 import manifest_scanner  # noqa: E402
from streamlit.runtime.scriptrunner import ScriptRunnerEvent  # noqa: E402
from streamlit.runtime.scriptrunner.script_cache import ScriptCache  # noqa: E402
from streamlit.testing.v1 import app_test, local_script_runner  # noqa: E402

from ntm.data import build, db  # noqa: E402
from ntm.loading import auth  # noqa: E402
from pages.ui import filters, nav  # noqa: E402
from tests import mini  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Tests never read or write a developer's import store (data/local) or users file.
os.environ.setdefault("NTM_STORE", tempfile.mkdtemp(prefix="ntm-test-store-"))
os.environ.setdefault("NTM_USERS", os.path.join(os.environ["NTM_STORE"], "users.json"))
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Passwords hashed at argon2's cheapest cost in tests (a verify reads the cost from the hash, so servers and
# command lines started by tests check them cheaply too); test_import checks the production cost once.
PRODUCTION_HASHER = auth._HASHER
auth._HASHER = PasswordHasher.from_parameters(profiles.CHEAPEST)
# The overview's pause on a session's first run lets a browser load st.html's code before the cards: AppTest has no
# browser.
filters.HTML_CODE_S = 0.0
# Every new AppTest scans the metadata of every installed package for Streamlit components (70 ms, ~180 times a
# run: 12 s); the installed packages do not change while the tests run, so the first scan's answer is kept.
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)
# Every new AppTest compiles app.py and each page it runs afresh (a new ScriptCache each; 4 s a suite): the tests
# share one, as the sessions of a real server do. No test changes a page's source.
_SCRIPTS = ScriptCache()
app_test.ScriptCache = local_script_runner.ScriptCache = lambda: _SCRIPTS


def _wait_for_the_run(runner, timeout: float = 3) -> None:
    """AppTest's wait for a script run, on the run's own SHUTDOWN event: its own wait wakes every millisecond to
    scan all the run's events, taking the interpreter from the script it waits for (6 % of the page tests' CPU).
    A run past its timeout is stopped and raises, as AppTest's does."""
    done = threading.Event()

    def on_event(sender, event, **kwargs) -> None:
        if event == ScriptRunnerEvent.SHUTDOWN:
            done.set()

    runner.on_event.connect(on_event, weak=False)
    try:
        if runner.script_stopped() or done.wait(timeout):
            return
    finally:
        runner.on_event.disconnect(on_event)
    runner.request_stop()
    runner.join()
    raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")


local_script_runner.require_widgets_deltas = _wait_for_the_run


def pytest_collection_finish(session) -> None:
    """Python's full garbage collections scan every object alive, and a test process keeps many (modules, caches,
    frames): the objects of start-up are set aside and collections run less often, which took the collector from
    7 % of a run to 2 %. Tests create no cycle that needs collecting early."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 100)


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory) -> Path:
    """The database built from the bundled data/ and the reference folder, in a temporary place.

    NTM_DB points the app (AppTest and servers started by tests) at it, so tests never touch data/.
    """
    path = tmp_path_factory.mktemp("bundled") / "ntm.duckdb"
    build.build(path)
    os.environ["NTM_DB"] = str(path)
    return path


@pytest.fixture(scope="session")
def bundled_con(bundled_db):
    con = db.connect(bundled_db)
    yield con
    con.close()


@pytest.fixture(scope="session")
def base_db(tmp_path_factory) -> Path:
    """The bundled data built without the import store, once per session: the base a test's own store is made
    over (tests.importing.make_store copies it, so no test changes it)."""
    path = tmp_path_factory.mktemp("base") / "ntm.duckdb"
    build.build(path, overlay=None)
    return path


@pytest.fixture(scope="session")
def mini_built(tmp_path_factory) -> Path:
    """The mini dataset of tests/mini.py built once by the real build (2 districts, 6 communes)."""
    folder = tmp_path_factory.mktemp("mini")
    ref, data = mini.write(folder)
    path = folder / "mini.duckdb"
    build.build(path, data, ref)
    return path


@pytest.fixture()
def mini_db(mini_built, tmp_path) -> Path:
    """A test's own copy of the built mini database (a test may change it or swap it)."""
    path = tmp_path / "mini.duckdb"
    shutil.copyfile(mini_built, path)
    return path


@pytest.fixture()
def mini_con(mini_db):
    con = db.connect(mini_db)
    yield con
    con.close()


def open_page(page: str | None = None, timeout: int = 60, **state):
    """AppTest of app.py with session state set (filters: period_id, districts, lang...), on page
    (e.g. "pages/map.py"; None = the default page), after one run. Callers check at.exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in state.items():
        at.session_state[key] = value
    if page:
        # switched to before a first run, AppTest runs the page script alone (not through app.py): the address
        # app.py would record is recorded here
        at.switch_page(page)
        at.session_state[nav.HERE] = nav.address(page)
    return at.run()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(env: dict[str, str]) -> tuple[str, subprocess.Popen]:
    """Start the dashboard as `make run` does (pages/ui/serve.py) on a free port with env added; returns
    (url, process) once healthy."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pages.ui.serve", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return url, proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("Streamlit did not become healthy within 60 s")


def stop_streamlit(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=15)


@pytest.fixture(scope="session")
def app_url(bundled_db, browser) -> str:
    """A Streamlit server on the bundled database; stopped at the end of the session. Asks for the browser
    first so that a missing chromium skips before a server starts."""
    url, proc = start_streamlit({"NTM_DB": str(bundled_db)})
    yield url
    stop_streamlit(proc)


@pytest.fixture(scope="session")
def browser():
    """Playwright driving Debian's chromium. Outside CI a missing chromium skips; in CI it fails."""
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        if IN_CI:
            pytest.fail(
                f"chromium not found at {CHROMIUM}: the test command must install it (apt-get install chromium)"
            )
        pytest.skip("chromium not installed (run `make test` to install it)")
    from playwright.sync_api import sync_playwright

    args = [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
    ]
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
        yield b
        b.close()


def offline_page(browser, width: int = 1400, height: int = 1000):
    """A fresh browser page of the given viewport that refuses every request not addressed to this machine
    (offline proof: the refused addresses are in page.blocked_requests). Close page.context after use."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    blocked: list[str] = []

    def guard(route):
        host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.blocked_requests = blocked
    return pg


@pytest.fixture()
def page(browser):
    """An offline page on a 1400 × 1000 screen."""
    pg = offline_page(browser)
    yield pg
    pg.context.close()


@pytest.fixture()
def projector(browser):
    """An offline page on a 1920 × 1080 projector."""
    pg = offline_page(browser, 1920, 1080)
    yield pg
    pg.context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives chromium is marked `browser`, so `make test-fast` can leave them out."""
    for item in items:
        if {"browser", "page", "app_url"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)
