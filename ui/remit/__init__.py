"""The Remittances tab (a self-contained package: it takes its paths in its constructor)."""

from .tab import RemitTab

__all__ = ["RemitTab"]
