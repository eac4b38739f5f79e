"""The worklist's columns in one place: canonical names, what each holds, the header aliases
billers' exports use, and the header-row mapping. The template and its instructions sheet are
written from this table, and the reader maps headers with it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.claims.model import MAX_DIAGNOSES, MAX_MODIFIERS


@dataclass(frozen=True)
class Column:
    name: str
    level: str  # "claim": the same on every row of a claim; "line": per service line
    meaning: str
    formats: str
    aliases: tuple[str, ...] = ()


_DX_ALIAS_FORMS = (
    "Dx {}",
    "Diagnosis {}",
    "Diagnosis Code {}",
    "Diag {}",
    "Dx Code {}",
    "ICD-10 {}",
    "ICD-10 Code {}",
    "ICD {}",
)


def _dx_aliases(n: int) -> tuple[str, ...]:
    forms = [f.format(n) for f in _DX_ALIAS_FORMS if not (f == "ICD {}" and n == 10)]
    letter = "ABCDEFGHIJKL"[n - 1]
    forms += [f"Dx {letter}", f"Diagnosis {letter}"]
    if n == 1:
        forms += [
            "Dx",
            "Diagnosis",
            "Diagnosis Code",
            "Primary Dx",
            "Primary Diagnosis",
            "Principal Diagnosis",
            "ICD",
            "ICD-10",
            "ICD-10 Code",
        ]
    return tuple(forms)


_ICD_FORMATS = "ICD-10-CM code with or without the dot: C34.90 or C3490"

COLUMNS: tuple[Column, ...] = (
    Column(
        "claim_id",
        "claim",
        "Your claim or encounter number; rows with the same id are one "
        "claim. A blank continues the claim of the row above.",
        "text",
        (
            "Claim ID",
            "Claim",
            "Claim Number",
            "Claim No",
            "Claim #",
            "Claim Num",
            "Encounter",
            "Encounter ID",
            "Encounter Number",
            "Visit ID",
            "Ticket",
            "Ticket Number",
            "Patient Control Number",
        ),
    ),
    Column(
        "payer",
        "claim",
        "The payer (insurance) name",
        "text",
        (
            "Payer Name",
            "Payor",
            "Payor Name",
            "Insurance",
            "Insurance Name",
            "Insurance Company",
            "Insurance Plan",
            "Carrier",
            "Primary Insurance",
            "Primary Payer",
            "Plan",
        ),
    ),
    Column(
        "patient_id",
        "claim",
        "Your patient identifier (MRN, account or member id)",
        "text",
        (
            "Patient ID",
            "Patient Number",
            "Patient No",
            "Patient #",
            "MRN",
            "Medical Record Number",
            "Chart",
            "Chart Number",
            "Chart #",
            "Account",
            "Account Number",
            "Acct",
            "Acct #",
            "Patient Account",
            "Member ID",
            "Subscriber ID",
            "Insured ID",
        ),
    ),
    Column(
        "patient_dob",
        "claim",
        "Patient's date of birth",
        "date: 2025-03-14, 03/14/2025 or an Excel date",
        (
            "Patient DOB",
            "DOB",
            "Date of Birth",
            "Birth Date",
            "Birthdate",
            "Patient Date of Birth",
            "Patient Birth Date",
            "Pt DOB",
        ),
    ),
    Column(
        "patient_sex",
        "claim",
        "Patient's sex",
        "M, F or U (Male, Female also read)",
        ("Patient Sex", "Sex", "Gender", "Patient Gender", "Pt Sex"),
    ),
    Column(
        "billing_npi",
        "claim",
        "Billing provider NPI (box 33a)",
        "10 digits",
        ("Billing NPI", "Billing Provider NPI", "Group NPI", "NPI Billing"),
    ),
    Column(
        "rendering_npi",
        "claim",
        "Rendering provider NPI (box 24J)",
        "10 digits",
        (
            "Rendering NPI",
            "Rendering Provider NPI",
            "Provider NPI",
            "Performing NPI",
            "Performing Provider NPI",
            "Servicing NPI",
            "Servicing Provider NPI",
            "NPI",
        ),
    ),
    Column(
        "pos",
        "claim",
        "Place of service code (box 24B)",
        "2 digits: 11 office, 22 outpatient hospital...",
        ("POS", "Place of Service", "Place of Service Code", "POS Code", "Claim POS"),
    ),
    Column(
        "service_zip",
        "claim",
        "ZIP code where the service was given: prices the claim in "
        "its Medicare locality. Blank: national amounts, with a note.",
        "5 digits or ZIP+4",
        (
            "Service ZIP",
            "Service Zip Code",
            "ZIP",
            "Zip Code",
            "ZIP5",
            "Facility ZIP",
            "Service Facility ZIP",
            "Service Location ZIP",
            "Location ZIP",
            "Postal Code",
        ),
    ),
    Column(
        "dos",
        "line",
        "Date of service",
        "date: 2025-03-14, 03/14/2025 or an Excel date",
        (
            "DOS",
            "Date of Service",
            "Service Date",
            "DOS From",
            "From Date",
            "From DOS",
            "Date",
            "Svc Date",
            "Service Date From",
            "Date of Service From",
        ),
    ),
    Column(
        "hcpcs",
        "line",
        "Procedure code (box 24D)",
        "CPT/HCPCS code, e.g. 99213 or J3301; '99213-25' also reads the modifier",
        (
            "HCPCS",
            "CPT",
            "CPT Code",
            "HCPCS Code",
            "CPT/HCPCS",
            "HCPCS/CPT",
            "CPT HCPCS",
            "Procedure",
            "Procedure Code",
            "Proc Code",
            "Proc",
            "Code",
            "Service Code",
        ),
    ),
    Column(
        "modifiers",
        "line",
        f"Up to {MAX_MODIFIERS} modifiers in one cell, or use the "
        "optional columns mod1-mod4 instead",
        "'26 59' or '26,59'",
        ("Modifiers", "Modifier", "Modifier(s)", "Mods", "Mod"),
    ),
    Column(
        "units",
        "line",
        "Units (box 24G)",
        "a number: 1, 2, 1.5",
        ("Units", "Unit", "Qty", "Quantity", "Days or Units", "Days/Units", "Service Units"),
    ),
    Column(
        "charge",
        "line",
        "Billed charge for the line (box 24F)",
        "an amount: 125.00, $125",
        (
            "Charge",
            "Charges",
            "Charge Amount",
            "Charge Amt",
            "Billed Amount",
            "Billed",
            "Billed Charge",
            "Line Charge",
            "Amount",
            "Fee",
        ),
    ),
    Column(
        "dx_pointers",
        "line",
        "Which of dx1-dx12 this line is for (box 24E)",
        "letters 'AB' (A is dx1) or numbers '1,2'",
        (
            "Dx Pointers",
            "Dx Pointer",
            "Diagnosis Pointer",
            "Diagnosis Pointers",
            "Diag Pointer",
            "Pointer",
            "Pointers",
            "Dx Ptr",
            "Dx Ptrs",
            "ICD Pointer",
        ),
    ),
    *(
        Column(
            f"dx{n}",
            "claim",
            f"Diagnosis {'ABCDEFGHIJKL'[n - 1]} (box 21)",
            _ICD_FORMATS,
            _dx_aliases(n),
        )
        for n in range(1, 13)
    ),
)

OPTIONAL_COLUMNS: tuple[Column, ...] = (
    *(
        Column(
            f"mod{n}",
            "line",
            f"Modifier {n}, instead of the modifiers column",
            "2 characters",
            (f"Mod {n}", f"Modifier {n}", f"Mod #{n}", f"Modifier #{n}"),
        )
        for n in range(1, MAX_MODIFIERS + 1)
    ),
    Column(
        "line_pos",
        "line",
        "Place of service of this line when it differs from pos",
        "2 digits",
        ("Line POS", "Line Place of Service", "Service Line POS"),
    ),
)

CANONICAL_HEADERS: tuple[str, ...] = tuple(c.name for c in COLUMNS)
REQUIRED = ("claim_id", "dos", "hcpcs")
CLAIM_LEVEL = tuple(c.name for c in COLUMNS if c.level == "claim" and c.name != "claim_id")
DX_COLUMNS = tuple(f"dx{n}" for n in range(1, MAX_DIAGNOSES + 1))
MODIFIER_COLUMNS = tuple(f"mod{n}" for n in range(1, MAX_MODIFIERS + 1))


def header_key(header: object) -> str:
    """'Date of Service' , 'date_of_service', 'DATE OF SERVICE' -> 'dateofservice'."""
    return re.sub(r"[^a-z0-9]", "", str(header).lower()) if header is not None else ""


def _alias_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for column in COLUMNS + OPTIONAL_COLUMNS:
        for alias in (column.name, *column.aliases):
            key = header_key(alias)
            if table.setdefault(key, column.name) != column.name:
                raise AssertionError(f"alias {alias!r} names both {table[key]} and {column.name}")
    return table


ALIASES = _alias_table()


@dataclass(frozen=True)
class HeaderMap:
    """Which column index holds which field; `duplicates` are extra columns naming a field that
    an earlier column already names (the earlier one is used)."""

    fields: dict[str, int]
    headers: tuple[str, ...]  # as written, by column index
    duplicates: tuple[tuple[int, str], ...]

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name in REQUIRED if name not in self.fields)


def map_header(cells: tuple[object, ...] | list[object]) -> HeaderMap:
    fields: dict[str, int] = {}
    duplicates: list[tuple[int, str]] = []
    headers = tuple("" if c is None else str(c).strip() for c in cells)
    for index, header in enumerate(headers):
        name = ALIASES.get(header_key(header))
        if name is None:
            continue
        if name in fields:
            duplicates.append((index, name))
        else:
            fields[name] = index
    return HeaderMap(fields, headers, tuple(duplicates))
