"""Age and sex limits of ICD-10-CM codes (table icd10cm_age_sex, from
resources/icd10cm_age_sex.csv), each with its reason and the source it comes from."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from ..db import memoized


@dataclass(frozen=True)
class AgeSexLimit:
    first: str  # undotted prefix: "Z001", "O00"
    last: str
    sex: str  # F | M | '' (no sex limit)
    min_age: int | None
    max_age: int | None
    severity: str  # error | warning (the age limit)
    reason: str
    citation: str
    source_line: int  # line of resources/icd10cm_age_sex.csv

    def covers(self, code: str) -> bool:
        head = code.replace(".", "").upper()[: len(self.first)]
        return len(head) == len(self.first) and self.first <= head <= self.last

    @property
    def codes(self) -> str:
        """The range as a biller writes it: "Z00.1-", "O00-O9A"."""

        def dotted(prefix: str) -> str:
            return prefix if len(prefix) <= 3 else f"{prefix[:3]}.{prefix[3:]}"

        if self.first == self.last:
            return dotted(self.first) + "-"
        return f"{dotted(self.first)}-{dotted(self.last)}"

    @property
    def ages(self) -> str:
        if self.min_age == self.max_age == 0:
            return "under 1 year old"
        if self.min_age is not None and self.max_age is not None:
            return f"ages {self.min_age}-{self.max_age}"
        return (
            f"age {self.min_age} or over"
            if self.min_age is not None
            else f"age {self.max_age} or under"
        )

    def source(self) -> str:
        return f"{self.citation} (resources/icd10cm_age_sex.csv line {self.source_line})"


def limits(conn: sqlite3.Connection) -> tuple[AgeSexLimit, ...]:
    return memoized(
        conn,
        ("icd_age_sex",),
        lambda: tuple(
            AgeSexLimit(*row)
            for row in conn.execute(
                "SELECT first, last, sex, min_age, max_age, severity, reason, citation, "
                "source_line FROM icd10cm_age_sex ORDER BY length(first) DESC, first"
            )
        ),
    )


def age_limit(conn: sqlite3.Connection, code: str) -> AgeSexLimit | None:
    """The most specific range with an age limit that covers `code` (Z00.11 before Z00.1)."""
    return _limits_of(conn, code)[0]


def sex_limit(conn: sqlite3.Connection, code: str) -> AgeSexLimit | None:
    return _limits_of(conn, code)[1]


def _limits_of(
    conn: sqlite3.Connection, code: str
) -> tuple[AgeSexLimit | None, AgeSexLimit | None]:
    """(age limit, sex limit) of a code, worked out once per code and connection."""
    nodot = code.replace(".", "").upper()
    return memoized(
        conn, ("icd_age_sex_of", nodot), lambda: _find(_by_letter(conn).get(nodot[:1], ()), nodot)
    )


def _by_letter(conn: sqlite3.Connection) -> dict[str, tuple[AgeSexLimit, ...]]:
    """The ranges that can hold codes of each first letter, most specific first."""

    def build() -> dict[str, tuple[AgeSexLimit, ...]]:
        found: dict[str, list[AgeSexLimit]] = {}
        for limit in limits(conn):
            for letter in range(ord(limit.first[:1] or "A"), ord(limit.last[:1] or "Z") + 1):
                found.setdefault(chr(letter), []).append(limit)
        return {letter: tuple(items) for letter, items in found.items()}

    return memoized(conn, ("icd_age_sex_by_letter",), build)


def _find(
    ranges: tuple[AgeSexLimit, ...], nodot: str
) -> tuple[AgeSexLimit | None, AgeSexLimit | None]:
    age = sex = None
    for limit in ranges:  # most specific first
        head = nodot[: len(limit.first)]
        if len(head) != len(limit.first) or not limit.first <= head <= limit.last:
            continue
        if age is None and (limit.min_age is not None or limit.max_age is not None):
            age = limit
        if sex is None and limit.sex:
            sex = limit
        if age is not None and sex is not None:
            break
    return age, sex
