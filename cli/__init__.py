"""Command-line interface over the same core as the GUI: `python main.py SUBCOMMAND ...`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from core.db import DatabaseError

from . import claims, fee, lookup, payer, reference, remit, scrub
from .common import UsageError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python main.py",
        description="Billing assistant: code lookup, Medicare fees, claim scrubbing, "
                    "remittances. "
                    "Without a subcommand the desktop app opens.")
    commands = parser.add_subparsers(dest="command", metavar="SUBCOMMAND")
    reference.register(commands)
    lookup.register(commands)
    fee.register(commands)
    payer.register(commands)
    claims.register(commands)
    scrub.register(commands)
    remit.register(commands)
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return args.handler(args)
    except (UsageError, DatabaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: nothing was written", file=sys.stderr)
        return 130
