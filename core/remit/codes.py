"""Claim adjustment reason codes (CARC) and remittance advice remark codes (RARC).

X12 owns the texts of both lists, so the app ships only codes, dates and OUR category of each
CARC (resources/carc_categories.csv). The texts come from the user: `read_code_list` reads X12's
lists as a user saves them (a CSV with code and description columns, or the x12.org code list
page saved as HTML) into CodeRow values; storing them is the workspace's job."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from core.paths import RESOURCES
from core.text_files import decode

CARC_CATEGORIES_CSV = RESOURCES / "carc_categories.csv"

# Our categories, each with what it means for the biller (our words).
CATEGORIES: dict[str, str] = {
    "missing/invalid info": "something on the claim was missing, invalid or not documented; "
    "correct it and resubmit",
    "bundled/NCCI": "paid as part of another service (bundling, NCCI, global package)",
    "medical necessity": "the payer judged the service not necessary or not supported",
    "eligibility/coverage": "the patient was not covered, or a benefit limit was reached",
    "timely filing": "filed too late",
    "duplicate": "already billed or already paid",
    "patient responsibility": "deductible, coinsurance, copay and other amounts the patient owes",
    "contractual": "the contract or fee arrangement reduces the charge; written off",
    "authorization/referral": "prior authorization, referral or network rules not met",
    "coordination of benefits": "another payer (or plan) is responsible first",
    "coding/modifier": "the code, modifier, diagnosis or place of service does not fit",
    "non-covered": "a service the plan does not cover",
    "pricing/fee schedule": "an adjustment from how the payer prices the service",
    "appeal/reprocessing": "a correction, reversal, refund, review or appeal of earlier processing",
    "provider eligibility": "the provider cannot bill or be paid for this service",
    "other": "anything else (taxes, interest, withholds, special programs)",
}
UNKNOWN = "unknown code"

_CARC = re.compile(r"\d{1,3}|[ABDPWY]\d{1,2}")
_RARC = re.compile(r"(?:M|MA|N)\d{1,3}")
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_DATE_LABEL = re.compile(r"(Start|Stop|Last Modified)\s*:\s*(\d{1,2}/\d{1,2}/\d{4})")


class CodeListError(Exception):
    """The file is not an X12 CARC or RARC list; the message says why and what to do."""


@dataclass(frozen=True)
class CarcCategory:
    code: str
    category: str
    start: date | None
    stop: date | None  # deactivated from this date on


@dataclass(frozen=True)
class CodeRow:
    kind: str  # "CARC" or "RARC"
    code: str
    text: str  # X12's text, as the user's file has it (never bundled)
    start: date | None
    stop: date | None


# -- the bundled categories


def read_carc_categories(path: Path = CARC_CATEGORIES_CSV) -> dict[str, CarcCategory]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {
            row["code"]: CarcCategory(
                row["code"], row["category"], _iso(row["start"]), _iso(row["stop"])
            )
            for row in csv.DictReader(handle)
        }


@cache
def carc_categories() -> dict[str, CarcCategory]:
    return read_carc_categories()


def known_carc_codes() -> frozenset[str]:
    return frozenset(carc_categories())


def carc_category(code: str) -> str:
    found = carc_categories().get(code.strip().upper())
    return found.category if found else UNKNOWN


def code_kind(code: str) -> str | None:
    """CARC, RARC, or None for neither (the two lists use different code shapes)."""
    if _CARC.fullmatch(code):
        return "CARC"
    return "RARC" if _RARC.fullmatch(code) else None


# -- X12's lists as the user provides them


def read_code_list(path: Path) -> list[CodeRow]:
    """Rows of a CARC or RARC list (CSV or the saved x12.org page), in file order."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CodeListError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise CodeListError(
            f"{path.name}: this is a spreadsheet; save the code list as CSV "
            "(code and description columns) or save the x12.org page as HTML"
        )
    text = _text(data)
    if not text.strip():
        raise CodeListError(f"{path.name}: the file is empty")
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype", "<html", "<")):
        rows = _from_html(path.name, text)
    else:
        rows = _from_csv(path.name, text)
    if not rows:
        raise CodeListError(f"{path.name}: no codes found: this is not an X12 CARC or RARC list")
    return rows


def _text(data: bytes) -> str:
    return decode(data) or ""  # binary: no codes found, said by the caller


def _from_csv(name: str, text: str) -> list[CodeRow]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = {f.strip().lower(): f for f in reader.fieldnames or ()}
    code_field = fields.get("code")
    text_field = fields.get("description") or fields.get("text")
    if code_field is None or text_field is None:
        raise CodeListError(
            f"{name}: the first row has no 'code' and 'description' columns "
            f"(it has {', '.join(reader.fieldnames or ()) or 'nothing'}): "
            "this is not an X12 CARC or RARC list"
        )
    rows: list[CodeRow] = []
    for row in reader:
        line = reader.line_num
        description = (row.get(text_field) or "").strip()
        dates = " | ".join(
            row.get(fields[k]) or "" for k in ("start", "stop", "dates_raw") if k in fields
        )
        start = _column_date(row, fields, "start", name, line)
        stop = _column_date(row, fields, "stop", name, line)
        rows.append(_row(name, line, row.get(code_field) or "", description, dates, start, stop))
    return rows


def _row(
    name: str,
    line: int,
    code: str,
    description: str,
    dates: str,
    start: date | None = None,
    stop: date | None = None,
) -> CodeRow:
    code = code.strip().upper()
    kind = code_kind(code)
    if kind is None:
        raise CodeListError(
            f"{name}, row {line}: '{code}' is not a CARC or RARC code: this "
            "is not an X12 code list (or the row is damaged)"
        )
    text, found = _split_dates(description)
    found.update(_labelled_dates(dates))
    return CodeRow(kind, code, text, start or found.get("Start"), stop or found.get("Stop"))


def _split_dates(description: str) -> tuple[str, dict[str, date]]:
    """RARC descriptions carry 'Start: 01/01/1997 | Stop: ...Notes: ...' after the text."""
    at = description.find("Start:")
    if at < 0:
        return " ".join(description.split()), {}
    return " ".join(description[:at].split()), _labelled_dates(description[at:])


def _labelled_dates(text: str) -> dict[str, date]:
    return {label: _us(value) for label, value in _DATE_LABEL.findall(text)}


def _column_date(row: dict, fields: dict[str, str], key: str, name: str, line: int) -> date | None:
    raw = (row.get(fields[key]) or "").strip() if key in fields else ""
    if not raw:
        return None
    try:
        return _us(raw) if _US_DATE.fullmatch(raw) else date.fromisoformat(raw)
    except ValueError:
        raise CodeListError(
            f"{name}, row {line}: {key} '{raw}' is not a date (MM/DD/YYYY)"
        ) from None


def _us(raw: str) -> date:
    return datetime.strptime(raw, "%m/%d/%Y").date()


def _iso(raw: str) -> date | None:
    return date.fromisoformat(raw) if raw else None


class _CodeTable(HTMLParser):
    """The rows of x12.org's code list table: <td class="code"> and <td class="description">
    (whose <span class="dates"> holds Start / Last Modified / Stop)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, str, str]] = []
        self._cell: str | None = None
        self._in_dates = False
        self._parts: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "tr":
            self._parts = {"code": [], "description": [], "dates": []}
        elif tag == "td" and ("code" in classes or "description" in classes):
            self._cell = "code" if "code" in classes else "description"
        elif tag == "span" and "dates" in classes:
            self._in_dates = True
        elif tag == "br" and self._cell:
            self._add(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self._in_dates = False
        elif tag == "td":
            self._cell = None
        elif tag == "tr" and self._parts.get("code"):
            code, description, dates = (
                "".join(self._parts[k]).strip() for k in ("code", "description", "dates")
            )
            self.rows.append((code, description, dates))
            self._parts = {}

    def handle_data(self, data: str) -> None:
        if self._cell:
            self._add(data)

    def _add(self, data: str) -> None:
        key = "dates" if self._in_dates else self._cell
        if key and key in self._parts:
            self._parts[key].append(data)


def _from_html(name: str, text: str) -> list[CodeRow]:
    table = _CodeTable()
    table.feed(text)
    if not table.rows:
        raise CodeListError(
            f"{name}: this web page has no X12 code list table: save the "
            "x12.org page of claim adjustment reason codes (or remark codes)"
        )
    return [
        _row(name, number, code, description, dates)
        for number, (code, description, dates) in enumerate(table.rows, start=1)
    ]
