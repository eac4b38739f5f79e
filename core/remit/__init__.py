"""Remittances: X12 835 files in, whether they add up, and what the adjustment reason codes mean
in our categories (codes.py). Qt-free."""
