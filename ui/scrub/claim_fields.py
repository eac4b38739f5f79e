"""The selected claim's own fields (payer, patient, providers, place of service, diagnoses) as
an editable two-column table: an edit makes a new Claim (dataclasses.replace) and emits
claim_edited(new claim); a value that cannot be read emits edit_failed(message)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Qt, Signal

from core.claims.model import MAX_DIAGNOSES, Claim, Diagnosis
from core.claims_io.values import (
    BadValue,
    normalize_icd10,
    parse_date,
    parse_pos,
    parse_sex,
    parse_zip,
    text,
)

from ..rows_model import Column, Index, RowsModel

Field = tuple[str, Callable[[Claim], str], Callable[[Claim, str], Claim]]


def _npi(value: str) -> str:
    return text(value).replace(" ", "")


def _patient(claim: Claim, **changes: Any) -> Claim:
    return replace(claim, patient=replace(claim.patient, **changes))


def _diagnoses(claim: Claim, value: str) -> Claim:
    codes = [c for c in re.split(r"[\s,;]+", value.strip()) if c]
    if len(codes) > MAX_DIAGNOSES:
        raise BadValue(f"{len(codes)} diagnoses: a claim holds at most {MAX_DIAGNOSES}")
    return replace(
        claim,
        diagnoses=tuple(
            Diagnosis(i, normalize_icd10(code), raw=code) for i, code in enumerate(codes, start=1)
        ),
    )


def _claim_id(claim: Claim, value: str) -> Claim:
    if not text(value):
        raise BadValue("a claim needs an id")
    return replace(claim, claim_id=text(value))


FIELDS: list[Field] = [
    ("Claim id", lambda c: c.claim_id, _claim_id),
    ("Payer", lambda c: c.payer, lambda c, v: replace(c, payer=text(v))),
    ("Patient id", lambda c: c.patient.id, lambda c, v: _patient(c, id=text(v))),
    (
        "Date of birth",
        lambda c: c.patient.dob.strftime("%m/%d/%Y") if c.patient.dob else "",
        lambda c, v: _patient(c, dob=parse_date(v)),
    ),
    ("Sex", lambda c: c.patient.sex or "", lambda c, v: _patient(c, sex=parse_sex(v))),
    ("Billing NPI", lambda c: c.billing_npi, lambda c, v: replace(c, billing_npi=_npi(v))),
    ("Rendering NPI", lambda c: c.rendering_npi, lambda c, v: replace(c, rendering_npi=_npi(v))),
    ("Place of service", lambda c: c.pos, lambda c, v: replace(c, pos=parse_pos(v))),
    ("Service ZIP", lambda c: c.service_zip, lambda c, v: replace(c, service_zip=parse_zip(v))),
    ("Diagnoses (A, B, ...)", lambda c: " ".join(d.code for d in c.diagnoses), _diagnoses),
]


class ClaimFieldsModel(RowsModel):
    """One row per field of FIELDS (none without a claim): its label, and its value in the claim."""

    claim_edited = Signal(object)
    edit_failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.claim: Claim | None = None
        self.columns = [
            Column("Field", lambda field: field[0]),
            Column("Value", lambda field: field[1](self.claim)),
        ]

    def set_claim(self, claim: Claim | None) -> None:
        self.beginResetModel()
        self.claim = claim
        self.rows = [] if claim is None else list(FIELDS)
        self.endResetModel()

    def row_of(self, label: str) -> int:
        return [field[0] for field in FIELDS].index(label)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return (
            base | Qt.ItemFlag.ItemIsEditable if index.isValid() and index.column() == 1 else base
        )

    def setData(
        self,
        index: Index,
        value: Any,  # noqa: N802
        role: int = Qt.ItemDataRole.EditRole,
    ) -> bool:
        if (
            not index.isValid()
            or index.column() != 1
            or self.claim is None
            or role != Qt.ItemDataRole.EditRole
        ):
            return False
        label, _, setter = FIELDS[index.row()]
        try:
            new = setter(self.claim, "" if value is None else str(value))
        except BadValue as exc:
            self.edit_failed.emit(f"{label}: {exc}")
            return False
        if new == self.claim:
            return False
        self.claim = new
        self.dataChanged.emit(index, index)
        self.claim_edited.emit(new)
        return True
