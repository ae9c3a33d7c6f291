"""The command line run in this process: the same `main` as `python -m ntm`, its streams and exit code captured.

Starting a Python process per call costs seconds (interpreter, pandas, duckdb); a test that runs the CLI a
dozen times runs it here. `tests/test_build.py` keeps running the real `python -m ntm` entry point."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from unittest import mock

from ntm.cli import main as cli_main


def run_cli(*args: str, env: dict[str, str] | None = None, stdin: str = "") -> subprocess.CompletedProcess:
    """`python -m ntm *args` with `env` set and `stdin` piped (not a terminal); never raises SystemExit."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, env or {}),
        mock.patch.object(sys, "stdin", io.StringIO(stdin)),
        mock.patch("signal.signal"),  # the CLI's SIGPIPE setting is for a shell, not for the test process
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
    ):
        try:
            code = cli_main.main(list(args))
        except SystemExit as stop:  # argparse errors and explicit exits
            code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
    return subprocess.CompletedProcess(["python", "-m", "ntm", *args], code, out.getvalue(), err.getvalue())
