"""Rosters: import participant lists as district offices really keep them, and export them.

``read`` turns a CSV or XLSX file into rows of cells with the row numbers a person sees,
``headers`` finds the header row and maps the many header spellings to participant fields,
``normalise`` cleans phone numbers, names, genders and ages (age bands on any boundary),
``validate`` checks every row (collecting every problem; an unclear gender or age, or a district
that is not an official kabupaten/kota, is only a warning) and maps districts to their official
names (:mod:`kit.places`), ``merge`` writes the valid roster in one transaction, merging people
already listed, ``districts`` stores district codes and normalises older workspaces, and
``export`` writes what is stored back to CSV or XLSX, formula-safe.
"""

from kit.problems import Problem
from kit.roster.problems import RosterError

__all__ = ["Problem", "RosterError"]
