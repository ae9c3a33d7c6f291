"""Start the dashboard: `python -m pages.ui.serve [streamlit run options]` is `streamlit run app.py` for an app
whose pages are known from its first request, so a deep link (/ban-do) works on a freshly started server.

Why a launcher: Streamlit 1.67 decides once per process, when the first browser session opens, whether the app is
a legacy (v1) multipage app, and keys on nothing but the existence of a `pages` entry beside the main script
(PagesManager.uses_pages_directory = (<folder of app.py> / "pages").exists()). Ours is the package of page
scripts, so the first session's first run lists pages/*.py by file name instead of running app.py: /ban-do is
"Page not found" (and /map runs pages/map.py bare) until app.py's st.navigation clears the flag for the process.
No option turns that off, the only supported cure is renaming pages/, and nothing of the app runs in the server
before the first session: so the flag is cleared here, before the server starts, exactly as st.navigation would.
tests/test_deep_links.py fails when Streamlit stops keying on pages/ (then this module can go) or renames the flag.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "app.py"


def navigation_only() -> None:
    """Tell Streamlit that app.py's st.navigation, not the pages/ folder, defines the pages (process-wide)."""
    from streamlit.runtime.pages_manager import PagesManager

    if not hasattr(PagesManager, "uses_pages_directory"):  # Streamlit changed: serve anyway, deep links may 404 once
        return
    PagesManager.uses_pages_directory = False


def main(args: list[str]) -> None:
    from streamlit.web import cli

    navigation_only()
    cli.main(["run", str(APP), *args], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
