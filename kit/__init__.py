"""e-UMKM training kit: the framework as data, storage, scoring, aggregation and the CLI."""

__version__ = "0.1.0"
