"""The pages of the dashboard: file, title key, icon and address, in menu order (app.py builds the menu from
them; tests walk them). A page appears once its file exists.

app.py records the address of the page each run draws (``enter``), so a page's downloads are named after it
(``here``) without the page repeating its own address."""

import streamlit as st

PRESENT = "trinh-chieu"  # the presentation page's address
# (file, title key, icon, url path)
PAGE_SPECS = [
    ("pages/overview.py", "page_overview", ":material/dashboard:", "tong-quan"),
    ("pages/map.py", "page_map", ":material/map:", "ban-do"),
    ("pages/districts.py", "page_districts", ":material/leaderboard:", "huyen"),
    ("pages/communes.py", "page_communes", ":material/holiday_village:", "xa"),
    ("pages/criteria.py", "page_criteria", ":material/checklist:", "tieu-chi"),
    ("pages/target_gap.py", "page_gap", ":material/flag:", "can-gi-de-dat-muc-tieu"),
    ("pages/plan.py", "nav_plan", ":material/event_available:", "ke-hoach-2020"),
    ("pages/poverty.py", "page_poverty", ":material/volunteer_activism:", "giam-ngheo"),
    ("pages/data.py", "page_data", ":material/upload_file:", "du-lieu"),
    ("pages/present.py", "page_present", ":material/slideshow:", PRESENT),
]
# pages of a database holding several provinces (a national one): absent from a province's own database
NATIONAL_PAGES = [("pages/national.py", "page_national", ":material/public:", "ca-nuoc")]


HERE = "_page_address"  # the session-state key of the address


def address(path: str) -> str:
    """The address of the page in file path ('pages/communes.py' -> 'xa'); '' for a file that is no page."""
    return next((url for file, _, _, url in PAGE_SPECS + NATIONAL_PAGES if file == path), "")


def enter(path: str) -> None:
    """Record the page this run draws (app.py, before running it)."""
    st.session_state[HERE] = address(path)


def here() -> str:
    """The address of the page this run draws ('' for a page script run without app.py)."""
    return st.session_state.get(HERE, "")
