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
#   title: Beranda — Kit Pelatihan e-UMKM
# ---

# %%
# Beranda (home page), served by `python -m kit start` at http://127.0.0.1:8866/.
# Everything it shows is built by kit.server.home_page; this notebook only displays it.
from kit.server.home_page import home_page_from_env

home_page_from_env()
