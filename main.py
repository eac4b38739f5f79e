"""Billing assistant entry point: no arguments opens the desktop app, a subcommand runs the CLI.

`python main.py` from a checkout; installed (pip or the packaged app) the same entry is the
`billing-assistant` command, and `billing-assistant-gui` opens the window without a console."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    if not argv:
        return gui_main()
    from cli import run

    return run(argv)


def console_main() -> int:
    _worker_process_start()
    return main(sys.argv[1:])


def gui_main() -> int:
    from ui.app import run_app

    return run_app()


def _worker_process_start() -> None:
    """A packaged app's scrub worker processes (core/scrub/parallel.py) are started by running
    the program again where processes cannot fork (Windows): multiprocessing takes over then."""
    if getattr(sys, "frozen", False):
        import multiprocessing

        multiprocessing.freeze_support()


if __name__ == "__main__":
    _worker_process_start()
    sys.exit(main(sys.argv[1:]))
