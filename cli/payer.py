"""`payer`: keep payer profiles (a name, a percentage of Medicare, optionally the payer's type and
timely filing limit) for the fee calculator and the scrubber."""

from __future__ import annotations

import argparse

from core.workspace.payers import PAYER_TYPES

from .common import UsageError, add_json_option, print_json


def register(commands: argparse._SubParsersAction) -> None:
    payer = commands.add_parser(
        "payer", help="save, list or delete payer profiles (a percentage of Medicare)"
    )
    actions = payer.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="save a profile: NAME PERCENT (e.g. 'Acme PPO' 115)")
    add.add_argument("name")
    add.add_argument("percent")
    add.add_argument(
        "--type",
        dest="payer_type",
        default=None,
        choices=sorted(PAYER_TYPES),
        help="what kind of payer it is: the scrubber "
        "runs Medicare-only rules (PFS status, Medicare timely filing) on Medicare "
        "claims only",
    )
    add.add_argument(
        "--filing-days",
        type=int,
        default=None,
        metavar="DAYS",
        help="the payer's timely filing limit in days after the date of service "
        "(none by default: the scrubber then checks no limit)",
    )
    add_json_option(actions.add_parser("list", help="list the saved profiles"))
    delete = actions.add_parser("delete", help="delete a profile")
    delete.add_argument("name")
    payer.set_defaults(handler=cmd_payer)


def cmd_payer(args: argparse.Namespace) -> int:
    from core.workspace import open_workspace
    from core.workspace.payers import PayerError, delete_payer, list_payers, save_payer

    conn = open_workspace()
    try:
        if args.action == "add":
            saved = save_payer(conn, args.name, args.percent, args.payer_type, args.filing_days)
            print(f"saved {saved.describe()}")
        elif args.action == "delete":
            delete_payer(conn, args.name)
            print(f"deleted {args.name}")
        else:
            profiles = list_payers(conn)
            if getattr(args, "json", False):
                print_json(
                    [
                        {
                            "name": p.name,
                            "percent": str(p.percent),
                            "type": p.payer_type,
                            "timely_filing_days": p.timely_filing_days,
                        }
                        for p in profiles
                    ]
                )
            else:
                for profile in profiles:
                    print(profile.describe())
    except PayerError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        conn.close()
    return 0
