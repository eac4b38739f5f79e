"""A payer's contract fee schedule: what the contract pays per unit of a code (and modifier), read
from the payer's .xlsx or .csv (columns code, modifier, amount, in any order and case, found in
the first rows) and kept with the payer profile in the workspace database. Where a code is on the
schedule it is what the payer should allow; elsewhere the profile's percentage of Medicare is.

A file with a bad row is not imported at all (the schedule in place stays): the message names
the file, the row and the column, and what to write instead."""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from core.db import transaction
from core.text_files import decode
from core.workspace.payers import find_payer

HEADER_ROWS = 10
MAX_SHOWN = 8
_CODE = re.compile(r"[A-Z0-9]{5}")
_MODIFIER = re.compile(r"[A-Z0-9]{2}")
_ALIASES = {
    "code": ("code", "hcpcs", "cpt", "hcpcs code", "cpt code", "procedure", "procedure code"),
    "modifier": ("modifier", "mod", "modifier 1", "mod1"),
    "amount": ("amount", "fee", "rate", "allowed", "allowed amount", "contract amount", "price"),
}


class ContractError(Exception):
    """The file cannot be imported as a contract fee schedule; the message says why."""


@dataclass(frozen=True)
class ContractFee:
    code: str
    modifier: str  # "" applies to the code whatever its modifiers, unless listed
    amount: Decimal  # per unit


@dataclass(frozen=True)
class Contract:
    payer: str
    fees: dict[tuple[str, str], Decimal]
    file: str

    def amount(self, code: str, modifiers: tuple[str, ...]) -> tuple[Decimal, str] | None:
        """(per-unit amount, the modifier of the row used) for a line, or None when the code
        is not on the schedule. A row for one of the line's modifiers wins over the code's
        row without a modifier."""
        for modifier in modifiers:
            found = self.fees.get((code, modifier))
            if found is not None:
                return found, modifier
        found = self.fees.get((code, ""))
        return None if found is None else (found, "")


def read_contract(path: Path) -> list[ContractFee]:
    rows = list(_rows(path))
    header_at, columns = _header(path.name, rows)
    fees: dict[tuple[str, str], ContractFee] = {}
    problems: list[str] = []
    for number, cells in rows[header_at + 1 :]:
        values = {key: _cell(cells, index) for key, index in columns.items()}
        if not any(values.values()):
            continue
        try:
            fee = _fee(values)
        except ValueError as exc:
            problems.append(f"row {number}: {exc}")
            continue
        key = (fee.code, fee.modifier)
        if key in fees and fees[key].amount != fee.amount:
            problems.append(
                f"row {number}: {fee.code} {fee.modifier or '(no modifier)'} is "
                f"listed twice with different amounts ({fees[key].amount} and "
                f"{fee.amount}): keep one"
            )
        fees[key] = fee
    if problems:
        more = f" (and {len(problems) - MAX_SHOWN} more)" if len(problems) > MAX_SHOWN else ""
        raise ContractError(
            f"{path.name}: nothing imported; " + "; ".join(problems[:MAX_SHOWN]) + more
        )
    if not fees:
        raise ContractError(f"{path.name}: no fee rows under the header: nothing imported")
    return list(fees.values())


def _fee(values: dict[str, str]) -> ContractFee:
    code = values["code"].upper()
    if not _CODE.fullmatch(code):
        raise ValueError(
            f"code '{values['code']}' is not a CPT/HCPCS code (5 characters, e.g. 99213 or G0439)"
        )
    modifier = values.get("modifier", "").upper()
    if modifier and not _MODIFIER.fullmatch(modifier):
        raise ValueError(
            f"modifier '{values['modifier']}' is not a modifier (2 characters, "
            "e.g. 26), or leave it blank"
        )
    raw = values["amount"].replace("$", "").replace(",", "").strip()
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise ValueError(f"amount '{values['amount']}' is not an amount (e.g. 84.50)") from None
    if not amount.is_finite() or amount < 0 or amount >= 10**7:
        raise ValueError(f"amount '{values['amount']}' is not a fee (0 or more dollars)")
    return ContractFee(code, modifier, amount)


def _cell(cells: tuple[object, ...], index: int | None) -> str:
    if index is None or index >= len(cells) or cells[index] is None:
        return ""
    value = cells[index]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header(
    name: str, rows: list[tuple[int, tuple[object, ...]]]
) -> tuple[int, dict[str, int | None]]:
    for at, (_, cells) in enumerate(rows[:HEADER_ROWS]):
        names = [str(c).strip().lower() if c is not None else "" for c in cells]
        found = {
            key: next((i for i, n in enumerate(names) if n in aliases), None)
            for key, aliases in _ALIASES.items()
        }
        if found["code"] is not None and found["amount"] is not None:
            return at, found
    raise ContractError(
        f"{name}: no header row with 'code' and 'amount' columns (and "
        "optionally 'modifier') in its first rows: add one and import again"
    )


def _rows(path: Path) -> Iterator[tuple[int, tuple[object, ...]]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ContractError(f"{path.name}: cannot be read ({exc.strerror or exc})") from None
    if data.startswith(b"PK\x03\x04"):
        yield from _xlsx_rows(path)
        return
    text = decode(data)
    if text is None:
        raise ContractError(
            f"{path.name}: not a .csv or .xlsx file: save the fee schedule as "
            "either and import again"
        )
    for number, record in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        yield number, tuple(record)


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[object, ...]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ContractError(
            f"{path.name}: cannot be opened as .xlsx ({exc}): save it again from Excel"
        ) from None
    try:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, tuple(row)
    finally:
        book.close()


# -- the workspace


def save_contract(conn: sqlite3.Connection, payer: str, fees: list[ContractFee], file: str) -> str:
    """Replace the payer profile's contract fee schedule; returns the profile's name.
    PayerError when there is no such profile."""
    with transaction(conn):
        return write_contract(conn, payer, fees, file)


def write_contract(conn: sqlite3.Connection, payer: str, fees: list[ContractFee], file: str) -> str:
    """save_contract() inside the caller's transaction."""
    profile = find_payer(conn, payer)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.execute("DELETE FROM contract_fees WHERE payer = ?", (profile.name,))
    conn.executemany(
        "INSERT INTO contract_fees (payer, code, modifier, amount, file, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(profile.name, f.code, f.modifier, str(f.amount), file, now) for f in fees],
    )
    return profile.name


def load_contracts(conn: sqlite3.Connection) -> dict[str, Contract]:
    """Every payer profile's contract fee schedule, by profile name (case-folded)."""
    found: dict[str, dict[tuple[str, str], Decimal]] = {}
    files: dict[str, tuple[str, str]] = {}
    for payer, code, modifier, amount, file in conn.execute(
        "SELECT c.payer, c.code, c.modifier, c.amount, c.file FROM contract_fees c "
        "JOIN payer_profiles p ON p.name = c.payer"
    ):
        found.setdefault(payer.casefold(), {})[(code, modifier)] = Decimal(amount)
        files[payer.casefold()] = (payer, file)
    return {key: Contract(files[key][0], fees, files[key][1]) for key, fees in found.items()}


def contract_fees(conn: sqlite3.Connection, payer: str) -> list[ContractFee]:
    return [
        ContractFee(code, modifier, Decimal(amount))
        for code, modifier, amount in conn.execute(
            "SELECT code, modifier, amount FROM contract_fees WHERE payer = ? "
            "ORDER BY code, modifier",
            (payer.strip(),),
        )
    ]
