"""Serving the kit: building the notebooks from their text sources and running Voila on them.

* :mod:`kit.server.build` — jupytext sources → ``.ipynb`` site folder (incremental);
* :mod:`kit.server.config` — Voila/kernel configuration shared by ``kit start`` and Binder;
* :mod:`kit.server.voila_app` — the stand-alone Voila application (``/`` → home page);
* :mod:`kit.server.launch` — what ``python -m kit start`` does;
* :mod:`kit.server.home_page` — the widgets of the home page (*Beranda*);
* :mod:`kit.server.upstream` — the one place that touches ipywidgets', Tornado's and Voila's
  private members (checked against the pinned versions at start-up);
* ``templates/`` — the Voila template ``umkm-kit`` (every asset served locally).
"""
