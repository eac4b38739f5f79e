"""Editing the worklist in the scrub tab: a line or claim field changed, a claim typed in by hand,
a line added or removed. Each change is kept (Worklist saves it to the workspace) and the claim is
scrubbed again at once, on the GUI thread, with the claims its rules compare it with: the same
patient's claims from 91 days before its first date of service (a surgery's post-operative
period) to the day after its last (a major surgery's pre-operative day). A patient with
thousands of claims costs a few ms per edit, not a scrub of them all."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from core.claims.checked import CheckedClaim
from core.claims.model import Claim, Patient, ServiceLine, Source
from core.scrub.engine import scrub

from ..wording import gui_checked
from .models import HAND, ClaimRow

if TYPE_CHECKING:
    from .tab import ScrubTab


# How far from a claim's dates of service the rules look at the patient's other claims: the
# longest post-operative period (90 days, and the day of surgery) before, the pre-operative day
# of a major surgery after (core/scrub/rules_global.py); the rest compare the same day.
BEFORE = timedelta(days=91)
AFTER = timedelta(days=1)


def neighbours(claims: Iterable[Claim], claim: Claim) -> list[Claim]:
    """The claims (in worklist order, `claim` among them) whose lines the rules may compare
    with `claim`'s: the same patient's, on dates from BEFORE its first to AFTER its last."""
    days = [line.dos for line in claim.lines if line.dos is not None]
    if not days:
        return [claim]
    start, end = min(days) - BEFORE, max(days) + AFTER
    return [
        other
        for other in claims
        if other is claim
        or (
            other.patient.id == claim.patient.id
            and any(line.dos is not None and start <= line.dos <= end for line in other.lines)
        )
    ]


class ClaimEditing:
    def __init__(self, tab: ScrubTab) -> None:
        self.tab = tab

    def connect(self) -> None:
        view = self.tab.view
        view.lines_model.line_edited.connect(self.line_edited)
        view.lines_model.edit_failed.connect(self.tab.say_error)
        view.claim_fields_model.claim_edited.connect(self.claim_edited)
        view.claim_fields_model.edit_failed.connect(self.tab.say_error)
        view.add_line_button.clicked.connect(self.add_line)
        view.remove_line_button.clicked.connect(self.remove_line)
        view.new_claim_button.clicked.connect(self.new_claim)

    def line_edited(self, line: ServiceLine) -> None:
        """Put the edited line in its claim, scrub that claim again now and keep it."""
        row = self.tab.display.current_row()
        if row is not None:
            self._change_lines(
                row,
                [line if old.number == line.number else old for old in row.claim.lines],
                line.number,
                f"line {line.number} changed",
            )

    def claim_edited(self, claim: Claim) -> None:
        """A claim field changed: scrub the claim again now and keep it."""
        row = self.tab.display.current_row()
        if row is not None:
            self._change(row, claim, None, "changed")

    def new_claim(self) -> Claim:
        """Add a claim by hand at the end of the worklist: one line to fill in, payer and
        providers copied from the selected claim. It is a draft, not scrubbed, until something
        is typed into it."""
        like = self.tab.display.current_row()
        taken = {row.claim.claim_id for row in self.tab.rows()}
        number = next(n for n in range(1, len(taken) + 2) if f"NEW-{n}" not in taken)
        source = Source(HAND)
        line = ServiceLine(
            number=1,
            dos=self.tab.context.today(),
            code="",
            modifiers=(),
            units=Decimal(1),
            charge=None,
            pointers=(1,),
            source=source,
        )
        claim = Claim(
            claim_id=f"NEW-{number}",
            payer=like.claim.payer if like else "",
            patient=Patient("", None, None),
            billing_npi=like.claim.billing_npi if like else "",
            rendering_npi=like.claim.rendering_npi if like else "",
            pos=like.claim.pos if like else "11",
            service_zip="",
            diagnoses=(),
            lines=(line,),
            source=source,
            filing_indicator=like.claim.filing_indicator if like else "",
        )
        self.tab.worklist.append(ClaimRow(claim))
        self.tab.display.select_claim(claim.claim_id)
        self.tab.say(
            f"Claim {claim.claim_id} added as a draft: fill in its line and the Claim "
            "fields; it is scrubbed once something is typed in."
        )
        return claim

    def add_line(self) -> bool:
        """Add a copy of the selected (or last) line to the current claim, to be edited."""
        row = self.tab.display.current_row()
        if row is None or not row.claim.lines:
            return False
        model = self.tab.display.selected_line() or row.claim.lines[-1]
        number = max(line.number for line in row.claim.lines) + 1
        added = replace(model, number=number, source=Source(HAND))
        self._change_lines(row, [*row.claim.lines, added], number, f"line {number} added")
        return True

    def remove_line(self) -> bool:
        """Remove the selected line (a claim keeps at least one); lines are numbered again."""
        row, chosen = self.tab.display.current_row(), self.tab.display.selected_line()
        if row is None or chosen is None or len(row.claim.lines) < 2:
            self.tab.say_error("Select a line to remove (a claim keeps at least one line).")
            return False
        kept = [line for line in row.claim.lines if line is not chosen]
        self._change_lines(
            row,
            [replace(line, number=i) for i, line in enumerate(kept, 1)],
            None,
            f"line {chosen.number} removed",
        )
        return True

    def _change_lines(
        self, row: ClaimRow, lines: list[ServiceLine], focus: int | None, what: str
    ) -> None:
        self._change(row, replace(row.claim, lines=tuple(lines)), focus, what)

    def _change(self, row: ClaimRow, claim: Claim, focus: int | None, what: str) -> None:
        self.tab.worklist.update(row, claim)
        row.checked = None if row.draft else self._rescrub(claim)
        self.tab.refresh(keep_line=focus)
        self.tab.say(
            f"Claim {claim.claim_id}: {what}; "
            + ("still a draft" if row.draft else f"scrubbed again: now {row.status}")
        )

    def _rescrub(self, claim: Claim) -> CheckedClaim | None:
        """This claim checked with the same patient's other claims (same-day, duplicate and
        NCCI rules compare them)."""
        nearby = neighbours((r.claim for r in self.tab.rows() if not r.draft), claim)
        context = self.tab.context
        for checked in scrub(
            context.conn,
            nearby,
            context.today(),
            context.payer_profiles(),
            denial_history=self.tab.denial_history,
        ):
            if checked.claim is claim:
                return gui_checked(checked)
        return None
