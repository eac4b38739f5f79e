"""Claims in: `claims` loads worklists (.xlsx, .csv) and X12 837P files and prints what was read
and every problem with its location; `template` writes the empty worklist."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from core.words import plural

from .common import UsageError, add_worklist_inputs, print_json, set_handler

if TYPE_CHECKING:
    from core.claims.model import Claim
    from core.claims_io import LoadResult

DEFAULT_TEMPLATE = Path("claims_template.xlsx")


def register(commands: argparse._SubParsersAction) -> None:
    claims = commands.add_parser(
        "claims",
        help="load claim worklists (.xlsx, .csv) and X12 837P files; show problems",
        description="Read every claim in the given worklists and 837P files (a folder reads "
        "all its files) and print the claims, their lines and every problem with "
        "its file, sheet, row and column (837: segment). Exit status 0 when claims "
        "were loaded, even with problems; 2 when none could be.",
    )
    add_worklist_inputs(claims)
    claims.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help="list at most N claims in the text output (default 50; 0: none)",
    )
    set_handler(claims, cmd_claims, json=True)

    template = commands.add_parser(
        "template", help="write an empty claims worklist (.xlsx) with an instructions sheet"
    )
    template.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_TEMPLATE,
        metavar="OUT.xlsx",
        help=f"default: {DEFAULT_TEMPLATE}",
    )
    template.add_argument("--force", action="store_true", help="replace an existing file")
    template.set_defaults(handler=cmd_template)


def cmd_claims(args: argparse.Namespace) -> int:
    from core.claims.serialize import claim_to_dict
    from core.claims_io import load_worklist

    result = load_worklist(args.inputs)
    if args.json:
        print_json(
            {
                "files_read": list(result.files_read),
                "claims": [claim_to_dict(claim) for claim in result.claims],
                "problems": [problem.to_dict() for problem in result.problems],
            }
        )
    else:
        _print_text(result, args.limit)
    if not result.claims:
        names = ", ".join(str(p) for p in args.inputs)
        reason = "see the problems above" if result.problems else "the worklist has no rows"
        print(f"error: no claims could be loaded from {names} ({reason})", file=sys.stderr)
        return 2
    return 0


def _print_text(result: LoadResult, limit: int) -> None:
    files = len(result.files_read)
    print(
        f"read {plural(files, 'file')}: {plural(len(result.claims), 'claim')}, "
        f"{plural(result.line_count, 'service line')}, {plural(len(result.problems), 'problem')}"
    )
    shown = result.claims[: max(limit, 0)]
    if shown:
        print(
            f"\n{'claim':<18} {'payer':<24} {'patient':<12} {'dob':<10} sex "
            f"{'dx':>2} {'lines':>5} {'charges':>10}  source"
        )
    for claim in shown:
        print(_claim_row(claim))
    if len(result.claims) > len(shown) and shown:
        print(f"... {len(result.claims) - len(shown)} more claims (--limit N, or --json)")
    if result.problems:
        print("\nproblems:")
        for problem in result.problems:
            print(f"  {problem}")


def _claim_row(claim: Claim) -> str:
    charges = sum((line.charge for line in claim.lines if line.charge is not None), start=0)
    dob = claim.patient.dob.isoformat() if claim.patient.dob else "-"
    flag = "  (incomplete: see problems)" if claim.incomplete else ""
    return (
        f"{claim.claim_id[:18]:<18} {claim.payer[:24]:<24} {claim.patient.id[:12]:<12} "
        f"{dob:<10} {claim.patient.sex or '-':<3} {len(claim.diagnoses):>2} "
        f"{len(claim.lines):>5} {charges:>10}  {claim.source.describe()}{flag}"
    )


def cmd_template(args: argparse.Namespace) -> int:
    from core.claims_io.template import write_template
    from core.tabular import ExportError

    path: Path = args.output
    if path.exists() and not args.force:
        raise UsageError(f"{path} already exists: choose another name or add --force")
    try:
        write_template(path)
    except ExportError as exc:
        raise UsageError(str(exc)) from exc
    print(
        f"wrote {path}: fill in the Claims sheet, one row per service line "
        "(the Instructions sheet explains every column)"
    )
    return 0
