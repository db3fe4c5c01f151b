"""Tests of the session rundown: plan, live rules and the service."""
