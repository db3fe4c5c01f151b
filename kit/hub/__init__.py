"""The kit behind JupyterHub: one hub for a district, every user server on the same workspace.

:mod:`kit.hub.config` writes a ``jupyterhub_config.py`` whose user servers run Voila (as a
jupyter-server extension) with the kit's settings, on the built site of a workspace whose
database is on PostgreSQL; ``python -m kit hub config`` (:mod:`kit.cli.hub_cmd`) runs it.
"""
