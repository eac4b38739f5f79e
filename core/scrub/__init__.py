"""Claim scrubbing: the claim model (model.py), the rules (rules_*.py, one family each), the
engine that runs them over a worklist (engine.py) and the findings they produce (finding.py)."""
