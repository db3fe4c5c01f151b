"""Benchmarks run by ``make bench``: each ``bench/*_bench.py`` module exposes ``run() -> dict``."""
