"""The read side of reference data: every query of the reference database, and the one answer to
"which release applies on date D"."""
