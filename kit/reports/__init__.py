"""Reports of a workspace, in one package.

Summaries for the apps (:mod:`kit.reports.home`, :mod:`kit.reports.progress`), the stage report
(:mod:`kit.reports.stages`) and the tidy score table for export (:mod:`kit.reports.table`).
"""
