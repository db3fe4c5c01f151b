"""The facilitator's day as one Voila app (``voila_apps/hari_kegiatan.py``): one panel per task."""
