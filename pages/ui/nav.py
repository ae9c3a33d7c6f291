"""The pages of the dashboard: file, title key, icon and address, in menu order (app.py builds the menu from
them; tests walk them). A page appears once its file exists."""

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
