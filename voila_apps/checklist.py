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
#   title: Daftar Periksa Observasi — Kit Pelatihan e-UMKM
# ---

# %%
# Daftar periksa observasi (observation checklist) for one session, served by `python -m kit start`
# at voila/render/apps/checklist.ipynb (optionally ?session=ID). The logic and the widgets live in
# kit.checklist; this notebook only displays them. Every tap is saved to the workspace database.
from kit.checklist.widget import checklist_page

checklist_page()
