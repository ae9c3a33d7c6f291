"""AppTest made to time what a server does: one compiled copy of each script for every run.

A server compiles app.py and each page once (its Runtime's ScriptCache) and runs the bytecode on every run of every
session. AppTest gives each run a new ScriptCache, so each run parsed and compiled app.py and its page again (with
Streamlit's "magic" rewriting of the tree): 2-3 ms a run that no server spends, timed as script time. The tests share
one cache the same way (tests/conftest.py)."""

from __future__ import annotations


def share_compiled_scripts() -> None:
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    scripts = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: scripts
