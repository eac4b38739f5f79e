"""Remittances: X12 835 files in (x12_835.py), whether they add up (balance.py), and what the
adjustment reason codes mean in our categories (codes.py). Kept in the workspace: importing.py
(match: matching.py, judge denials: judge.py, expected payments: expected.py, store: store.py),
the views (queries.py, patterns.py), the scrubber's denial history (history.py), a code's history
(code_history.py), X12's texts (code_texts.py), contract fees (contracts.py), the denials
workbook (workbook.py). Qt-free.

Import from the modules: the package itself imports nothing, so a code lookup that reads
a code's history does not load the 835 reader."""
