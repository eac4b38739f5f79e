"""Helpers shared by tests: test-data writers."""
