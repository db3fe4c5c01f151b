"""Content of the bimtek pages (guides for the real services)."""
