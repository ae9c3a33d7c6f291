"""Entry point: page setup, shared sidebar filters, navigation. Run: make run (python -m pages.ui.serve)."""

from pathlib import Path

import streamlit as st

from ntm.locale.i18n import t
from pages.ui import cache, filters, nav
from pages.ui.guard import guard

ROOT = Path(__file__).parent
FAVICON = "/app/static/favicon.png"  # static/favicon.png, served by Streamlit's static file serving

lang = filters.lang()
# the icon by its static address: given as a file, Streamlit read it, opened it with PIL and registered it on every run
st.set_page_config(page_title=t("app_title", lang), page_icon=FAVICON, layout="wide")
# One database version for the whole run (pages/ui/cache.py): checked once, not by each cached call.
with cache.one_version():
    # Deep links (/ban-do) on a freshly started server need the server started by pages/ui/serve.py (make run): under a
    # bare `streamlit run app.py`, the process's first session treats pages/ as a legacy pages folder (see there).
    pages = {
        path: st.Page(path, title=t(key, lang), icon=icon, url_path=url, default=(i == 0))
        for i, (path, key, icon, url) in enumerate(
            nav.PAGE_SPECS + (nav.NATIONAL_PAGES if filters.several_provinces() else [])
        )
        if (ROOT / path).exists()
    }
    page = st.navigation(list(pages.values()))
    nav.enter(next((path for path, p in pages.items() if p is page), ""))  # downloads are named after its address
    st.html(ROOT / "static" / "ntm.css")  # card labels that wrap, readable captions, visible focus
    # The presentation page gives the projector the whole screen: there the sidebar starts closed (» opens it),
    # elsewhere it starts open. One value a run: two differing ones in a run make the sidebar flicker.
    st.set_page_config(initial_sidebar_state="collapsed" if page.url_path == nav.PRESENT else "auto")
    # The overview draws the sidebar's widgets itself, right after its headline figures: sent first, the widgets would
    # make a fresh browser load their code before the cards' (issue 14). Any other page gets them before it runs.
    filters.sidebar(defer=page is pages.get("pages/overview.py"))
    try:
        with guard(page.url_path or "page"):  # the last net: what no section guard caught still gets a message
            page.run()
    finally:
        filters.widgets()  # if the page has not drawn them (it stopped or failed before its headline)
