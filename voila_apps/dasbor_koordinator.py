# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   title: Dasbor Koordinator — Kit Pelatihan e-UMKM
# ---

# %%
# Dasbor koordinator (the coordinator dashboard), served by `python -m kit start` at
# voila/render/apps/dasbor_koordinator.ipynb and opened by the home page's coordinator card. It
# reads the coordinator store ($UMKM_KIT_COORDINATOR_DB, else coordinator.duckdb in the
# workspace) through kit.coordinator.queries; the widgets live in kit.coordinator_app, this
# notebook only displays them.
from kit.coordinator_app.widget import dashboard_page

dashboard_page()
