"""X12's CARC and RARC texts in the user's workspace, and adjustments said in words.

The app ships only codes and our categories; the texts are X12's, imported by the user from the
lists they download (csv or the saved x12.org page: codes.read_code_list). Without them an
adjustment reads "CO-97 bundled/NCCI"; with them X12's text follows."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from core.db import transaction
from core.jobs import Progress, no_progress
from core.words import money

from .codes import UNKNOWN, carc_category, read_code_list
from .model import ADJUSTMENT_GROUP


@dataclass(frozen=True)
class CodeTextImport:
    file: str
    counts: dict[str, int]  # CARC / RARC -> rows imported

    def summary(self) -> str:
        parts = [f"{n} {kind} texts" for kind, n in sorted(self.counts.items())]
        return f"imported {' and '.join(parts)} from {self.file}"


def import_code_texts(conn: sqlite3.Connection, path: Path) -> CodeTextImport:
    """Store X12's texts from one list file (replacing those codes' earlier texts).
    CodeListError when the file is not an X12 CARC or RARC list (nothing is stored)."""
    return import_code_lists(conn, [path])[0]


def import_code_lists(
    conn: sqlite3.Connection, paths: Sequence[Path], progress: Progress | None = None
) -> list[CodeTextImport]:
    """Read every list file, then store their texts in one transaction: a file that is not an
    X12 list (CodeListError) or a cancel (raised by `progress`) stores nothing."""
    report = progress or no_progress
    read = []
    for number, path in enumerate(paths):
        report(f"Reading {path.name}", number / max(len(paths), 1))
        read.append((path, read_code_list(path)))
    report("Keeping the texts in your workspace", 1.0)
    with transaction(conn):
        for path, rows in read:
            conn.executemany(
                "INSERT INTO remit_code_texts (kind, code, text, start, stop, file) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, code) DO UPDATE SET "
                "text = excluded.text, start = excluded.start, stop = excluded.stop, "
                "file = excluded.file",
                [
                    (
                        r.kind,
                        r.code,
                        r.text,
                        r.start.isoformat() if r.start else None,
                        r.stop.isoformat() if r.stop else None,
                        path.name,
                    )
                    for r in rows
                ],
            )
    return [
        CodeTextImport(path.name, dict(Counter(row.kind for row in rows))) for path, rows in read
    ]


@dataclass(frozen=True)
class CodeWords:
    """CARC/RARC codes in words: our category, and X12's text when the user imported it."""

    texts: dict[tuple[str, str], str]

    @property
    def has_texts(self) -> bool:
        return bool(self.texts)

    def carc(self, code: str) -> str:
        """e.g. '97 bundled/NCCI: <X12's text>'."""
        return f"{code} {self.reason(code)}"

    def reason(self, code: str) -> str:
        """Our category of a CARC, then X12's text when imported."""
        category = carc_category(code)
        text = self.texts.get(("CARC", code))
        if category == UNKNOWN and not text:
            return "(not on X12's list of reason codes: ask the payer what it means)"
        return category + (f": {text}" if text else "")

    def rarc(self, code: str) -> str:
        text = self.texts.get(("RARC", code))
        return f"{code}: {text}" if text else code

    def adjustment(self, group: str, reason: str, amount: Decimal) -> str:
        """e.g. 'CO-97 $40.00 bundled/NCCI: <X12's text>'."""
        return f"{group}-{reason} {money(amount)} {self.reason(reason)}"

    @staticmethod
    def group(group: str) -> str:
        return ADJUSTMENT_GROUP.get(group, f"group {group}")


def code_words(conn: sqlite3.Connection) -> CodeWords:
    return CodeWords(
        {
            (kind, code): text
            for kind, code, text in conn.execute("SELECT kind, code, text FROM remit_code_texts")
        }
    )


def code_text_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT kind, COUNT(*) FROM remit_code_texts GROUP BY kind"))
