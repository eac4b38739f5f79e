"""The Remittances tab's long jobs, each an op for ui.jobs.Job: it takes `progress` (which raises
core.jobs.Cancelled once the user cancelled), runs on a worker thread and opens its own
connections (the reference database read-only, the workspace) from their paths. Read the views
of a period; import 835 files; match again; import X12's code lists; keep a contract fee
schedule; work out expected payments again; export the denials workbook."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.db import open_readonly
from core.jobs import Cancelled, Progress, share
from core.remit.code_texts import CodeTextImport, CodeWords, code_words, import_code_lists
from core.remit.contracts import read_contract
from core.remit.importing import ImportResult, import_remittances
from core.remit.patterns import PatternRow, Summary, denial_patterns, summary
from core.remit.queries import (
    Period,
    RemittanceRow,
    UnmatchedClaim,
    WorkItem,
    payers,
    remittances,
    to_work,
    unmatched,
)
from core.remit.reassess import reassess, save_contract_and_reassess
from core.remit.rematch import rematch
from core.remit.workbook import write_denials_workbook
from core.workspace import open_workspace
from core.workspace.worklist import load_worklist


@dataclass(frozen=True)
class Snapshot:
    """Everything the tab's views show for one period."""

    period: Period
    payers: list[str]
    remittances: list[RemittanceRow]
    work: list[WorkItem]
    work_total: int
    patterns: list[PatternRow]
    unmatched: list[UnmatchedClaim]
    summary: Summary
    words: CodeWords


def refresh_op(workspace: Path, period: Period) -> Callable[[Progress], Snapshot]:
    def op(progress: Progress) -> Snapshot:
        with closing(open_workspace(workspace)) as ws:
            progress("Reading the remittances", 0.0)
            found = remittances(ws, period)
            progress("Reading the lines to work", 0.2)
            work, total = to_work(ws, period)
            progress("Reading the denial patterns", 0.5)
            patterns = denial_patterns(ws, period)
            progress("Reading the unmatched claims", 0.7)
            loose = unmatched(ws, period)
            progress("Adding up the period", 0.85)
            return Snapshot(
                period,
                payers(ws),
                found,
                work,
                total,
                patterns,
                loose,
                summary(ws, period),
                code_words(ws),
            )

    return op


def import_op(
    db_path: Path, workspace: Path, paths: Sequence[Path]
) -> Callable[[Progress], ImportResult]:
    """Store the remittances (one transaction each: a cancel keeps those stored, and the result
    says so), matched against the worklist the scrub tab keeps; then match the earlier
    unmatched claims to it (a cancel there leaves them as they were)."""

    def op(progress: Progress) -> ImportResult:
        with closing(open_workspace(workspace)) as ws, closing(open_readonly(db_path)) as ref:
            claims = [item.claim for item in load_worklist(ws).claims]
            result = import_remittances(
                ws, ref, list(paths), claims, progress=share(progress, 0.0, 0.9), keep_claims=False
            )
            if claims and not result.cancelled:
                new = {r.remittance_id for r in result.remittances if r.remittance_id}
                try:
                    result.rematched, _ = rematch(ws, ref, claims, share(progress, 0.9, 1.0), new)
                except Cancelled:
                    result.cancelled = True
            return result

    return op


def match_op(db_path: Path, workspace: Path) -> Callable[[Progress], tuple[int, int]]:
    """(claims matched now, still unmatched) against the worklist the scrub tab keeps now."""

    def op(progress: Progress) -> tuple[int, int]:
        progress("Reading the worklist", 0.0)
        with closing(open_workspace(workspace)) as ws, closing(open_readonly(db_path)) as ref:
            claims = [item.claim for item in load_worklist(ws).claims]
            return rematch(ws, ref, claims, share(progress, 0.1, 1.0))

    return op


def codes_op(workspace: Path, paths: Sequence[Path]) -> Callable[[Progress], list[CodeTextImport]]:
    def op(progress: Progress) -> list[CodeTextImport]:
        with closing(open_workspace(workspace)) as ws:
            return import_code_lists(ws, paths, progress)

    return op


def contract_op(
    db_path: Path, workspace: Path, payer: str, path: Path
) -> Callable[[Progress], tuple[str, int, int]]:
    """(profile name, fees kept, remittance lines whose expected payment was worked out)."""

    def op(progress: Progress) -> tuple[str, int, int]:
        progress(f"Reading {path.name}", 0.0)
        fees = read_contract(path)
        with closing(open_workspace(workspace)) as ws, closing(open_readonly(db_path)) as ref:
            name, updated = save_contract_and_reassess(
                ws, ref, payer, fees, path.name, share(progress, 0.1, 1.0)
            )
            return name, len(fees), updated

    return op


def reassess_op(db_path: Path, workspace: Path) -> Callable[[Progress], int]:
    """Every stored line's expected payment worked out again (after new reference data)."""

    def op(progress: Progress) -> int:
        with closing(open_workspace(workspace)) as ws, closing(open_readonly(db_path)) as ref:
            return reassess(ws, ref, progress=progress)

    return op


def export_op(workspace: Path, path: Path, period: Period) -> Callable[[Progress], Path]:
    def op(progress: Progress) -> Path:
        with closing(open_workspace(workspace)) as ws:
            write_denials_workbook(path, ws, period, datetime.now(), progress)
            return path

    return op
