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
#   title: Hari Kegiatan — Kit Pelatihan e-UMKM
# ---

# %%
# Hari kegiatan (the facilitator's day) as one app, served by `python -m kit start` at
# voila/render/apps/hari_kegiatan.ipynb (optionally ?session=ID): choose or create a session of
# any activity, then one tab per panel (kit/session_app/panels.py PANELS). The logic and the
# widgets live in kit.session_app; this notebook only displays them. Everything is saved to the
# workspace database as it happens, so a closed browser or a restarted laptop resumes the day.
from kit.session_app.widget import session_page

session_page()
