"""Reading the codes an ICD-10-CM instructional note names: "(E10.-)", "(E08-E13 with .42)",
"(M05.5-)", "(P70.2)"."""

from __future__ import annotations

import re
from functools import lru_cache

_PARENTHESES = re.compile(r"\(([^)]*)\)")
_NOTE_CODE = re.compile(
    r"\b([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?)(?:\.?-)?"
    r"(?:\s*-\s*([A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?))?"
)


def note_covers(note: str, code: str) -> bool:
    """Whether a code or range inside the note's parentheses covers `code` (ranges by their
    3-character categories: "E08-E13" covers E11.42)."""
    for start, end in _named(note):
        if end:
            if start[:3] <= code[:3] <= end[:3]:
                return True
        elif code.startswith(start):
            return True
    return False


@lru_cache(maxsize=8192)
def _named(note: str) -> tuple[tuple[str, str], ...]:
    """The (code, range end or '') pairs a note names, read once per note."""
    return tuple(pair for inner in _PARENTHESES.findall(note) for pair in _NOTE_CODE.findall(inner))
