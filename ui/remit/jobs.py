"""The Remittances tab's background jobs, run by ui.workers.Worker on the thread pool: each opens
its own connections (the reference database read-only, the workspace) and closes them, and takes
`progress`, which raises when the user cancels."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.db import open_readonly
from core.remit.code_texts import CodeTextImport, CodeWords, code_words, import_code_texts
from core.remit.contracts import read_contract, save_contract
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
from core.remit.reassess import reassess
from core.remit.rematch import rematch
from core.remit.workbook import write_denials_workbook
from core.workspace import open_workspace
from core.workspace.worklist import load_worklist

Report = Callable[[str, float], None]


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


def refresh_job(workspace: Path | None, period: Period, progress: Report) -> Snapshot:
    ws = open_workspace(workspace)
    try:
        work, total = to_work(ws, period)
        return Snapshot(period, payers(ws), remittances(ws, period), work, total,
                        denial_patterns(ws, period), unmatched(ws, period),
                        summary(ws, period), code_words(ws))
    finally:
        ws.close()


def import_job(db_path: Path, workspace: Path | None, paths: list[Path],
               progress: Report) -> ImportResult:
    """Match against the worklist the scrub tab keeps; the claims are not kept in memory."""
    ws = open_workspace(workspace)
    try:
        ref = open_readonly(db_path)
        try:
            claims = [item.claim for item in load_worklist(ws).claims]
            result = import_remittances(ws, ref, paths, claims, progress=progress,
                                        keep_claims=False)
            if claims and not result.cancelled:
                new = {r.remittance_id for r in result.remittances if r.remittance_id}
                result.rematched, _ = rematch(ws, ref, claims, progress, new)
            return result
        finally:
            ref.close()
    finally:
        ws.close()


def match_job(db_path: Path, workspace: Path | None, progress: Report) -> tuple[int, int]:
    """The unmatched remittance claims against the worklist the scrub tab keeps now."""
    ws = open_workspace(workspace)
    try:
        ref = open_readonly(db_path)
        try:
            claims = [item.claim for item in load_worklist(ws).claims]
            return rematch(ws, ref, claims, progress)
        finally:
            ref.close()
    finally:
        ws.close()


def codes_job(workspace: Path | None, paths: list[Path],
              progress: Report) -> list[CodeTextImport]:
    ws = open_workspace(workspace)
    try:
        return [import_code_texts(ws, path) for path in paths]
    finally:
        ws.close()


def contract_job(db_path: Path, workspace: Path | None, payer: str, path: Path,
                 progress: Report) -> tuple[str, int, int]:
    """(profile name, fees kept, remittance lines whose expected payment was worked out)."""
    fees = read_contract(path)
    ws = open_workspace(workspace)
    try:
        name = save_contract(ws, payer, fees, path.name)
        ref = open_readonly(db_path)
        try:
            return name, len(fees), reassess(ws, ref, payer=name, progress=progress)
        finally:
            ref.close()
    finally:
        ws.close()


def export_job(workspace: Path | None, path: Path, period: Period, progress: Report) -> Path:
    ws = open_workspace(workspace)
    try:
        write_denials_workbook(path, ws, period, datetime.now())
        return path
    finally:
        ws.close()
