"""The `remit` subcommands' handlers (cli/remit.py registers them; this module and the
remittance code it imports load only when a remit command runs, so other commands start fast)."""

from __future__ import annotations

import argparse
import sqlite3
from contextlib import closing
from datetime import datetime

from core.claims.model import Claim
from core.remit.code_texts import import_code_texts
from core.remit.codes import CodeListError
from core.remit.contracts import ContractError, contract_fees, read_contract
from core.remit.importing import import_remittances
from core.remit.patterns import denial_patterns
from core.remit.queries import Period, remittances, to_work, unmatched
from core.remit.reassess import reassess, save_contract_and_reassess
from core.remit.rematch import rematch
from core.tabular import ExportError
from core.workspace import open_workspace
from core.workspace.payers import PayerError

from . import remit_print as show
from .common import UsageError, open_reference, print_result, stderr_progress


def _period(args: argparse.Namespace) -> Period:
    if args.start and args.end and args.start > args.end:
        raise UsageError(f"--from {args.start} is after --to {args.end}")
    return Period(args.payer, args.start, args.end)


def _workspace() -> closing[sqlite3.Connection]:
    """The user's workspace, closed at the end of the `with` block."""
    try:
        return closing(open_workspace())
    except (OSError, sqlite3.Error) as exc:
        raise UsageError(f"your workspace database cannot be opened: {exc}") from exc


def _worklist(args: argparse.Namespace, ws: sqlite3.Connection) -> list[Claim]:
    if args.worklist:
        from core.claims_io import load_worklist

        loaded = load_worklist(args.worklist)
        if not loaded.claims:
            reasons = "; ".join(str(p) for p in loaded.problems) or "no claims in them"
            raise UsageError(f"--worklist: no claims could be read ({reasons})")
        return list(loaded.claims)
    from core.workspace.worklist import load_worklist as saved_worklist

    return [item.claim for item in saved_worklist(ws).claims]


def cmd_import(args: argparse.Namespace) -> int:
    with _workspace() as ws, closing(open_reference(args)) as ref:
        claims = _worklist(args, ws)
        result = import_remittances(ws, ref, args.paths, claims, progress=stderr_progress())
        if claims and not result.cancelled:
            new = {r.remittance_id for r in result.remittances if r.remittance_id}
            result.rematched, _ = rematch(ws, ref, claims, skip_remittances=new)
    print_result(args, result.to_dict, lambda: show.import_report(result))
    return 0 if result.files_read else 2


def cmd_list(args: argparse.Namespace) -> int:
    with _workspace() as ws:
        found = remittances(ws, _period(args))
    return print_result(
        args,
        lambda: [show.remittance_dict(r) for r in found],
        lambda: show.remittance_list(found),
    )


def cmd_work(args: argparse.Namespace) -> int:
    with _workspace() as ws:
        items, total = to_work(ws, _period(args))
        words = show.words(ws)
    return print_result(
        args,
        lambda: {"total": total, "items": [show.work_dict(i, words) for i in items]},
        lambda: show.work_list(items, total, words),
    )


def cmd_patterns(args: argparse.Namespace) -> int:
    with _workspace() as ws:
        rows = denial_patterns(ws, _period(args))
        words = show.words(ws)
    return print_result(
        args,
        lambda: [show.pattern_dict(p, words) for p in rows],
        lambda: show.pattern_list(rows, words),
    )


def cmd_unmatched(args: argparse.Namespace) -> int:
    with _workspace() as ws:
        rows = unmatched(ws, _period(args))
    return print_result(
        args, lambda: [show.unmatched_dict(u) for u in rows], lambda: show.unmatched_list(rows)
    )


def cmd_match(args: argparse.Namespace) -> int:
    with _workspace() as ws:
        claims = _worklist(args, ws)
        if not claims:
            raise UsageError(
                "no worklist to match against: open the claims in the scrub tab, "
                "or pass --worklist FILE"
            )
        with closing(open_reference(args)) as ref:
            matched, still = rematch(ws, ref, claims, stderr_progress())
    print(f"matched {matched} remittance claims to the worklist; {still} still unmatched")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from core.remit.workbook import write_denials_workbook  # openpyxl: only when exporting

    with _workspace() as ws:
        try:
            write_denials_workbook(args.output, ws, _period(args), datetime.now())
        except ExportError as exc:
            raise UsageError(str(exc)) from exc
    print(f"wrote {args.output}")
    return 0


def cmd_contract(args: argparse.Namespace) -> int:
    with _workspace() as ws:
        if args.file is None:
            fees = contract_fees(ws, args.payer)
            if not fees:
                print(f"no contract fee schedule kept for '{args.payer}'")
            for fee in fees:
                print(f"{fee.code:<6} {fee.modifier or '--':<3} {fee.amount:>10}")
            return 0
        try:
            fees = read_contract(args.file)
            with closing(open_reference(args)) as ref:
                name, updated = save_contract_and_reassess(
                    ws, ref, args.payer, fees, args.file.name, stderr_progress()
                )
        except (ContractError, PayerError) as exc:
            raise UsageError(str(exc)) from exc
    print(f"kept {len(fees)} contract fees for {name} from {args.file.name}")
    print(f"expected payments worked out again for {updated} remittance lines")
    return 0


def cmd_reassess(args: argparse.Namespace) -> int:
    with _workspace() as ws, closing(open_reference(args)) as ref:
        updated = reassess(ws, ref, payer=args.payer, progress=stderr_progress())
    print(f"expected payments worked out again for {updated} remittance lines")
    return 0


def cmd_import_codes(args: argparse.Namespace) -> int:
    with _workspace() as ws:
        for path in args.paths:
            try:
                print(import_code_texts(ws, path).summary())
            except CodeListError as exc:
                raise UsageError(f"{exc} (nothing imported from it)") from exc
    return 0
