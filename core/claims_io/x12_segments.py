"""X12 interchange syntax: the delimiters read from the ISA segment itself, and the segments of a
file, numbered from 1 (ISA) the way an X12 viewer counts them.

ISA is fixed-width: its 4th character is the element separator, ISA11 the repetition separator
(5010; a letter such as "U" in older files means none), ISA16 the component (sub-element)
separator, and the character right after ISA16 ends every segment. Line breaks between segments
are common and ignored."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


class X12SyntaxError(Exception):
    """The file does not start with a readable ISA segment."""


@dataclass(frozen=True)
class Delimiters:
    element: str
    component: str
    segment: str
    repetition: str | None


@dataclass(frozen=True)
class Segment:
    number: int  # 1-based position in the file (ISA is 1)
    elements: tuple[str, ...]  # elements[0] is the segment id
    component_separator: str

    @property
    def id(self) -> str:
        return self.elements[0]

    def get(self, index: int) -> str:
        """Element `index` (1-based: CLM01 is get(1)), "" when absent."""
        return self.elements[index] if index < len(self.elements) else ""

    def components(self, index: int) -> list[str]:
        """The components of a composite element: HC:99213:25 -> ["HC", "99213", "25"]."""
        return self.get(index).split(self.component_separator)

    def name(self, index: int) -> str:
        return f"{self.id}{index:02d}"


_WHITESPACE = " \t\r\n"


def read_delimiters(text: str) -> Delimiters:
    if not text.startswith("ISA") or len(text) < 16:
        raise X12SyntaxError(
            "the file does not start with an ISA segment: it is not an X12 837 interchange"
        )
    element = text[3]
    if element.isalnum() or element in _WHITESPACE:
        raise X12SyntaxError(f"ISA has '{element}' where its element separator should be")
    position = 3
    for count in range(15):  # ISA01 ... ISA16 follow 16 separators; find the 16th
        position = text.find(element, position + 1)
        if position < 0:
            raise X12SyntaxError(
                f"the ISA segment is cut short after ISA{count + 1:02d}: the "
                "file is truncated or not an X12 interchange"
            )
    if position + 2 >= len(text):
        raise X12SyntaxError(
            "the ISA segment has no ISA16 and segment terminator: the file is truncated"
        )
    component, segment = text[position + 1], text[position + 2]
    repetition_field = text.split(element, 12)[11] if text.count(element) >= 12 else ""
    repetition = (
        repetition_field if len(repetition_field) == 1 and not repetition_field.isalnum() else None
    )
    if segment.isalnum() or segment in (element, component):
        raise X12SyntaxError(
            f"the character after ISA16 ('{segment}') cannot end segments: "
            "the ISA segment is malformed"
        )
    return Delimiters(element=element, component=component, segment=segment, repetition=repetition)


def used_component_separator(text: str, delimiters: Delimiters) -> str | None:
    """The component separator the segments really use, when it differs from ISA16.

    Some files (several published TR3 examples among them) declare ':' in ISA16 but write
    'HC>99213'; SV101 always starts with a 2-letter qualifier and then a separator, so its
    first occurrence tells."""
    marker = f"SV1{delimiters.element}HC"
    at = text.find(marker)
    if at < 0 or at + len(marker) >= len(text):
        return None
    used = text[at + len(marker)]
    if (
        used == delimiters.component
        or used.isalnum()
        or used in _WHITESPACE
        or used in (delimiters.element, delimiters.segment)
    ):
        return None
    return used


def iter_segments(text: str, delimiters: Delimiters) -> Iterator[Segment]:
    number = 0
    for raw in text.split(delimiters.segment):
        raw = raw.strip(_WHITESPACE)
        if not raw:
            continue
        number += 1
        yield Segment(number, tuple(raw.split(delimiters.element)), delimiters.component)


def decode(data: bytes) -> str:
    """X12 is ASCII; Latin-1 reads any byte, so a stray character never stops the import."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    return data.decode("latin-1").lstrip(_WHITESPACE)
