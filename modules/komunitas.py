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
#   title: Modul Komunitas — Kit Pelatihan e-UMKM
#   umkm_kit:
#     snapshot: true
#     light: true
# ---

# %%
# Modul Komunitas — membentuk komunitas e-UMKM (Bab V, Tabel 5.3).
# Thin page: the texts live in modules/komunitas/, the questions in
# assessments/questions/komunitas.yaml, the logic in kit/modules/komunitas.py.
# Each cell ends with one column of widgets.
from kit.modules.komunitas import build_komunitas

page = build_komunitas()
page.column(page.opening())

# %%
# The parts of the module, as a menu with one open part below it (a part's widgets are
# built when the participant opens it); the materi and their items come from the framework.
page.column(page.contents())

# %%
# Ringkasan dan file kiriman
page.column(page.closing())
