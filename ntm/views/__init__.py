"""What a page draws, from one call: frozen bundles of the measures, plan figures and formatted texts of a
page (one module per page that needs one), so that a page script reads filters -> one call -> draw.

Views may use figures, plan, measures, data and locale; outputs may use views. Plotly figures are left to
the page: a view is cached and copied on every rerun, and unpickling a figure takes longer than drawing it.
"""
