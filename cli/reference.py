"""Reference data subcommands: build-db, import-cms, releases (lookup is in cli/lookup.py)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .common import (
    UsageError,
    add_date_option,
    open_reference,
    print_json,
    resolve_db,
    set_handler,
    stderr_progress,
)


def register(commands: argparse._SubParsersAction) -> None:
    build = commands.add_parser("build-db", help="build the reference database from resources/")
    build.add_argument(
        "--keep-imports",
        action="store_true",
        help="import again the CMS releases imported into the database, from "
        "the files they were imported from (where they still are)",
    )
    set_handler(build, cmd_build_db, db=True, json=True)

    imp = commands.add_parser(
        "import-cms",
        help="import CMS release files (PPRRVU, GPCI, LOCCO, OPPSCAP, ANES, ZIP5, "
        "NCCI PTP, MUE, NCCI add-on codes, HCPCS Level II ANWEB, ICD-10-CM "
        "order file or addenda) as .csv, .txt, .xlsx or CMS's .zip download, "
        "recognized by content",
    )
    imp.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    imp.add_argument(
        "--effective",
        type=date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="effective date for files that do not carry one (OPPSCAP; MUE, AOC, "
        "HCPCS and NCCI files renamed from CMS's names; ICD-10-CM: a date in "
        "the fiscal year, e.g. 2026-10-01 for FY2027)",
    )
    imp.add_argument(
        "--accept-partial",
        action="store_true",
        help="import a file even when it holds far fewer rows than the release "
        "it replaces or follows (refused otherwise as cut short); the "
        "release is then recorded as accepted partial",
    )
    set_handler(imp, cmd_import_cms, db=True, json=True)

    rel = commands.add_parser(
        "releases",
        help="what the database covers on a date (current, stale, missing, with "
        "the file to import) and every loaded release",
    )
    add_date_option(rel, "the date of service to check (default: today)")
    set_handler(rel, cmd_releases, db=True, json=True)


def cmd_build_db(args: argparse.Namespace) -> int:
    from core.paths import default_reference_db
    from core.sources.build import build_reference_db

    path = args.db or default_reference_db()
    if args.keep_imports:
        return _rebuild(path, args.json)
    report = build_reference_db(path, progress=stderr_progress())
    if args.json:
        print_json(
            {
                "path": str(report.path),
                "seconds": round(report.seconds, 2),
                "tables": report.tables,
                "releases": [r.__dict__ for r in report.releases],
            }
        )
        return 0
    print(f"built {report.path} in {report.seconds:.1f} s")
    for table, count in report.tables.items():
        print(f"  {table:<20} {count:>8,} rows")
    for release in report.releases:
        print(f"  {release.summary()}")
    return 0


def _rebuild(path: Path, as_json: bool) -> int:
    from core.sources.rebuild import rebuild_keeping_imports

    rebuilt = rebuild_keeping_imports(path, progress=stderr_progress())
    if as_json:
        print_json(
            {
                "path": str(path),
                "complete": rebuilt.complete(),
                "imported_again": [r.__dict__ for r in rebuilt.loaded],
                "problems": [
                    line for line in rebuilt.lines() if not line.startswith("imported again")
                ],
            }
        )
    else:
        print(f"rebuilt {path}")
        for line in rebuilt.lines():
            print(f"  {line}")
    return 0 if rebuilt.complete() else 2


def cmd_import_cms(args: argparse.Namespace) -> int:
    from core.db import open_writable
    from core.sources.build import build_reference_db
    from core.sources.importer import ImportOptions, import_paths

    path = resolve_db(args)
    if not path.exists():
        print(f"{path} does not exist: building it from the bundled data first", file=sys.stderr)
        build_reference_db(path, progress=stderr_progress())
    conn = open_writable(path)
    skipped: list[tuple[Path | str, str]] = []
    try:
        loaded, errors = import_paths(
            conn,
            args.paths,
            progress=stderr_progress(),
            options=ImportOptions(args.effective, accept_partial=args.accept_partial),
            on_skip=lambda p, why: skipped.append((p, why)),
        )
    finally:
        conn.close()
    if args.json:
        print_json(
            {
                "loaded": [r.__dict__ for r in loaded],
                "skipped": [{"file": str(p), "reason": why} for p, why in skipped],
                "errors": [str(e) for e in errors],
            }
        )
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
    from core.refdata.coverage import coverage, release_summary
    from core.refdata.releases import covered_until, loaded_releases

    conn = open_reference(args)
    day = args.date or date.today()
    sources = coverage(conn, day)
    loaded = loaded_releases(conn)
    if args.json:
        print_json(
            {
                "date": day.isoformat(),
                "summary": release_summary(conn, day),
                "coverage": [
                    {
                        "source": c.source,
                        "name": c.name,
                        "state": c.state,
                        "release": c.applied.name if c.applied else None,
                        "detail": c.detail,
                        "to_import": c.to_import,
                    }
                    for c in sources
                ],
                "releases": [
                    {**r.__dict__, "covers_until": covered_until(conn, r)}
                    for r in loaded
                    if not r.is_own_table
                ],
            }
        )
        return 0
    print(f"For {day.isoformat()}:")
    for c in sources:
        advice = f"  -> import {c.to_import}" if c.to_import else ""
        print(f"  {c.state:<8} {c.name:<30} {c.detail}{advice}")
    print("\nLoaded releases:")
    for r in loaded:
        if r.is_own_table:
            continue
        until = covered_until(conn, r).isoformat()
        print(
            f"  {r.source:<12} {r.name:<30} {r.effective_date} to {until}  "
            f"{r.row_count:>9,} rows  {r.origin:<8} {r.file_name}"
        )
    return 0
