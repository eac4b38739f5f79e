"""Billing assistant entry point: no arguments opens the desktop app, a subcommand runs the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if not argv:
        from ui.app import run_app

        return run_app()
    from cli import run

    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
