"""Remittances: X12 835 files in (x12_835.py), whether they add up (balance.py), and what the
adjustment reason codes mean in our categories (codes.py). Qt-free."""

from .balance import ClaimBalance, PaymentBalance, balance_notices, claim_balance, payment_balance
from .codes import CATEGORIES, CodeListError, CodeRow, carc_category, read_code_list
from .model import Adjustment, ProviderAdjustment, RemitClaim, RemitLine, Remittance
from .x12_835 import Read835, iter_835, read_835, read_835_files

__all__ = [
    "CATEGORIES", "Adjustment", "ClaimBalance", "CodeListError", "CodeRow", "PaymentBalance",
    "ProviderAdjustment", "Read835", "RemitClaim", "RemitLine", "Remittance", "balance_notices",
    "carc_category", "claim_balance", "iter_835", "payment_balance", "read_835",
    "read_835_files", "read_code_list",
]
