"""Load resources/icd10cm_age_sex.csv (age and sex limits of ICD-10-CM codes, each with its
reason and source) into table icd10cm_age_sex. Run by the build after ICD-10-CM is loaded, so
every range can be checked against the code set."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from ..paths import RESOURCES
from .bundle import BundleError, read_rows

AGE_SEX_FILE = RESOURCES / "icd10cm_age_sex.csv"
COLUMNS = [
    "first",
    "last",
    "sex",
    "min_age",
    "max_age",
    "severity",
    "reason",
    "citation",
    "source_line",
]
_PREFIX = re.compile(r"^[A-Z][0-9A-Z]{2}(\.?[0-9A-Z]{1,4})?$")


def load(conn: sqlite3.Connection, path: Path = AGE_SEX_FILE) -> int:
    rows = [_row(conn, path.name, line, row) for line, row in read_rows(path)]
    conn.executemany(
        f"INSERT INTO icd10cm_age_sex ({', '.join(COLUMNS)}) VALUES "
        f"({', '.join('?' for _ in COLUMNS)})",
        rows,
    )
    return len(rows)


def _row(conn: sqlite3.Connection, name: str, line: int, row: dict[str, str]) -> tuple:
    def fail(message: str) -> BundleError:
        return BundleError(f"{name}, line {line}: {message}")

    first, last = (row[c].strip().upper() for c in ("first", "last"))
    if not (_PREFIX.match(first) and _PREFIX.match(last)):
        raise fail(f"'{first}'-'{last}' are not ICD-10-CM codes or prefixes")
    first, last = first.replace(".", ""), last.replace(".", "")
    if len(first) != len(last) or first > last:
        raise fail(f"{first}-{last}: a range runs between two codes of one length, low to high")
    for code in (first, last):
        if (
            conn.execute(
                "SELECT 1 FROM icd10cm WHERE code_nodot = ? AND kind IN ('category', "
                "'subcategory')",
                (code,),
            ).fetchone()
            is None
        ):
            raise fail(f"{code} is not in the ICD-10-CM code set")
    sex = row["sex"].strip().upper()
    ages = [_age(row[c], fail) for c in ("min_age", "max_age")]
    if sex not in ("", "F", "M"):
        raise fail(f"sex '{sex}' must be F, M or empty")
    if not sex and ages == [None, None]:
        raise fail("give a sex or an age range")
    if None not in ages and ages[0] > ages[1]:  # type: ignore[operator]
        raise fail("min_age is above max_age")
    severity = row["severity"].strip()
    if severity not in ("error", "warning"):
        raise fail(f"severity '{severity}' must be error or warning")
    if not row["reason"].strip() or not row["citation"].strip():
        raise fail("every range needs its reason and citation")
    return (first, last, sex, *ages, severity, row["reason"].strip(), row["citation"].strip(), line)


def _age(value: str, fail) -> int | None:  # type: ignore[no-untyped-def]
    text = value.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) > 124:
        raise fail(f"age '{text}' must be a whole number of years, 0-124")
    return int(text)
