"""Claim scrubbing: the claim model (model.py); the rules and their engine come later."""
