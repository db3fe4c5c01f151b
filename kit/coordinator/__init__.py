"""What coordinators receive and aggregate (issue 14): pseudonymised packages and their store.

``package`` is the file format (manifest + Parquet tables, verified on read), ``export`` writes a
workspace's package, ``store`` ingests packages into a DuckDB (or PostgreSQL) store and rebuilds
its aggregate tables. No name, phone or free-text note ever enters a package by default.
"""
