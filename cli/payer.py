"""`payer`: keep payer profiles (a name and a percentage of Medicare) for the fee calculator."""

from __future__ import annotations

import argparse

from .common import UsageError, add_json_option, print_json


def register(commands: argparse._SubParsersAction) -> None:
    payer = commands.add_parser("payer", help="save, list or delete payer profiles "
                                              "(a percentage of Medicare)")
    actions = payer.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="save a profile: NAME PERCENT (e.g. 'Acme PPO' 115)")
    add.add_argument("name")
    add.add_argument("percent")
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
            saved = save_payer(conn, args.name, args.percent)
            print(f"saved {saved.name}: {saved.percent}% of Medicare")
        elif args.action == "delete":
            delete_payer(conn, args.name)
            print(f"deleted {args.name}")
        else:
            profiles = list_payers(conn)
            if getattr(args, "json", False):
                print_json([{"name": p.name, "percent": str(p.percent)} for p in profiles])
            else:
                for profile in profiles:
                    print(f"{profile.name}: {profile.percent}% of Medicare")
    except PayerError as exc:
        raise UsageError(str(exc)) from exc
    finally:
        conn.close()
    return 0
