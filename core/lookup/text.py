"""Plain-text rendering of search results and of one code's detail page, for the CLI."""

from __future__ import annotations

import textwrap

from .detail_types import NO_DESCRIPTION, DetailView, Table
from .search import SearchHit, SearchResult

TYPE_LABELS = {
    "cpt": "CPT",
    "hcpcs": "HCPCS",
    "icd10": "ICD-10-CM",
    "modifier": "modifier",
    "pos": "POS",
}
_WIDTH = 100


def hit_line(hit: SearchHit) -> str:
    description = hit.description or NO_DESCRIPTION
    if hit.source_label:
        description += f" [{hit.source_label}]"
    if hit.billable is False:
        description += " [not billable]"
    if hit.note:
        description += f" [{hit.note}]"
    status = f"status {hit.status}" if hit.status else ""
    return f"{hit.code:<9} {TYPE_LABELS[hit.type]:<10} {status:<9} {description}".rstrip()


def format_results(result: SearchResult) -> str:
    if not result.hits:
        lines = [f"no match for '{result.query}'"]
        if result.explanation:
            lines.append(result.explanation)
        if result.nearest:
            lines.append("nearest codes:")
            lines += [f"  {hit_line(hit)}" for hit in result.nearest]
        else:
            lines.append("no nearby codes either: try a code prefix or fewer words")
        return "\n".join(lines)
    count = f"{len(result.hits)}{'+' if result.truncated else ''}"
    searched = f" (spelling corrected: '{result.searched}')" if result.searched else ""
    lines = [
        f"{count} match{'es' if len(result.hits) != 1 else ''} for '{result.query}'"
        f"{searched} (best first):"
    ]
    lines += [f"  {hit_line(hit)}" for hit in result.hits]
    if result.truncated:
        lines.append("  ... more: type more of the code or words, or raise --limit")
    return "\n".join(lines)


def format_detail(view: DetailView) -> str:
    lines = [view.heading, *_wrap(view.description, "  ")]
    for section in view.sections:
        lines += ["", section.title]
        label_width = max((len(label) for label, _ in section.facts), default=0)
        for label, value in section.facts:
            head = f"  {label + ':':<{label_width + 1}} "
            lines += _wrap(value, head, " " * len(head))
        if section.table:
            lines += _table(section.table)
        for note in section.notes:
            lines += _wrap(note, "  ")
    return "\n".join(lines)


def _wrap(text: str, first: str, rest: str | None = None) -> list[str]:
    out: list[str] = []
    for number, paragraph in enumerate(text.splitlines() or [""]):
        prefix = first if number == 0 else (rest if rest is not None else first)
        out += textwrap.wrap(
            paragraph,
            _WIDTH,
            initial_indent=prefix,
            subsequent_indent=rest if rest is not None else first,
        ) or [prefix]
    return out


def _table(table: Table) -> list[str]:
    cells = [table.headers, *table.rows]
    widths = [min(max(len(row[i]) for row in cells), 40) for i in range(len(table.headers))]
    lines = []
    for row in cells:
        parts = [
            (c if len(c) <= w else c[: w - 3] + "...").ljust(w)
            for c, w in zip(row[:-1], widths, strict=False)
        ]
        lines.append(("  " + "  ".join([*parts, row[-1]])).rstrip())  # the last cell in full
    return lines
