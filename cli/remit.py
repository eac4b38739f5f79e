"""`remit`: remittances (X12 835) into the workspace and the denials worked from them, and
`import-codes`: X12's CARC/RARC texts. Exit status 0 when the command ran (even with problems in
the input), 2 on bad usage or when no file could be read as an 835."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from .common import day, set_handler


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """The handler `name` of cli/remit_commands.py, imported when the command runs."""

    def run(args: argparse.Namespace) -> int:
        from . import remit_commands

        handler: Callable[[argparse.Namespace], int] = getattr(remit_commands, name)
        return handler(args)

    return run


def register(commands: argparse._SubParsersAction) -> None:
    remit = commands.add_parser(
        "remit",
        help="remittances (X12 835): import, list, denials to work, patterns, export",
        description="Import 835 remittances into your workspace, match them to the worklist, "
        "and work the denials and underpayments they show.",
    )
    actions = remit.add_subparsers(dest="action", metavar="ACTION", required=True)

    imp = actions.add_parser("import", help="read 835 files (or folders of them) and keep them")
    imp.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    imp.add_argument(
        "--worklist",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="match against these claims (xlsx, csv, 837P) instead of the "
        "worklist saved by the scrub tab",
    )
    set_handler(imp, _command("cmd_import"), db=True, json=True)

    for name, handler, text in (
        ("list", _command("cmd_list"), "the remittances kept, newest first, with their claims"),
        ("work", _command("cmd_work"), "denied and underpaid lines to work, most dollars first"),
        ("patterns", _command("cmd_patterns"), "denials by payer x code x modifiers x reason"),
        ("unmatched", _command("cmd_unmatched"), "remittance claims matched to no worklist claim"),
    ):
        sub = actions.add_parser(name, help=text)
        _period_options(sub)
        set_handler(sub, handler, json=True)

    match = actions.add_parser(
        "match", help="match the unmatched remittance claims to the worklist again"
    )
    match.add_argument(
        "--worklist",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="these claims (xlsx, csv, 837P) instead of the saved worklist",
    )
    set_handler(match, _command("cmd_match"), db=True)

    export = actions.add_parser(
        "export",
        help="write the denials workbook (Summary with "
        "charts, Denied lines, Underpayments, Patterns)",
    )
    export.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.xlsx")
    _period_options(export)
    export.set_defaults(handler=_command("cmd_export"))

    contract = actions.add_parser(
        "contract",
        help="a payer profile's contract fee schedule: import a .xlsx/.csv of "
        "code, modifier, amount (or show the one kept)",
    )
    contract.add_argument("payer", help="the payer profile's name (see 'payer list')")
    contract.add_argument("file", nargs="?", type=Path, help="the fee schedule to import")
    set_handler(contract, _command("cmd_contract"), db=True)

    again = actions.add_parser(
        "reassess",
        help="work out expected payments again (after a profile, contract or CMS release changed)",
    )
    again.add_argument("--payer", help="only this payer's remittances")
    set_handler(again, _command("cmd_reassess"), db=True)

    codes = commands.add_parser(
        "import-codes", help="import X12's CARC/RARC list texts (csv, or the saved x12.org page)"
    )
    codes.add_argument("paths", nargs="+", type=Path, metavar="FILE")
    codes.set_defaults(handler=_command("cmd_import_codes"))


def _period_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--payer", help="only this payer (as the 835 names it)")
    parser.add_argument(
        "--from",
        dest="start",
        type=day,
        metavar="YYYY-MM-DD",
        help="remittances paid on or after this day",
    )
    parser.add_argument(
        "--to",
        dest="end",
        type=day,
        metavar="YYYY-MM-DD",
        help="remittances paid on or before this day",
    )
