"""Remittances: X12 835 files in (x12_835.py), whether they add up (balance.py), and what the
adjustment reason codes mean in our categories (codes.py). Kept in the workspace: importing.py
(match: matching.py, judge denials: judge.py, expected payments: expected.py, store: store.py),
the views (queries.py, patterns.py), the scrubber's denial history (history.py), a code's history
(code_history.py), X12's texts (code_texts.py), contract fees (contracts.py), the denials
workbook (workbook.py). Qt-free."""

from .balance import ClaimBalance, PaymentBalance, balance_notices, claim_balance, payment_balance
from .codes import CATEGORIES, CodeListError, CodeRow, carc_category, read_code_list
from .model import Adjustment, ProviderAdjustment, RemitClaim, RemitLine, Remittance
from .x12_835 import Read835, iter_835, read_835, read_835_files

__all__ = [
    "CATEGORIES",
    "Adjustment",
    "ClaimBalance",
    "CodeListError",
    "CodeRow",
    "PaymentBalance",
    "ProviderAdjustment",
    "Read835",
    "RemitClaim",
    "RemitLine",
    "Remittance",
    "balance_notices",
    "carc_category",
    "claim_balance",
    "iter_835",
    "payment_balance",
    "read_835",
    "read_835_files",
    "read_code_list",
]
