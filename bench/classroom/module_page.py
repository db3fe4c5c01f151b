# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
#   title: Bench — a module-like page (pandas, matplotlib, widgets)
# ---

# %% [markdown]
# # Harga jual dan omzet
# A page with the same kind of widgets as a kit module: text, a slider, a dropdown, a button
# whose answer comes from the kernel, a pandas table and a matplotlib chart.

# %%
"""Calculator part of the bench page: widgets whose answer needs the kernel."""
import ipywidgets as w
import matplotlib.pyplot as plt
import pandas as pd

price = w.IntSlider(value=25_000, min=5_000, max=100_000, step=1_000, description="Harga")
channel = w.Dropdown(options=["WhatsApp", "Marketplace", "Toko"], description="Kanal")
name = w.Text(description="Nama usaha", placeholder="mis. Warung Bu Sri")
check = w.Button(description="Hitung", button_style="primary")
answer = w.HTML("<p>Belum dihitung</p>")


def on_check(_button: w.Button) -> None:
    """Write the monthly estimate (a kernel round trip, so the page is interactive)."""
    answer.value = f"<p class='bench-answer'>Omzet: Rp {price.value * 30:,}</p>"


check.on_click(on_check)
w.VBox([w.HTML("<h2>Kalkulator</h2>"), name, price, channel, check, answer])

# %%
sales = pd.DataFrame({"bulan": ["Jan", "Feb", "Mar", "Apr"], "omzet": [1.2, 1.6, 2.1, 2.4]})
fig, ax = plt.subplots(figsize=(3.2, 2.0))
ax.bar(sales["bulan"], sales["omzet"])
ax.set_ylabel("juta Rp")
plt.show()
display(sales)  # noqa: F821 - IPython's display, as in a notebook
