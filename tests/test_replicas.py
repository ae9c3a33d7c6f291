"""Two Streamlit replicas behind nginx (`python -m ntm serve`), one published database.

Both replicas, asked directly and through the proxy, serve the figures the measures compute; the proxy
keeps a browser on one replica and spreads browsers over both; an import publishes a new database that
both serve without a restart, and sessions run while the import swaps the file see the old figures or
the new ones, never an error. Starts servers and nginx: marked `browser`, left out of `make test-fast`.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from ntm.cli import serve
from ntm.data import db
from ntm.loading import auth, importer
from ntm.measures import metrics
from tests.importing import make_store, xlsx
from tests.st_session import run_page_sync

pytestmark = pytest.mark.browser
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
EDITOR = auth.User("tinh", None)
HEAD = ["Kỳ báo cáo", "Mã xã", "Tên xã", "Tiêu chí", "Kết quả"]


@pytest.fixture(scope="module")
def nginx() -> str:
    """Outside CI a missing nginx skips; in CI it fails (the test command installs nginx-light)."""
    found = serve.find_nginx()
    if found is None:
        if IN_CI:
            pytest.fail("nginx not found: the test command must install it (apt-get install nginx-light)")
        pytest.skip("nginx not installed (run `make test` to install nginx-light)")
    return found


@pytest.fixture()
def store(tmp_path, bundled_db):
    return make_store(tmp_path, bundled_db)


@pytest.fixture()
def cluster(tmp_path, store, nginx):
    env = {"NTM_DB": str(store.db), "NTM_STORE": str(store.root), "NTM_USERS": str(store.root / "users.json")}
    with serve.Cluster(2, serve.free_port(), run_dir=tmp_path / "run", env=env, nginx=nginx) as c:
        yield c


def headline(url: str, period: str, cookie: str | None = None) -> list[str]:
    run = run_page_sync(url, "", f"period={period}", cookie=cookie, timeout=90)
    assert run.errors == [], (url, run.errors)
    return run.values


def recognised_commune(path: Path, period: str) -> str:
    """Code of a commune of period with every criterion met (as many rows met as the period has criteria)."""
    con = db.connect(path)
    try:
        return db.query(
            con,
            """
            WITH s AS (SELECT unit_id, count(*) AS n, bool_and(met) AS all_met FROM commune_status
                       WHERE period_id = $p GROUP BY unit_id)
            SELECT u.unit_code FROM s JOIN units u USING (unit_id) JOIN period_units pu USING (unit_id)
            WHERE pu.period_id = $p AND s.all_met AND s.n = (SELECT max(n) FROM s) ORDER BY 1 LIMIT 1""",
            {"p": period},
        )["unit_code"].iloc[0]
    finally:
        con.close()


def upstreams_by_key(access_log: Path) -> dict[str, set[str]]:
    """{sticky key: replicas that served its websocket sessions} from nginx's access log."""
    out: dict[str, set[str]] = {}
    for line in access_log.read_text(encoding="utf-8").splitlines():
        found = re.search(r'"GET /_stcore/stream [^"]*" 101 .* upstream=(\S+) key=(\S+)', line)
        if found:
            out.setdefault(found[2], set()).add(found[1])
    return out


def test_two_replicas_serve_one_snapshot_and_pick_up_an_import(cluster, store):
    con = db.connect(store.db)
    period = metrics.default_period(metrics.periods(con))
    before = metrics.summary(con, metrics.Scope(period))
    con.close()
    old_first = f"{before.recognised}/{before.base}"

    # the same figures from each replica and through the proxy, as the measures compute them
    direct = [headline(url, period) for url in cluster.replica_urls]
    assert direct[0][0] == old_first and direct[1] == direct[0]
    # through the proxy: each browser (cookie) stays on one replica, and browsers land on both
    keys = [f"browser-{i}" for i in range(16)]
    for key in keys + keys:
        assert headline(cluster.url, period, cookie=f"{serve.COOKIE}={key}") == direct[0]
    deadline = time.time() + 10  # nginx logs a websocket when it closes
    while len(served := upstreams_by_key(cluster.run_dir / "access.log")) < len(keys) and time.time() < deadline:
        time.sleep(0.1)
    assert all(len(served[k]) == 1 for k in keys), served
    replicas = {f"127.0.0.1:{p}" for p in cluster.replica_ports}
    assert set().union(*(served[k] for k in keys)) == replicas

    # an import takes one recognised commune's criterion 1 away: one commune fewer recognised
    code = recognised_commune(store.db, period)
    pids = [p.pid for p in cluster.replicas]
    result = importer.preview(xlsx([HEAD, [period, code, "", 1, "Chưa đạt"]]), "mot_xa.xlsx", store, EDITOR)
    assert result.ok, result.report()
    seen: list[tuple[str, list[str]]] = []
    done = threading.Event()

    failed: list[BaseException] = []

    def commit() -> None:
        try:
            importer.commit(result, EDITOR, store)
        except BaseException as err:  # noqa: BLE001 (handed to the test's thread)
            failed.append(err)
        finally:
            done.set()

    def both_show_new() -> bool:
        return done.is_set() and len(seen) >= 2 and all(v == [new_first] for _, v in seen[-2:])

    new_first = f"{before.recognised - 1}/{before.base}"
    writer = threading.Thread(target=commit)
    writer.start()
    deadline = time.time() + 120
    # sessions on both replicas while the import builds and swaps the file, until both show the new figure
    while time.time() < deadline and len(seen) < 400 and not both_show_new() and not failed:
        for url in cluster.replica_urls:
            run = run_page_sync(url, "", f"period={period}", timeout=90)
            seen.append((url, run.errors or run.values[:1]))
    writer.join(timeout=120)
    assert failed == []
    assert all(v in ([old_first], [new_first]) for _, v in seen), seen  # never an error, never half a file
    for url in cluster.replica_urls:  # once a replica shows the new snapshot it never goes back
        shown = [v[0] for u, v in seen if u == url]
        assert shown[-1] == new_first and old_first not in shown[shown.index(new_first) :], shown

    after = [headline(url, period) for url in cluster.replica_urls]
    assert after[0][0] == new_first and after[1] == after[0]
    assert headline(cluster.url, period, cookie=f"{serve.COOKIE}=browser-0") == after[0]
    assert [p.pid for p in cluster.replicas] == pids and all(p.poll() is None for p in cluster.replicas)


def test_serve_command_starts_the_proxy_and_stops_everything_on_sigterm(tmp_path, store, nginx):
    port, run_dir = serve.free_port(), tmp_path / "run"
    env = {**os.environ, "NTM_DB": str(store.db), "NTM_STORE": str(store.root), "PYTHONPATH": str(serve.config.ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ntm",
            "serve",
            "--replicas",
            "2",
            "--port",
            str(port),
            "--host",
            "127.0.0.1",
            "--run-dir",
            str(run_dir),
        ],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = ""
        while "Bảng theo dõi" not in ready and proc.poll() is None:  # the launcher's own limits end a failed start
            ready = proc.stdout.readline()
        assert f"Bảng theo dõi: http://127.0.0.1:{port}" in ready, proc.stderr.read()
        serve.wait_healthy(f"http://127.0.0.1:{port}", proc, timeout=10)
        nginx_pid = int((run_dir / "nginx.pid").read_text())
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
    ports = [int(p) for p in re.findall(r"(\d+)", ready.split("cổng", 1)[1].split(";")[0])]
    assert len(ports) == 2 and proc.returncode == 128 + signal.SIGTERM
    for p in [port, *ports]:  # nginx and both replicas are gone
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", p), timeout=2).close()
    assert not Path(f"/proc/{nginx_pid}").exists()
