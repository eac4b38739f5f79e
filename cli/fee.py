"""`fee`: price a line or an encounter, a batch file, or a locality's whole fee schedule."""

from __future__ import annotations

import argparse
import csv
import re
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from .common import (
    UsageError,
    add_date_option,
    open_reference,
    print_json,
    saved_payer,
    set_handler,
)

if TYPE_CHECKING:
    from core.fees import LineRequest
    from core.fees.schedule import BatchLine

_LINE_RE = re.compile(r"^([0-9A-Za-z]{5})(?::([0-9A-Za-z,]+))?(?:\*(\d+))?$")
MONEY_COLUMNS = ["nonfacility_fee", "facility_fee", "opps_nonfacility_fee", "opps_facility_fee"]


def register(commands: argparse._SubParsersAction) -> None:
    fee = commands.add_parser(
        "fee",
        help="Medicare PFS amount of a code, an encounter, a batch file or a locality",
        description="Price one code (CODE -m MOD), an encounter (several CODE[:MOD,MOD][*UNITS] "
        "on one day, with the multiple-procedure rules), a batch file (--batch), or "
        "a whole locality fee schedule (-o OUT with --locality and no code).",
    )
    fee.add_argument("codes", nargs="*", metavar="CODE", help="e.g. 99213, 77011:26, 97110*2")
    fee.add_argument(
        "-m",
        "--modifier",
        action="append",
        default=[],
        metavar="MOD",
        help="modifier for a single CODE (repeat up to 4 times)",
    )
    fee.add_argument("--units", type=int, default=1, help="units for a single CODE")
    place = fee.add_mutually_exclusive_group()
    place.add_argument(
        "--locality",
        metavar="CARRIER-LOCALITY",
        help="e.g. 13202-01; "
        "'national' or nothing for GPCI 1.000; 'all' with -o for every locality",
    )
    place.add_argument("--zip", metavar="ZIP", help="price in the locality of this ZIP code")
    setting = fee.add_mutually_exclusive_group()
    setting.add_argument("--facility", action="store_true", help="facility rate")
    setting.add_argument("--pos", metavar="POS", help="place of service (decides the rate)")
    add_date_option(fee, "date of service (default: today)")
    fee.add_argument(
        "--non-participating",
        action="store_true",
        help="provider does not participate in Medicare (95%%)",
    )
    fee.add_argument(
        "--qualifying-apm",
        action="store_true",
        help="qualifying APM participant (2026 conversion factor)",
    )
    payer = fee.add_mutually_exclusive_group()
    payer.add_argument(
        "--percent-of-medicare",
        type=Decimal,
        metavar="P",
        help="also show a payer paying P%% of Medicare",
    )
    payer.add_argument(
        "--payer", metavar="NAME", help="also show a saved payer profile (see 'payer add')"
    )
    fee.add_argument(
        "--batch", type=Path, metavar="IN.csv", help="price hcpcs,modifier,carrier,locality rows"
    )
    fee.add_argument("-o", "--output", type=Path, metavar="OUT.csv|OUT.xlsx")
    set_handler(fee, cmd_fee, db=True, json=True)


def cmd_fee(args: argparse.Namespace) -> int:
    from core.fees import FeeError
    from core.tabular import ExportError

    day = args.date or date.today()
    conn = open_reference(args)
    try:
        if args.batch:
            return _batch(conn, args, day)
        if not args.codes:
            if args.output and args.locality:
                return _schedule(conn, args, day)
            raise UsageError("give a CODE, --batch IN.csv -o OUT, or -o OUT with --locality")
        return _price(conn, args, day)
    except FeeError as exc:
        raise UsageError(str(exc)) from exc
    except ExportError as exc:
        raise UsageError(str(exc)) from exc


def _parse_line(text: str) -> tuple[str, tuple[str, ...], int | None]:
    match = _LINE_RE.match(text.strip())
    if match is None:
        raise UsageError(f"'{text}' is not CODE[:MOD,MOD][*UNITS] (e.g. 99213, 77011:26, 97110*2)")
    mods = tuple(m for m in (match.group(2) or "").upper().split(",") if m)
    return match.group(1).upper(), mods, int(match.group(3)) if match.group(3) else None


def _requests(args: argparse.Namespace, day: date) -> list[LineRequest]:
    from core.fees import LineRequest

    common = dict(
        locality=args.locality,
        zip_code=args.zip,
        pos=args.pos,
        facility=True if args.facility else None,
        date_of_service=day,
        participating=not args.non_participating,
        qualifying_apm=args.qualifying_apm,
    )
    parsed = [_parse_line(text) for text in args.codes]
    if args.units < 1 or any(units is not None and units < 1 for _, _, units in parsed):
        raise UsageError("units must be 1 or more: a line of 0 units is not billed (leave it out)")
    if len(parsed) > 1 and (args.modifier or args.units != 1):
        raise UsageError(
            "-m and --units apply to a single code; in an encounter write CODE:MOD,MOD*UNITS"
        )
    if len(parsed) == 1:
        code, mods, units = parsed[0]
        parsed = [(code, mods + tuple(m.upper() for m in args.modifier), units or args.units)]
    return [LineRequest(code, mods, units or 1, **common) for code, mods, units in parsed]


def _price(conn, args: argparse.Namespace, day: date) -> int:
    from core.fees import price_encounter
    from core.fees.report import line_to_dict, line_to_text

    percent = _payer_percent(args)
    encounter = price_encounter(conn, _requests(args, day))
    failed = [line for line in encounter.lines if line.error]
    if len(failed) == len(encounter.lines):
        raise UsageError(failed[0].error)
    for line in failed:
        print(f"error: {line.code}: {line.error}", file=sys.stderr)
    if args.json:
        data = [line_to_dict(line, percent) for line in encounter.lines]
        print_json(data[0] if len(data) == 1 else {"lines": data, "total": str(encounter.total)})
        return 2 if failed else 0
    for line in encounter.lines:
        print(line_to_text(line, percent))
        print()
    if len(encounter.lines) > 1:
        print(f"Encounter total: ${encounter.total:,.2f}")
    return 2 if failed else 0


def _payer_percent(args: argparse.Namespace) -> Decimal | None:
    from core.workspace.payers import PayerError, parse_percent

    if args.payer:
        return saved_payer(args.payer).percent
    if args.percent_of_medicare is not None:
        try:
            return parse_percent(str(args.percent_of_medicare))
        except PayerError as exc:
            raise UsageError(str(exc)) from exc
    return None


def _schedule(conn, args: argparse.Namespace, day: date) -> int:
    from core.fees.schedule import COLUMNS, all_localities, schedule_values
    from core.tabular import write_table

    keys = all_localities(conn, day) if args.locality == "all" else [args.locality]
    rows = schedule_values(conn, keys, day)
    count = write_table(
        args.output, COLUMNS, rows, sheet="Fee schedule", money_columns=MONEY_COLUMNS
    )
    print(f"wrote {count:,} rows for locality {args.locality} ({day.isoformat()}) to {args.output}")
    return 0


def _batch(conn, args: argparse.Namespace, day: date) -> int:
    from core.fees.schedule import COLUMNS, price_batch
    from core.tabular import write_table
    from core.words import plural

    if not args.output:
        raise UsageError("--batch needs -o OUT.csv or OUT.xlsx")
    lines = _read_batch(args.batch)
    priced = list(price_batch(conn, lines, day))
    count = write_table(
        args.output,
        COLUMNS,
        (row.values() for row in priced),
        sheet="Fees",
        money_columns=MONEY_COLUMNS,
    )
    errors = sum(1 for row in priced if row.status == "error")
    print(
        f"priced {count - errors:,} of {count:,} rows into {args.output}"
        + (f"; {plural(errors, 'row')} could not be priced (see their note)" if errors else "")
    )
    return 0


def _read_batch(path: Path) -> list[BatchLine]:
    from core.fees.schedule import BatchLine

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read it as a UTF-8 CSV ({exc})") from exc
    reader = csv.DictReader(text.splitlines())
    header = {name.strip().lower(): name for name in reader.fieldnames or []}
    missing = [c for c in ("hcpcs", "modifier", "carrier", "locality") if c not in header]
    if missing:
        raise UsageError(
            f"{path.name}: missing column(s) {', '.join(missing)}; the header must "
            "be hcpcs,modifier,carrier,locality"
        )
    lines = []
    for number, row in enumerate(reader, start=2):

        def cell(name: str, row=row) -> str:
            return (row.get(header[name]) or "").strip()

        lines.append(
            BatchLine(
                cell("hcpcs"),
                cell("modifier"),
                cell("carrier"),
                cell("locality"),
                f"{path.name} line {number}",
            )
        )
    if not lines:
        raise UsageError(f"{path.name} has a header but no rows")
    return lines
