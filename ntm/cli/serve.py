"""python -m ntm serve --replicas N --port P: N Streamlit processes behind nginx, on one machine.

Why more than one process: a Streamlit server runs every session's script in one Python process, so
it uses about one core however many viewers there are; N replicas use N cores.

Why sticky sessions: a session's state lives in the replica that ran it, and the browser reaches it
through a websocket plus a few HTTP requests (downloads, uploads, media). nginx therefore sends every
request of one browser to the same replica: the first response sets a random cookie and the cookie is
hashed (``hash ... consistent``); a browser that refuses cookies is hashed by its address. Every
replica gets the same cookie secret, so a browser moved to another replica (one died) still works.

Why it is safe to share one database file: builds and imports write a new file next to it and swap it
in with os.replace, so a replica opens the old file or the new one, never half of one, and the pages
key their caches by the file's version, so they show a new snapshot on their next run without a
restart. The replicas run with NTM_READ_ONLY=1 and never rebuild the file themselves: the launcher
builds it once if missing or stale, then only builds and imports publish.

nginx runs in the foreground as the launcher's child with its configuration, pid, logs and temporary
files in the run folder (default data/local/run, ignored by git), so it needs no system paths and
no root. Ctrl-C or SIGTERM stops nginx and every replica.
"""

from __future__ import annotations

import argparse
import os
import pwd
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from ntm.data import build, config
from ntm.data.overlay import store_dir

APP = config.ROOT / "app.py"
DEFAULT_RUN_DIR = config.DATA_DIR / "local" / "run"
COOKIE = "ntm_replica"
HEALTH_TIMEOUT_S = 90
# How every replica (and the benchmarks' reference servers) runs: local only, behind the proxy; no
# file watcher, a server does not edit its own code.
SERVER_FLAGS = [
    "--server.headless",
    "true",
    "--server.address",
    "127.0.0.1",
    "--server.fileWatcherType",
    "none",
    "--server.runOnSave",
    "false",
    "--browser.gatherUsageStats",
    "false",
]


class _Conf(string.Template):
    delimiter = "@"  # nginx uses $ for its own variables


NGINX_CONF = _Conf("""\
# Written by `python -m ntm serve`; rewritten at every start.
@user
worker_processes auto;
worker_rlimit_nofile 8192;
pid @run/nginx.pid;
error_log @run/error.log warn;
events { worker_connections 4096; }

http {
    log_format ntm '$remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time '
                   'upstream=$upstream_addr key=$ntm_sticky';
    access_log @run/access.log ntm;
    client_body_temp_path @run/tmp/body;
    proxy_temp_path @run/tmp/proxy;
    fastcgi_temp_path @run/tmp/fastcgi;
    uwsgi_temp_path @run/tmp/uwsgi;
    scgi_temp_path @run/tmp/scgi;
    client_max_body_size 200m;   # Streamlit's own upload limit (server.maxUploadSize)
    server_tokens off;

    map $http_upgrade $connection_upgrade { default upgrade; '' close; }
    # One browser, one replica: its random cookie, else (cookies refused, first request) its address.
    map $cookie_@cookie $ntm_sticky { '' $remote_addr; default $cookie_@cookie; }
    map $cookie_@cookie $ntm_set_cookie { '' '@cookie=$request_id; Path=/; HttpOnly; SameSite=Lax'; default ''; }

    upstream streamlit {
        hash $ntm_sticky consistent;
@servers
    }

    server {
        listen @listen;
        location / {
            proxy_pass http://streamlit;
            proxy_http_version 1.1;
            proxy_set_header Host $http_host;   # Streamlit checks the websocket's Origin against it
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_read_timeout 1d;               # a dashboard left open in a meeting room
            proxy_send_timeout 1d;
            add_header Set-Cookie $ntm_set_cookie always;
        }
    }
}
""")


def nginx_conf(replica_ports: list[int], listen: str, run_dir: Path) -> str:
    """The nginx configuration: one upstream of the replicas, sticky by cookie, websockets upgraded."""
    # As root, nginx would hand its workers to an unprivileged user that may not reach the run folder
    # (uploads are buffered there); they keep the launcher's identity, as the replicas do.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};" if os.geteuid() == 0 else ""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports)
    return NGINX_CONF.substitute(user=user, run=run_dir, cookie=COOKIE, servers=servers, listen=listen)


def find_nginx() -> str | None:
    """The nginx binary (Debian puts it in /usr/sbin, not on every user's PATH)."""
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.access(p, os.X_OK)), None)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def server_command(port: int, script: Path = APP) -> list[str]:
    """`streamlit run` of script on 127.0.0.1:port with the replicas' settings."""
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port), *SERVER_FLAGS]


def wait_healthy(url: str, proc: subprocess.Popen | None = None, timeout: float = HEALTH_TIMEOUT_S) -> None:
    """Return once url answers /_stcore/health; raise if proc dies or the time runs out."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{url}: tiến trình đã dừng (mã {proc.returncode})")
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url}: máy chủ không sẵn sàng sau {timeout:.0f} giây")


def private_snapshot_env(folder: Path) -> dict[str, str]:
    """The environment of servers reading a database built in folder, with an import store and users of their
    own and no rebuild (benchmarks: nothing of the checkout's data/local is touched)."""
    return {
        "NTM_DB": str(folder / "ntm.duckdb"),
        "NTM_STORE": str(folder / "store"),
        "NTM_USERS": str(folder / "store" / "users.json"),
        "NTM_READ_ONLY": "1",
    }


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM, then SIGKILL if the process has not ended within timeout."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


class Cluster:
    """N replicas and nginx in front of them; a context manager (tests, benchmarks) or `serve`'s body.

    env is added to every replica's environment (NTM_DB, NTM_STORE... of the published snapshot)."""

    def __init__(
        self,
        replicas: int,
        port: int,
        host: str = "127.0.0.1",
        run_dir: Path = DEFAULT_RUN_DIR,
        env: dict[str, str] | None = None,
        nginx: str | None = None,
    ):
        self.run_dir = Path(run_dir).resolve()
        self.port, self.host = port, host
        self.nginx_bin = nginx or find_nginx()
        if self.nginx_bin is None:
            raise FileNotFoundError("Chưa cài nginx: sudo apt-get install nginx-light (hoặc chạy `make serve`).")
        self.env = {**os.environ, **(env or {}), "NTM_READ_ONLY": "1"}
        # Same secret on every replica: the cookies one signs are valid on the others.
        self.env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_urlsafe(32))
        self.replica_ports = [free_port() for _ in range(replicas)]
        self.replicas: list[subprocess.Popen] = []
        self.nginx: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        return f"http://{host}:{self.port}"

    @property
    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}" for p in self.replica_ports]

    @property
    def conf(self) -> Path:
        return self.run_dir / "nginx.conf"

    def start(self) -> Cluster:
        (self.run_dir / "tmp").mkdir(parents=True, exist_ok=True)
        self.conf.write_text(nginx_conf(self.replica_ports, f"{self.host}:{self.port}", self.run_dir), encoding="utf-8")
        try:
            self.replicas = [self._start_replica(i) for i in range(len(self.replica_ports))]
            for url, proc in zip(self.replica_urls, self.replicas):
                wait_healthy(url, proc)
            run = str(self.run_dir)
            nginx = [self.nginx_bin, "-p", run, "-e", f"{run}/error.log", "-c", str(self.conf)]
            check = subprocess.run([*nginx, "-t", "-q"], capture_output=True, text=True)
            if check.returncode != 0:
                raise RuntimeError(f"Cấu hình nginx không hợp lệ ({self.conf}):\n{check.stderr.strip()}")
            self.nginx = subprocess.Popen([*nginx, "-g", "daemon off;"])
            wait_healthy(self.url, self.nginx, timeout=15)
        except BaseException:
            self.stop()
            raise
        return self

    def _start_replica(self, i: int) -> subprocess.Popen:
        log = open(self.run_dir / f"replica-{i + 1}.log", "ab")  # noqa: SIM115 (the child keeps it)
        try:
            return subprocess.Popen(
                server_command(self.replica_ports[i]),
                cwd=config.ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        finally:
            log.close()

    def restart_dead(self) -> list[int]:
        """Start again every replica that has ended (same port, so nginx needs no change); their numbers."""
        dead = [i for i, p in enumerate(self.replicas) if p.poll() is not None]
        for i in dead:
            self.replicas[i] = self._start_replica(i)
        return [i + 1 for i in dead]

    def stop(self) -> None:
        """nginx first (no new requests), then the replicas."""
        if self.nginx is not None:
            stop(self.nginx)
        for proc in self.replicas:
            stop(proc)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def _raise_exit(signum, _frame) -> None:
    raise SystemExit(128 + signum)


def _serve(args: argparse.Namespace) -> int:
    if find_nginx() is None:
        print(
            "Lỗi: chưa cài nginx. Cài bằng: sudo apt-get install nginx-light (hoặc chạy `make serve`).", file=sys.stderr
        )
        return 2
    if args.replicas < 1:
        print("Lỗi: --replicas phải từ 1 trở lên.", file=sys.stderr)
        return 2
    if not config.read_only():
        build.ensure_database()  # this machine publishes: build the snapshot once, before the replicas read it
    elif not config.db_path().exists():
        print(f"Lỗi: chưa có cơ sở dữ liệu đã công bố tại {config.db_path()}.", file=sys.stderr)
        return 2
    if not _port_free(args.host, args.port):
        print(f"Lỗi: cổng {args.port} đang được dùng; chọn cổng khác bằng --port.", file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, _raise_exit)
    # the replicas read exactly the files this process resolved (a relative NTM_DB means the same here and there)
    env = {"NTM_DB": str(config.db_path()), "NTM_STORE": str(store_dir())}
    cluster = Cluster(args.replicas, args.port, args.host, Path(args.run_dir), env)
    print(f"Đang khởi động {args.replicas} bản Streamlit sau nginx...", flush=True)
    try:
        try:
            cluster.start()
        except RuntimeError as err:
            print(f"Lỗi: {err}\nXem nhật ký trong {cluster.run_dir}", file=sys.stderr)
            return 1
        print(
            f"Bảng theo dõi: {cluster.url}  ({args.replicas} bản: cổng "
            f"{', '.join(map(str, cluster.replica_ports))}; nhật ký trong {cluster.run_dir}). Dừng: Ctrl-C",
            flush=True,
        )
        started = {i: time.time() for i in range(args.replicas)}
        while cluster.nginx.poll() is None:
            time.sleep(1)
            for n in cluster.restart_dead():
                if time.time() - started[n - 1] < 30:
                    print(
                        f"Lỗi: bản {n} dừng ngay sau khi khởi động; xem {cluster.run_dir}/replica-{n}.log",
                        file=sys.stderr,
                    )
                    return 1
                started[n - 1] = time.time()
                print(f"Bản {n} đã dừng; đã khởi động lại.", file=sys.stderr, flush=True)
        print(f"Lỗi: nginx đã dừng; xem {cluster.run_dir}/error.log", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        cluster.stop()


def register(sub: argparse._SubParsersAction) -> None:
    s = sub.add_parser("serve", help="chạy nhiều bản Streamlit sau nginx")
    s.add_argument("--replicas", type=int, default=os.cpu_count() or 2, help="số bản Streamlit (mặc định: số lõi)")
    s.add_argument("--port", type=int, default=8500, help="cổng nginx (mặc định 8500)")
    s.add_argument("--host", default="0.0.0.0", help="địa chỉ nginx nghe (mặc định mọi địa chỉ)")
    s.add_argument("--run-dir", default=str(DEFAULT_RUN_DIR), help="thư mục cấu hình, nhật ký của nginx và các bản")
    s.set_defaults(func=_serve)
