"""How `remit` prints: text for a person, dicts for --json (amounts as decimal strings)."""

from __future__ import annotations

import sqlite3
import sys
from collections import Counter
from decimal import Decimal

from core.remit.code_texts import CodeWords, code_words
from core.remit.importing import ImportResult
from core.remit.patterns import PatternRow
from core.remit.queries import RemittanceRow, UnmatchedClaim, WorkItem
from core.words import decimal_text, money, plural


def words(ws: sqlite3.Connection) -> CodeWords:
    return code_words(ws)


def _money(value: Decimal | None) -> str:
    return money(value, none="-")


def _day(value) -> str:
    return "" if value is None else f"{value:%m/%d/%Y}"


def import_report(result: ImportResult) -> None:
    print(result.summary())
    for item in result.remittances:
        r = item.remittance
        statuses = Counter(item.statuses)
        said = ", ".join(f"{n} {s}" for s, n in statuses.most_common())
        print(
            f"  {item.outcome:<16} trace {r.trace_number}  {r.payer_name}  paid "
            f"{_money(r.payment_amount)} on {_day(r.payment_date)}  "
            f"{plural(item.claim_count, 'claim')}"
            f"{': ' + said if said else ''}  [{r.file}]"
        )
    missing = result.unmatched()
    if missing:
        print(f"\nnot matched to a worklist claim ({len(missing)}):")
        for claim in missing[:50]:
            c = claim.claim
            print(
                f"  {c.patient_control_number:<16} {c.patient_name:<24} "
                f"{_day(c.service_dates[0] if c.service_dates else None):<10} "
                f"paid {_money(c.paid)}: {claim.match.method}"
            )
        if len(missing) > 50:
            print(f"  ... and {len(missing) - 50} more ('remit unmatched' lists them all)")
    if result.problems:
        print(f"\nproblems and notices ({len(result.problems)}):")
        for problem in result.problems:
            print(f"  {problem}")
    sys.stdout.flush()


def remittance_dict(r: RemittanceRow) -> dict[str, object]:
    return {
        "paid_on": r.paid_on.isoformat(),
        "payer": r.payer,
        "trace": r.trace,
        "method": r.method,
        "paid": decimal_text(r.payment),
        "claims": r.claims,
        "denied_claims": r.denied_claims,
        "file": r.file,
        "complete": r.complete,
    }


def remittance_list(rows: list[RemittanceRow]) -> None:
    if not rows:
        print("no remittances kept yet: 'remit import FILE' reads 835 files")
    for r in rows:
        print(
            f"{_day(r.paid_on)}  {r.payer:<32.32} trace {r.trace:<18} {_money(r.payment):>12}"
            f"  {plural(r.claims, 'claim')}, {r.denied_claims} denied  [{r.file}]"
            + ("" if r.complete else "  (incomplete: the file was cut short)")
        )


def work_dict(item: WorkItem, said: CodeWords) -> dict[str, object]:
    return {
        "kind": item.kind,
        "dollars": str(item.dollars),
        "denied": str(item.denied),
        "payer": item.payer,
        "paid_on": item.paid_on.isoformat(),
        "claim_id": item.claim_id,
        "patient": item.patient,
        "service_date": item.service_date.isoformat() if item.service_date else None,
        "code": item.code,
        "modifiers": item.modifiers.split(),
        "reason": item.reason,
        "reason_in_words": said.reason(item.reason) if item.reason else None,
        "remarks": item.remarks.split(),
        "expected": decimal_text(item.expected),
        "paid": str(item.paid),
        "expected_from": item.basis or None,
    }


def work_list(items: list[WorkItem], total: int, said: CodeWords) -> None:
    if not items:
        print("nothing to work: no denied or underpaid lines")
    for i in items:
        if i.kind == "denied":
            what = (
                f"CARC {said.carc(i.reason)}" if i.reason else "no reason code"
            ) + f" (denied {_money(i.denied)})"
        else:
            what = f"paid {_money(i.paid)}, expected {_money(i.expected)} ({i.basis})"
        code = (
            f"{i.code}{'-' + i.modifiers.replace(' ', '-') if i.modifiers else ''}"
            if i.code
            else "(whole claim)"
        )
        print(
            f"{_money(i.dollars):>11} {i.kind:<9} {i.claim_id:<14} {code:<12} "
            f"{_day(i.service_date):<10} {i.payer[:24]:<24} {what}"
        )
    if total > len(items):
        print(f"... {total - len(items)} more with fewer dollars")


def pattern_dict(p: PatternRow, said: CodeWords) -> dict[str, object]:
    return {
        "payer": p.payer,
        "code": p.code,
        "modifiers": p.modifiers.split(),
        "reason": p.reason,
        "reason_in_words": said.reason(p.reason) if p.reason else None,
        "denied": p.denied,
        "billed": p.billed,
        "rate": str(p.rate),
        "dollars_denied": str(p.dollars),
    }


def pattern_list(rows: list[PatternRow], said: CodeWords) -> None:
    if not rows:
        print("no denials in the remittances kept for this period")
    for p in rows:
        code = f"{p.code}{'-' + p.modifiers.replace(' ', '-') if p.modifiers else ''}"
        print(
            f"{p.payer[:28]:<28} {code:<12} denied {p.denied} of {p.billed} "
            f"({p.rate}%) {_money(p.dollars):>11}  CARC {said.carc(p.reason)}"
        )


def unmatched_dict(u: UnmatchedClaim) -> dict[str, object]:
    return {
        "claim_id": u.claim_id,
        "patient": u.patient,
        "service_date": u.service_date.isoformat() if u.service_date else None,
        "payer": u.payer,
        "paid_on": u.paid_on.isoformat(),
        "status": u.status,
        "charge": str(u.charge),
        "paid": str(u.paid),
        "why": u.why,
    }


def unmatched_list(rows: list[UnmatchedClaim]) -> None:
    if not rows:
        print("every remittance claim is matched to a worklist claim")
    for u in rows:
        print(
            f"{u.claim_id:<16} {u.patient[:24]:<24} {_day(u.service_date):<10} "
            f"{u.payer[:24]:<24} {u.status:<15} paid {_money(u.paid)}: {u.why}"
        )
