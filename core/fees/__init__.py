"""Medicare Physician Fee Schedule pricing: one line, an encounter, a whole locality schedule."""

from .encounter import price_encounter
from .line import price_line
from .model import EncounterPrice, FeeError, LinePrice, LineRequest

__all__ = [
    "EncounterPrice",
    "FeeError",
    "LinePrice",
    "LineRequest",
    "price_encounter",
    "price_line",
]
