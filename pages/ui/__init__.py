"""Helpers of the page scripts (pages/*.py), one concern a module:

cache    every ntm answer cached per function, arguments and database version (cache.data, cache.clear)
filters  the sidebar filters (period, districts, language), the scope a page reads, t() for its texts
notes    the title line of a page, the illustrative-data warning, a metric with its change, plain text
tables   a table on screen with its Excel download (analysis pages)
slides   the presentation page's deck and a slide on screen
imports  the data page's import store: catalog, templates, export, audit log, preview tables
"""
