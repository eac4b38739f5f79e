"""The segments of an X12 file read a chunk at a time, so a large 835 is never held in memory
whole nor split into a list: the project's segment reader (core/claims_io/x12_segments.py) gives
the delimiters and the Segment values, numbered the same way (ISA is 1).

Before the ISA check, a file that is plainly something else (a PDF, a spreadsheet, a web page)
is named as such, so the user knows what they picked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from core.claims_io.x12_segments import (
    Delimiters,
    Segment,
    X12SyntaxError,
    decode,
    read_delimiters,
)

CHUNK = 1 << 20
_WHITESPACE = " \t\r\n"
_SIGNATURES = (
    (b"%PDF", "a PDF document (a printed remittance advice?)"),
    (b"PK\x03\x04", "a zip archive or an Excel/Word file"),
    (b"\xd0\xcf\x11\xe0", "an old-style Excel or Word file"),
    (b"<", "a web page or XML file"),
    (b"{", "a JSON file"),
)


class NotX12(Exception):
    """The file is not an X12 interchange; the message says what it seems to be instead."""


def check_start(head: bytes) -> str:
    """The decoded start of a file, or NotX12 naming what it is when it cannot be X12."""
    text = decode(head)
    if not text:
        raise NotX12("the file is empty")
    if not text.startswith("ISA"):
        start = text.encode("latin-1", "replace")
        kind = next((what for magic, what in _SIGNATURES if start.startswith(magic)), None)
        seems = f"it looks like {kind}" if kind else "it does not start with an ISA segment"
        raise NotX12(
            f"this is not an X12 file ({seems}): an 835 remittance starts with 'ISA'; "
            "get the 835 file from the payer or clearinghouse"
        )
    return text


class SegmentStream:
    """Iterate the segments of one file. Raises NotX12 or X12SyntaxError on creation when the
    file has no readable ISA segment; afterwards reading never raises for content."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with path.open("rb") as handle:
            head = handle.read(CHUNK)
        self._head = check_start(head)
        self._skip = len(head)
        self.delimiters: Delimiters = read_delimiters(self._head)

    def used_component_separator(self) -> str | None:
        """The component separator the SVC segments really use, when it differs from ISA16
        (a file declaring ':' but writing 'HC>99213'); None when they agree."""
        marker = f"SVC{self.delimiters.element}"
        at = self._head.find(marker)
        if at < 0 or at + len(marker) + 2 >= len(self._head):
            return None
        used = self._head[at + len(marker) + 2]
        if (
            used == self.delimiters.component
            or used.isalnum()
            or used in _WHITESPACE
            or used in (self.delimiters.element, self.delimiters.segment)
        ):
            return None
        return used

    def __iter__(self) -> Iterator[Segment]:
        element, component = self.delimiters.element, self.delimiters.component
        terminator = self.delimiters.segment
        number = 0
        with self.path.open("rb") as handle:
            handle.seek(self._skip)
            rest = self._head
            while True:
                parts = rest.split(terminator)
                rest = parts.pop()
                for raw in parts:
                    raw = raw.strip(_WHITESPACE)
                    if raw:
                        number += 1
                        yield Segment(number, tuple(raw.split(element)), component)
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                rest += chunk.decode("latin-1")
        raw = rest.strip(_WHITESPACE)
        if raw:  # the last segment has no terminator: a cut file
            yield Segment(number + 1, tuple(raw.split(element)), component)


__all__ = ["CHUNK", "NotX12", "SegmentStream", "X12SyntaxError", "check_start"]
