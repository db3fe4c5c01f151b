"""The coordinator dashboard (issue 14, "Look"): an apps package over the coordinator store.

``app`` holds the rules (where the store is, each view's table and chart, exports), ``charts``
draws the PNGs, ``widget`` is the page ``voila_apps/dasbor_koordinator.py`` shows. Every number
comes from :mod:`kit.coordinator.queries`, which reads only the store's aggregate tables.
"""
