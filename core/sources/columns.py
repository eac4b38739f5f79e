"""Find CMS's columns by their header names, so that a new column or a moved one does not break
an importer, and a missing one is named in the error."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .source_file import Record
from .tables import Table

_NOT_ALNUM = re.compile(r"[^A-Z0-9]+")


def squash(name: str) -> str:
    """'CO- SURG' and 'CO-SURG' -> 'COSURG': how two spellings of one header compare."""
    return _NOT_ALNUM.sub("", name.upper())


def words(name: str) -> str:
    """'HCPCS/\\nCPT Code' -> 'HCPCS CPT CODE'."""
    return " ".join(_NOT_ALNUM.sub(" ", name.upper()).split())


@dataclass(frozen=True)
class Column:
    key: str  # the name the parser uses
    label: str  # CMS's name, for messages
    names: tuple[str, ...] = ()  # accepted header names (compared squashed); default label
    contains: tuple[str, ...] = ()  # or: words the header must all contain
    excludes: tuple[str, ...] = ()  # ... and words it must not contain
    required: bool = True

    def matches(self, header: str) -> bool:
        if self.contains:
            text = f" {words(header)} "
            return all(f" {w} " in text for w in self.contains) and not any(
                f" {w} " in text for w in self.excludes
            )
        return squash(header) in {squash(n) for n in (self.names or (self.label,))}


def locate(table: Table, header: Record, columns: Sequence[Column]) -> dict[str, int]:
    """Index of each column in the header row. A required column that is missing, or two
    header cells that both look like one column, is a SourceError naming the column."""
    found: dict[str, int] = {}
    for column in columns:
        hits = [i for i, cell in enumerate(header.fields) if cell.strip() and column.matches(cell)]
        if len(hits) > 1:
            named = ", ".join(f"'{' '.join(header.fields[i].split())}'" for i in hits)
            raise table.error(
                f"{len(hits)} columns of the header look like '{column.label}' "
                f"({named}); keep only CMS's column",
                header.line,
                column.label,
            )
        if hits:
            found[column.key] = hits[0]
        elif column.required:
            raise table.error(
                f"the header has no '{column.label}' column; the file is not complete or not "
                "as CMS published it (download it again)",
                header.line,
                column.label,
            )
    return found


def is_header(fields: Sequence[str], columns: Sequence[Column]) -> bool:
    """True when every required column is in `fields` (for recognizing a file)."""
    return all(any(c.strip() and col.matches(c) for c in fields) for col in columns if col.required)


def one_line(table: Table, record: Record) -> None:
    """A data row of a CMS CSV file never spans lines: one that does holds a stray quote (")
    that opened a cell running on over the next rows, which would be lost without a word."""
    if table.is_sheet:
        return
    spans = max(
        (field.count("\n") + field.count("\r") - field.count("\r\n") for field in record.fields),
        default=0,
    )
    if spans:
        raise table.error(
            f'a quote (") opens a cell here that runs on over the next {spans} '
            f"{'line' if spans == 1 else 'lines'}, taking in the rows on them: "
            "remove the stray quote, or download the file again",
            record.line,
        )


def cells(table: Table, record: Record, index: dict[str, int], width: int) -> dict[str, str]:
    """The located cells of a data row. A text row shorter than the columns it needs, or with
    cells past the header's `width`, is refused as cut short or shifted; a sheet's short row
    is padded (a workbook leaves trailing empty cells out); a row spanning lines is refused
    (one_line)."""
    fields = record.fields
    needed = max(index.values()) + 1
    one_line(table, record)
    if not table.is_sheet:
        if len(fields) < needed:
            raise table.error(
                f"the row has {len(fields)} columns, expected {width} (is the file truncated?)",
                record.line,
            )
        if len(fields) > width and any(f.strip() for f in fields[width:]):
            raise table.error(
                f"the row has {len(fields)} columns, the header has {width} (a "
                "cell split by a stray comma?)",
                record.line,
            )
    return {key: fields[i] if i < len(fields) else "" for key, i in index.items()}


def rows_under_header(
    table: Table,
    columns: Sequence[Column],
    header: Sequence[Column],
    missing: str,
    within: int | None = None,
    accept: Callable[[list[str]], bool] | None = None,
) -> Iterator[tuple[Record, dict[str, str]]]:
    """(record, its located cells) of each non-blank row below the header: the first row that
    holds the `header` columns (and passes `accept`), looked for in the first `within` rows when
    given. No header at all is the SourceError `missing`."""
    index: dict[str, int] | None = None
    width = 0
    for record in table.records():
        if index is None:
            if is_header(record.fields, header) and (accept is None or accept(record.fields)):
                index = locate(table, record, columns)
                width = len(record.fields)
            elif within is not None and record.line > within:
                break
            continue
        if not record.is_blank():
            yield record, cells(table, record, index, width)
    if index is None:
        raise table.error(missing)
