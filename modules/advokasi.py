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
#   title: Modul Advokasi — Kit Pelatihan e-UMKM
#   umkm_kit:
#     snapshot: true
#     light: true
# ---

# %%
# Modul Advokasi — "Mengapa usaha saya perlu online?" (Bab III, Tabel 3.3).
# Thin page: the texts live in modules/advokasi/, the questions, checklist and self-check in
# assessments/, the logic in kit/modules/.
# Each cell ends with one column of widgets (its last expression is what Voila shows).
from kit.modules.advokasi import build_advokasi

page = build_advokasi()
page.column(page.opening())

# %%
# The parts of the module, as a menu with one open part below it (a part's widgets are
# built when the participant opens it); the materi and their items come from the framework.
page.column(page.contents())

# %%
# Ringkasan dan file kiriman
page.column(page.closing())
