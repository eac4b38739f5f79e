"""Command-line interface over the same core as the GUI: `python main.py SUBCOMMAND ...`
(`billing-assistant SUBCOMMAND ...` when installed).

Each cli module registers its subcommands with argparse only and imports what its command
needs inside the handler, so a lookup does not pay for openpyxl, the importers or Qt."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from core.db import DatabaseError
from core.paths import program_name

from . import claims, fee, lookup, payer, reference, remit, scrub
from .common import UsageError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=program_name(),
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
    except BrokenPipeError:
        return _reader_went_away()


def _reader_went_away() -> int:
    """The output was piped into a program that stopped reading (`| head`): stop quietly, as
    other command-line tools do, without a traceback or a second error when Python exits and
    flushes stdout."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
    return 141      # 128 + SIGPIPE, what a shell reports for a tool stopped this way
