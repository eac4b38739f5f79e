"""What a detail page is made of: titled sections of facts, a table and notes. The wording is
written once in core/lookup; the CLI renders it as text (text.py), the lookup tab as HTML
(ui/detail_html.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

NO_DESCRIPTION = "no plain-language description bundled"


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Section:
    title: str
    facts: list[tuple[str, str]] = field(default_factory=list)
    table: Table | None = None
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class DetailView:
    code: str
    type: str  # cpt | hcpcs | icd10 | modifier | pos
    heading: str
    description: str
    sections: list[Section]
