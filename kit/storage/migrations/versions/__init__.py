"""Migration scripts, one file per revision, chained by down_revision."""
