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
#   umkm_kit:
#     snapshot: true
# ---

# %%
# Modul Bimtek — praktik email, blog promosi, dan toko online (Bab IV, Tabel 4.3).
# Thin page: the texts live in modules/bimtek/, the practice in kit/sandbox/, the page logic
# in kit/modules/bimtek.py. Each cell ends with one column of widgets.
from kit.modules.bimtek import build_bimtek

page = build_bimtek()
page.column(page.opening())

# %%
# Materi 1: Pembuatan dan pemanfaatan email (tahap Presence)
page.column(page.materi_parts("bim_email"))

# %%
# Materi 2: Pembuatan website marketing (tahap Portal)
page.column(page.materi_parts("bim_blog"))

# %%
# Materi 3: Pembuatan dan manajemen toko online (tahap Transaction Integration)
page.column(page.materi_parts("bim_toko"))

# %%
# Ringkasan dan file kiriman
page.column(page.closing())
