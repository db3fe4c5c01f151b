"""Summaries of a workspace for the apps (home page, coordinator views)."""
