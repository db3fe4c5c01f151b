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
#   title: Modul Bimtek — Kit Pelatihan e-UMKM
#   umkm_kit:
#     snapshot: true
#     light: true
# ---

# %%
# Modul Bimtek — praktik email, blog promosi, dan toko online (Bab IV, Tabel 4.3).
# Thin page: the texts live in modules/bimtek/, the practice in kit/sandbox/, the page logic
# in kit/modules/bimtek.py. Each cell ends with one column of widgets.
from kit.modules.bimtek import build_bimtek

page = build_bimtek()
page.column(page.opening())

# %%
# The parts of the module, as a menu with one open part below it (a part's widgets are
# built when the participant opens it); the materi and their items come from the framework.
page.column(page.contents())

# %%
# Ringkasan dan file kiriman
page.column(page.closing())
