"""Boundaries and maps: the real Lào Cai layers joined to the database by official code, drawn as an
offline folium map (the Bản đồ page) or a static PNG (reports, slides). No streamlit import here."""
