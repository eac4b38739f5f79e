"""`lookup`: search every code set, and show the full detail of exactly matching codes."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from typing import TYPE_CHECKING

from core.lookup.search import CODE_TYPES, SearchHit, search

if TYPE_CHECKING:
    from core.lookup.detail import DetailPricing
    from core.remit.code_history import CodeHistory

from .common import (
    add_date_option,
    open_reference,
    print_json,
    saved_payer,
    set_handler,
)


def register(commands: argparse._SubParsersAction) -> None:
    look = commands.add_parser(
        "lookup",
        help="search codes by code, prefix or words; show the detail of exact codes",
        description="Search CPT/HCPCS, ICD-10-CM, modifiers and places of service: by code "
        "(77011, C34.90, C3490), code prefix (7701, M54) or words in any order "
        "(office visit established). Best match first: exact code, code prefix, "
        "words. The full detail of every exactly matching code follows the list. "
        "Exit status 2 when nothing matches (the nearest codes are still printed).",
    )
    look.add_argument("query", nargs="+", metavar="QUERY")
    look.add_argument("--type", choices=CODE_TYPES, help="search one code set only")
    look.add_argument(
        "--limit", type=int, default=20, metavar="N", help="at most N results (default 20)"
    )
    look.add_argument(
        "--detail",
        action="store_true",
        help="also show the detail of the best match when no code matches exactly",
    )
    add_date_option(
        look, "judge codes current, deleted or not yet effective on this date (default today)"
    )
    look.add_argument(
        "--locality",
        default="national",
        metavar="CARRIER-LOCALITY",
        help="price the detail for a Medicare locality, e.g. 13202-01 (default national)",
    )
    look.add_argument(
        "--payer", metavar="NAME", help="show a saved payer profile's amount beside Medicare's"
    )
    set_handler(look, cmd_lookup, db=True, json=True)


def _detailed(hits: list[SearchHit], detail: bool) -> list[SearchHit]:
    exact = [hit for hit in hits if hit.match == "exact"]
    return exact or (hits[:1] if detail else [])


def _pricing(args: argparse.Namespace) -> DetailPricing:
    from core.lookup.detail import DetailPricing

    payer = saved_payer(args.payer) if args.payer else None
    return DetailPricing(args.locality.strip() or "national", payer)


def _practice(hits: list[SearchHit]) -> dict[str, CodeHistory]:
    """This practice's history for each procedure code shown, from the remittances in the
    user's workspace (none when there is no workspace yet, or it cannot be read)."""
    import sqlite3

    from core.remit.code_history import code_history
    from core.workspace import default_workspace, open_workspace

    codes = [hit.code for hit in hits if hit.type in ("cpt", "hcpcs")]
    path = default_workspace()
    if not codes or not path.exists():
        return {}
    try:
        workspace = open_workspace(path)
        try:
            return {code: code_history(workspace, code) for code in codes}
        finally:
            workspace.close()
    except (OSError, sqlite3.Error):
        return {}  # the detail is shown without it


def cmd_lookup(args: argparse.Namespace) -> int:
    from core.lookup.detail import code_detail, detail_view
    from core.lookup.text import TYPE_LABELS, format_detail, format_results

    query = " ".join(args.query)
    pricing = _pricing(args)
    conn = open_reference(args)
    try:
        result = search(conn, query, args.type, args.limit, as_of=args.date)
        shown = _detailed(result.hits, args.detail)
        practice = _practice(shown)
        if args.json:
            data = result.to_dict()
            data["details"] = [
                {
                    "type": hit.type,
                    **asdict(detail),
                    **({"practice": asdict(practice[hit.code])} if hit.code in practice else {}),
                }
                for hit in shown
                if (detail := code_detail(conn, hit.code, hit.type, args.date))
            ]
            print_json(data)
        else:
            print(format_results(result))
            for hit in shown:
                if view := detail_view(
                    conn, hit.code, hit.type, args.date, pricing, practice.get(hit.code)
                ):
                    print()
                    print(format_detail(view))
    finally:
        conn.close()
    if not result.found:
        where = f" (searched {TYPE_LABELS[args.type]} only)" if args.type else ""
        print(
            f"error: no code '{query}' in any code set{where}; nearest codes are listed on stdout",
            file=sys.stderr,
        )
        return 2
    return 0
