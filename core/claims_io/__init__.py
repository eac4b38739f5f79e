"""Claims in and out: worklists (.xlsx, .csv) and X12 837P files to the claim model
(core/scrub/model.py), and the empty worklist template."""

from .loader import load_worklist
from .problems import LoadResult, Problem

__all__ = ["LoadResult", "Problem", "load_worklist"]
