"""What the scrub tab writes about the worklist, as rich text: the counts, the selected claim's
title, a finding in full, and the notices shared by several claims (said once, not per claim).
Plain functions of the rows; the tab puts the text in its labels."""

from __future__ import annotations

from collections import Counter
from html import escape

from core.claims.finding import CLEAN, ERRORS, INFO, WARNINGS, Finding
from core.words import plural

from .models import DRAFT, NOT_SCRUBBED, ClaimRow, money


def counts_html(rows: list[ClaimRow]) -> str:
    if not rows:
        return "Open or drop a worklist (.xlsx, .csv or 837P) to scrub it."
    counts = Counter(row.status for row in rows)
    parts = [f"<b>{plural(len(rows), 'claim')}</b>:",
             f"<span style='background:#e3f4e1'>&nbsp;{counts[CLEAN]} clean&nbsp;</span>",
             f"<span style='background:#fff1cc'>&nbsp;{counts[WARNINGS]} with warnings&nbsp;"
             "</span>",
             f"<span style='background:#fde2e1'>&nbsp;{counts[ERRORS]} with errors&nbsp;</span>"]
    if counts[NOT_SCRUBBED]:
        parts.append(f"&nbsp;{counts[NOT_SCRUBBED]} not scrubbed")
    if counts[DRAFT]:
        parts.append(f"&nbsp;{plural(counts[DRAFT], 'draft')} to fill in")
    return " ".join(parts)


def shared_notices(rows: list[ClaimRow]) -> list[tuple[Finding, int]]:
    """Claim-level info findings that several claims share word for word (e.g. 'not checked:
    no NCCI PTP data for 2025 Q4'), with how many claims have each."""
    seen: Counter[tuple[str, str]] = Counter()
    first: dict[tuple[str, str], Finding] = {}
    for row in rows:
        if row.checked is None or row.draft:
            continue
        for finding in row.checked.findings:
            if finding.severity == INFO and finding.line is None:
                key = (finding.rule, finding.message)
                seen[key] += 1
                first.setdefault(key, finding)
    return [(first[key], count) for key, count in seen.items() if count > 1]


def notices_html(notices: list[tuple[Finding, int]]) -> str:
    return "<br>".join(
        f"<b>{escape(f.rule)}</b> ({plural(count, 'claim')}): {escape(f.message)}. "
        f"<b>Fix:</b> {escape(f.fix)}" for f, count in notices)


def claim_title_html(row: ClaimRow | None, shared: int) -> str:
    if row is None:
        return "Select a claim to see its findings"
    claim = row.claim
    dx = " ".join(f"{d.letter}:{d.code}" for d in claim.diagnoses)
    title = (f"<b>{escape(claim.claim_id)}</b> &nbsp;{row.status} &nbsp;patient "
             f"{escape(claim.patient.id)} &nbsp;POS {claim.pos} &nbsp;dx {dx}")
    if row.draft:
        return title + " &nbsp;<i>a draft: fill in its line and the Claim fields</i>"
    if row.expected is not None:
        title += f" &nbsp;expected {money(row.expected)}"
    if shared:
        title += f" &nbsp;<span style='color:#555555'>(+ {plural(shared, 'notice')} " \
                 "above)</span>"
    return title


def finding_html(finding: Finding | None) -> str:
    if finding is None:
        return "Click a finding to read it in full and select its line."
    where = "the whole claim" if finding.line is None else f"line {finding.line}"
    stake = (f" &nbsp;<b>At stake:</b> {money(finding.money_at_stake)}"
             if finding.money_at_stake is not None else "")
    return (f"<b>{escape(finding.rule)}</b> ({finding.severity}, {where}): "
            f"{escape(finding.message)}<br><b>Fix:</b> {escape(finding.fix)}{stake}"
            f"<br><span style='color:#555555'>Source: {escape(finding.source)}</span>")
