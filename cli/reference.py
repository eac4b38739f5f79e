"""Reference data subcommands: build-db, import-cms, releases (lookup is in cli/lookup.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from core.db import open_writable
from core.releases import loaded_releases, release_summary
from core.sources.build import build_reference_db
from core.sources.importer import import_paths

from .common import (
    UsageError,
    add_db_option,
    add_json_option,
    open_reference,
    print_json,
    resolve_db,
    stderr_progress,
)


def register(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser("build-db", help="build the reference database from resources/")
    add_db_option(build)
    add_json_option(build)
    build.set_defaults(handler=cmd_build_db)

    imp = commands.add_parser(
        "import-cms", help="import CMS release files (PPRRVU, GPCI, LOCCO, OPPSCAP, ANES, ZIP5, "
                           "NCCI PTP, MUE, NCCI add-on codes, HCPCS Level II ANWEB) as .csv, .txt, "
                           ".xlsx or CMS's .zip download, recognized by content")
    imp.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    imp.add_argument("--effective", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="effective date for files that do not carry one (OPPSCAP; MUE, AOC, "
                          "HCPCS and NCCI files renamed from CMS's names)")
    add_db_option(imp)
    add_json_option(imp)
    imp.set_defaults(handler=cmd_import_cms)

    rel = commands.add_parser("releases", help="list the data releases the database holds")
    add_db_option(rel)
    add_json_option(rel)
    rel.set_defaults(handler=cmd_releases)


def cmd_build_db(args: argparse.Namespace) -> int:
    from core.paths import default_reference_db

    path = args.db or default_reference_db()
    report = build_reference_db(path, progress=stderr_progress())
    if args.json:
        print_json({"path": str(report.path), "seconds": round(report.seconds, 2),
                    "tables": report.tables,
                    "releases": [r.__dict__ for r in report.releases]})
        return 0
    print(f"built {report.path} in {report.seconds:.1f} s")
    for table, count in report.tables.items():
        print(f"  {table:<20} {count:>8,} rows")
    for release in report.releases:
        print(f"  {release.summary()}")
    return 0


def cmd_import_cms(args: argparse.Namespace) -> int:
    path = resolve_db(args)
    if not path.exists():
        print(f"{path} does not exist: building it from the bundled data first", file=sys.stderr)
        build_reference_db(path, progress=stderr_progress())
    conn = open_writable(path)
    skipped: list[tuple[Path | str, str]] = []
    try:
        loaded, errors = import_paths(
            conn, args.paths, effective=args.effective, progress=stderr_progress(),
            on_skip=lambda p, why: skipped.append((p, why)))
    finally:
        conn.close()
    if args.json:
        print_json({"loaded": [r.__dict__ for r in loaded],
                    "skipped": [{"file": str(p), "reason": why} for p, why in skipped],
                    "errors": [str(e) for e in errors]})
    else:
        for release in loaded:
            print(f"loaded {release.file_name}: {release.summary()}")
        for skipped_path, why in skipped:
            print(f"skipped {skipped_path}: {why}")
    for error in errors:
        print(f"error: {error} (nothing from this file was written)", file=sys.stderr)
    if errors:
        return 2
    if not loaded:
        raise UsageError("no CMS release files found in " + ", ".join(map(str, args.paths)))
    return 0


def cmd_releases(args: argparse.Namespace) -> int:
    conn = open_reference(args)
    releases = loaded_releases(conn)
    if args.json:
        print_json({"summary": release_summary(conn), "releases": [r.__dict__ for r in releases]})
        return 0
    print(release_summary(conn))
    for r in releases:
        print(f"  {r.source:<18} {r.release:<32} {r.dates:<35} {r.row_count:>9,} rows  "
              f"{r.origin:<8} {r.file_name}")
    return 0
