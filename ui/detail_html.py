"""One code's detail page (core/detail_sections.py) as HTML for the lookup tab's QTextBrowser.

Qt's rich text supports a subset of HTML 4 and CSS: simple tables, headings, inline styles."""

from __future__ import annotations

from html import escape

from core.lookup.detail import DetailView, Section, Table

_STYLE = """
<style>
h2 { margin: 0 0 2px 0; }
h3 { margin: 14px 0 4px 0; color: #1f4e79; }
td, th { padding: 2px 8px 2px 0; vertical-align: top; }
th { text-align: left; color: #444; }
td.label { color: #444; white-space: nowrap; font-weight: 600; }
p.note { color: #555; margin: 2px 0; }
p.lead { margin: 0 0 4px 0; font-size: large; }
</style>
"""


_NOWRAP_UP_TO = 16


def _text(value: str) -> str:
    return "<br>".join(escape(line) for line in value.splitlines()) or "&nbsp;"


def _cell(value: str) -> str:
    """Short cells (codes, dates, amounts) never wrap; long ones (descriptions) do."""
    nowrap = ' style="white-space: nowrap"' if len(value) <= _NOWRAP_UP_TO else ""
    return f"<td{nowrap}>{_text(value)}</td>"


def _table(table: Table) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = "".join("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in table.rows)
    return f'<table cellspacing="0" cellpadding="2"><tr>{head}</tr>{body}</table>'


def _section(section: Section) -> str:
    parts = [f"<h3>{escape(section.title)}</h3>"]
    if section.facts:
        rows = "".join(
            f'<tr><td class="label">{escape(label)}</td><td>{_text(value)}</td></tr>'
            for label, value in section.facts
        )
        parts.append(f'<table cellspacing="0" cellpadding="2">{rows}</table>')
    if section.table:
        parts.append(_table(section.table))
    parts += [f'<p class="note">{_text(note)}</p>' for note in section.notes]
    return "".join(parts)


def detail_html(view: DetailView) -> str:
    return (
        f"<html><head>{_STYLE}</head><body><h2>{escape(view.heading)}</h2>"
        f'<p class="lead">{_text(view.description)}</p>'
        + "".join(_section(s) for s in view.sections)
        + "</body></html>"
    )


def message_html(title: str, lines: list[str]) -> str:
    """A short page for the detail pane when there is no code to show (no match, empty query)."""
    body = "".join(f'<p class="note">{_text(line)}</p>' for line in lines)
    return f"<html><head>{_STYLE}</head><body><h2>{escape(title)}</h2>{body}</body></html>"
