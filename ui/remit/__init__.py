"""The Remittances tab (RemitTab over the app context; its view, display, models and jobs)."""

from .tab import RemitTab

__all__ = ["RemitTab"]
