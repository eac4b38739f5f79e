"""A claim as plain JSON-ready values and back: dates ISO, money and units as decimal strings.

The workspace keeps worklists this way and the CLI prints it (`claims --json`, `scrub --json`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from core.words import decimal_text

from .model import UNITS, Claim, Diagnosis, Patient, ServiceLine, Source


def claim_to_dict(claim: Claim) -> dict[str, object]:
    return {
        "claim_id": claim.claim_id,
        "payer": claim.payer,
        "payer_id": claim.payer_id,
        "filing_indicator": claim.filing_indicator,
        "patient": {
            "id": claim.patient.id,
            "name": claim.patient.name,
            "dob": _iso(claim.patient.dob),
            "sex": claim.patient.sex,
        },
        "billing_npi": claim.billing_npi,
        "rendering_npi": claim.rendering_npi,
        "pos": claim.pos,
        "service_zip": claim.service_zip,
        "total_charge": decimal_text(claim.total_charge),
        "incomplete": claim.incomplete,
        "diagnoses": [
            {"position": d.position, "letter": d.letter, "code": d.code, "code_set": d.code_set}
            for d in claim.diagnoses
        ],
        "lines": [_line_dict(line) for line in claim.lines],
        "source": source_to_dict(claim.source),
    }


def source_to_dict(source: Source) -> dict[str, object]:
    return {"file": source.file, "sheet": source.sheet, "row": source.row, "kind": source.kind}


def claim_from_dict(data: dict[str, Any]) -> Claim:
    """The inverse of claim_to_dict; KeyError, TypeError or ValueError when it is not one."""
    patient = data["patient"]
    return Claim(
        claim_id=data["claim_id"],
        payer=data["payer"],
        patient=Patient(
            patient["id"], _date(patient["dob"]), patient["sex"], patient.get("name", "")
        ),
        billing_npi=data["billing_npi"],
        rendering_npi=data["rendering_npi"],
        pos=data["pos"],
        service_zip=data["service_zip"],
        diagnoses=tuple(
            Diagnosis(d["position"], d["code"], d["code_set"]) for d in data["diagnoses"]
        ),
        lines=tuple(_line(line) for line in data["lines"]),
        source=_source(data["source"]),
        payer_id=data.get("payer_id", ""),
        filing_indicator=data.get("filing_indicator", ""),
        total_charge=_decimal(data.get("total_charge")),
        incomplete=bool(data.get("incomplete", False)),
    )


def _line_dict(line: ServiceLine) -> dict[str, object]:
    return {
        "number": line.number,
        "dos": line.dos.isoformat(),
        "dos_end": _iso(line.dos_end),
        "code": line.code,
        "modifiers": list(line.modifiers),
        "units": decimal_text(line.units),
        "unit_basis": line.unit_basis,
        "charge": decimal_text(line.charge),
        "pointers": list(line.pointers),
        "pos": line.pos,
        "rendering_npi": line.rendering_npi,
        "source": source_to_dict(line.source),
    }


def _line(data: dict[str, Any]) -> ServiceLine:
    dos = _date(data["dos"])
    if dos is None:
        raise ValueError("a service line without a date")
    return ServiceLine(
        number=data["number"],
        dos=dos,
        code=data["code"],
        modifiers=tuple(data["modifiers"]),
        units=_decimal(data["units"]),
        charge=_decimal(data["charge"]),
        pointers=tuple(data["pointers"]),
        source=_source(data["source"]),
        pos=data.get("pos", ""),
        rendering_npi=data.get("rendering_npi", ""),
        dos_end=_date(data.get("dos_end")),
        unit_basis=data.get("unit_basis", UNITS),
    )


def _source(data: dict[str, Any]) -> Source:
    return Source(data["file"], data.get("sheet"), data.get("row"), data.get("kind", "row"))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
