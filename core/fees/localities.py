"""Find a Medicare payment locality the way a biller thinks of it: by state, locality name,
county or ZIP code, for the fee calculator's picker."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date

from ..refdata import localities as loc_data
from ..refdata.localities import NATIONAL, zip_file_loaded

_KEY_RE = re.compile(r"^\s*(\d{5})\s*-\s*(\d{2})\s*$")


@dataclass(frozen=True)
class LocalityChoice:
    key: str  # "13202-01", or "national"
    state: str  # "NY" ('' for national)
    state_name: str  # "NEW YORK" as the LOCCO file prints it ('' when not loaded)
    name: str  # "MANHATTAN"
    counties: str  # "NEW YORK" ('' when not loaded)
    zip_code: str | None = None  # set when the choice was found by ZIP
    zip_split: bool = False  # the ZIP is split between localities by ZIP+4

    @property
    def national(self) -> bool:
        return self.key == "national"

    @property
    def label(self) -> str:
        if self.national:
            return self.name
        text = f"{self.state}  {self.name}  ({self.key})"
        if self.zip_code:
            split = ", split by ZIP+4" if self.zip_split else ""
            return f"ZIP {self.zip_code}{split}: {text}"
        return text

    @property
    def detail(self) -> str:
        """Counties of the locality, for a tooltip."""
        if self.national:
            return "All GPCIs 1.000: the national amount, before any geographic adjustment"
        state = self.state_name or self.state
        return f"{state}: {self.counties}" if self.counties else state


NATIONAL_CHOICE = LocalityChoice("national", "", "", NATIONAL.name, "")


def search_localities(conn: sqlite3.Connection, text: str, day: date) -> list[LocalityChoice]:
    """Localities in effect in `day`'s year matching `text`: a state abbreviation ("NY") or name,
    words of the locality name or its counties, a CARRIER-LOCALITY key, or a 5-digit ZIP code
    (through the ZIP5 file when loaded). Empty text lists them all, national first."""
    choices = _all_localities(conn, day)
    query = text.strip().upper()
    if not query:
        return [NATIONAL_CHOICE, *choices]
    key = _KEY_RE.match(query)
    if key:
        wanted = f"{key.group(1)}-{key.group(2)}"
        return [c for c in choices if c.key == wanted]
    found: list[LocalityChoice] = []
    if len(query) == 5 and query.isdigit():
        found += _by_zip(conn, query, day, choices)
    if any(c.state == query for c in choices):
        return found + [c for c in choices if c.state == query]
    words = query.replace(",", " ").split()
    if all(_word_matches(w, NATIONAL_CHOICE.name.upper()) for w in words):
        found.insert(0, NATIONAL_CHOICE)
    found += [c for c in choices if all(_word_matches(w, _haystack(c)) for w in words)]
    return found


def _haystack(choice: LocalityChoice) -> str:
    return " ".join(
        (choice.key, choice.state, choice.state_name, choice.name, choice.counties)
    ).upper()


def _word_matches(word: str, haystack: str) -> bool:
    """A word matches when a word of the haystack starts with it ("manh" -> MANHATTAN)."""
    return any(part.startswith(word) for part in re.split(r"[^0-9A-Z.+]+", haystack) if part) or (
        len(word) > 3 and word in haystack
    )


def _all_localities(conn: sqlite3.Connection, day: date) -> list[LocalityChoice]:
    return [
        LocalityChoice(r.key, r.state, r.state_name, r.name, r.counties)
        for r in loc_data.locality_rows(conn, day)
    ]


def _by_zip(
    conn: sqlite3.Connection, zip_code: str, day: date, choices: list[LocalityChoice]
) -> list[LocalityChoice]:
    found = loc_data.zip_locality(conn, zip_code, day)
    if found is None:
        return []
    return [
        LocalityChoice(c.key, c.state, c.state_name, c.name, c.counties, zip_code, found.split)
        for c in choices
        if c.key == found.key
    ]


__all__ = ["NATIONAL_CHOICE", "LocalityChoice", "search_localities", "zip_file_loaded"]
