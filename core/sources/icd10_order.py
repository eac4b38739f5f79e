"""CMS/CDC ICD-10-CM code files: the order file and the addenda that roll it one fiscal year on.

Order file `icd10cm-order-YYYY.txt`, one fixed-width record a line (CDC's layout):
    cols 1-5 order number, 7-13 code (no dot), 15 flag (1 = valid for HIPAA transactions, i.e.
    billable; 0 = header), 17-76 short description, 78-end long description.
Order addenda `icd10cm_order_addenda_YYYY.txt`: a 13-column action ("Add:", "Delete:",
    "Revise from:", "Revise to:"), then the flag (col 14), the code (16-22), the short (24-83) and
    the long description (85-end). CDC drops the order number here. A full order record after the
    action (order number first) is accepted too.
Codes addenda `icd10cm-codes-addenda-YYYY.txt` (the older layout): the action, then the code
    (col 14-20) and the long description (22-end). The codes file lists billable codes only, so
    every code in it is billable, and a code "deleted" there while codes under it are added has
    become a header (CDC's order addenda say so with "Delete: 1 X" + "Add: 0 X").
Both addenda end with a summary block ("Headers" / "Codes" and counts), which is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .source_file import SourceError

ACTIONS = {"Add:": "add", "Delete:": "delete", "Revise from:": "from", "Revise to:": "to"}
CHANGES = ("added", "deleted", "header", "billable", "revised")
_CODE = re.compile(r"^[A-Z][0-9A-Z]{2,6}$")  # FY2027 brings the first letter-letter category (QA1)
_ORDER_RECORD = re.compile(r"^\d{5} [A-Z][0-9A-Z]{2,6} *[01] ")
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_TRAILER = ("Headers", "Codes")


@dataclass(frozen=True)
class CodeRecord:
    code: str  # with the dot after the 3rd character: "I42.00"
    billable: bool
    description: str  # the long description
    line: int


@dataclass(frozen=True)
class Change:
    """One code's change in one fiscal year, the unit every ICD-10-CM source is reduced to."""

    code: str
    change: str  # one of CHANGES
    billable: bool  # the flag from this year on (deleted: the flag it last had)
    description: str  # from this year on (deleted: its last description)
    previous: str = ""  # revised: the description before
    line: int | None = None


def dotted(code: str) -> str:
    code = code.strip().upper().replace(".", "")
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def fiscal_year_in_name(path: Path) -> int | None:
    """CDC names the files by fiscal year: icd10cm_order_addenda_2027.txt is FY2027."""
    match = _YEAR.search(path.name)
    return int(match.group(1)) if match else None


def looks_like_order(lines: list[str]) -> bool:
    records = [ln for ln in lines if ln.strip()]
    return len(records) >= 3 and all(_ORDER_RECORD.match(ln) for ln in records[:20])


def looks_like_addenda(lines: list[str]) -> bool:
    records = [ln for ln in lines if ln.strip()]
    return bool(records) and all(ln.startswith(tuple(ACTIONS)) for ln in records[:5])


def parse_order(path: Path, text: str) -> list[CodeRecord]:
    records = []
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if not _ORDER_RECORD.match(line):
            raise SourceError(
                path,
                "not an order-file record (order number in columns 1-5, "
                "code in 7-13, flag 0/1 in 15); use CDC's "
                "icd10cm-order-YYYY.txt as downloaded",
                number,
            )
        record = _record(path, number, line[6:13], line[14], line[77:])
        if record.code in seen:
            raise SourceError(
                path, f"{record.code} is listed twice (first on line {seen[record.code]})", number
            )
        seen[record.code] = number
        records.append(record)
    if not records:
        raise SourceError(path, "no ICD-10-CM codes in the file")
    return records


def parse_addenda(path: Path, text: str) -> list[Change]:
    """The file's changes, one per code (a delete + add of one code is a flag change)."""
    entries = list(_addenda_entries(path, text))
    if not entries:
        raise SourceError(path, "no Add:, Delete: or Revise lines: not an ICD-10-CM addenda file")
    flagless = all(flag is None for _, _, flag in entries)
    by_code: dict[str, dict[str, CodeRecord]] = {}
    for action, record, _ in entries:
        actions = by_code.setdefault(record.code, {})
        if action in actions:
            raise SourceError(
                path,
                f"{record.code} has a second '{action}' line (first on line "
                f"{actions[action].line})",
                record.line,
            )
        actions[action] = record
    added = {code for code, actions in by_code.items() if "add" in actions}
    changes = [_change(path, code, actions, flagless, added) for code, actions in by_code.items()]
    return [change for group in changes for change in group]


def _addenda_entries(path: Path, text: str) -> Iterator[tuple[str, CodeRecord, str | None]]:
    pending: CodeRecord | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() in _TRAILER:
            break
        if not line.strip():
            continue
        prefix = next((p for p in ACTIONS if line.startswith(p)), None)
        if prefix is None:
            raise SourceError(
                path,
                "not an addenda line: each line starts with Add:, Delete:, "
                "Revise from: or Revise to:",
                number,
            )
        action = ACTIONS[prefix]
        record, flag = _addenda_record(path, number, line[13:] if len(line) > 13 else "")
        if action == "to":
            if pending is None or pending.code != record.code:
                raise SourceError(
                    path,
                    f"'Revise to:' without a 'Revise from:' line for {record.code} just before it",
                    number,
                )
            pending = None
        elif pending is not None:
            raise SourceError(
                path,
                f"'Revise from:' {pending.code} has no 'Revise to:' line after it",
                pending.line,
            )
        if action == "from":
            pending = record
        yield action, record, flag
    if pending is not None:
        raise SourceError(
            path, f"'Revise from:' {pending.code} has no 'Revise to:' line", pending.line
        )


def _addenda_record(path: Path, number: int, rest: str) -> tuple[CodeRecord, str | None]:
    if len(rest) > 2 and rest[0] in "01" and rest[1] == " ":  # order addenda (CDC)
        return _record(path, number, rest[2:9], rest[0], rest[71:]), rest[0]
    if _ORDER_RECORD.match(rest):  # a full order record
        return _record(path, number, rest[6:13], rest[14], rest[77:]), rest[14]
    if rest[:1].isalpha():  # codes addenda (older)
        return _record(path, number, rest[:7], "1", rest[8:]), None
    raise SourceError(
        path,
        "cannot read the code record after the action: expected the flag "
        "0/1 in column 14 and the code in columns 16-22",
        number,
    )


def _record(path: Path, number: int, code: str, flag: str, description: str) -> CodeRecord:
    raw = code.strip()
    if not _CODE.match(raw):
        raise SourceError(
            path,
            f"'{raw}' is not an ICD-10-CM code (3-7 characters, a letter first, no dot)",
            number,
        )
    if flag not in ("0", "1"):
        raise SourceError(path, f"'{flag}' is not a billable flag (0 header, 1 billable)", number)
    long = " ".join(description.split())
    if not long:
        raise SourceError(path, f"{raw} has no long description", number)
    return CodeRecord(dotted(raw), flag == "1", long, number)


def _change(
    path: Path, code: str, actions: dict[str, CodeRecord], flagless: bool, added: set[str]
) -> list[Change]:
    add, delete = actions.get("add"), actions.get("delete")
    before, after = actions.get("from"), actions.get("to")
    if before and after:
        revised = [
            Change(
                code, "revised", after.billable, after.description, before.description, before.line
            )
        ]
        if add or delete:
            raise SourceError(path, f"{code} is revised and also added or deleted", after.line)
        return revised
    if add and delete:  # CDC: "Delete: 1 I420" then "Add: 0 I420"
        if add.billable == delete.billable:
            raise SourceError(
                path, f"{code} is deleted and added again with the same flag", add.line
            )
        kind = "billable" if add.billable else "header"
        return [Change(code, kind, add.billable, add.description, "", delete.line)]
    if add:
        return [Change(code, "added", add.billable, add.description, "", add.line)]
    assert delete is not None
    undotted = code.replace(".", "")
    if flagless and any(
        other.replace(".", "").startswith(undotted) and other != code for other in added
    ):
        return [Change(code, "header", False, delete.description, "", delete.line)]
    return [Change(code, "deleted", delete.billable, delete.description, "", delete.line)]
