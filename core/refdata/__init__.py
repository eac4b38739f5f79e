"""The read side of reference data: every query of the reference database behind named functions
(parameterized SQL, plain dataclasses back), and the one answer to "which release applies on
date D" (releases.py). Answers that hundreds of claims ask again are remembered per read-only
connection (core.db.memoized)."""


class DataNotLoaded(Exception):
    """The reference data a question needs is not loaded; the message says what to import."""
