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
#   title: Panduan Fasilitator — Kit Pelatihan e-UMKM
# ---

# %%
# Panduan fasilitator (facilitator guide), served by `python -m kit start` at
# voila/render/apps/panduan_fasilitator.ipynb: every module's facilitator notes, which the
# participants' module pages no longer show. In classroom mode apps/ is for the facilitator only.
# The notes come from modules/<module>/ (the one source); kit.modules.facilitator_guide builds it.
from kit.modules.facilitator_guide import facilitator_guide_page

facilitator_guide_page()
