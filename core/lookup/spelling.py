"""Spelling help for word searches: the closest word the code descriptions actually use.

"arthroscpy" finds nothing; the index vocabulary (an fts5vocab view of code_search, created in
the connection's temp schema so read-only databases work) knows "arthroscopy".
"""

from __future__ import annotations

import difflib
import sqlite3

_VOCAB = "temp.code_search_vocab"
_CUTOFF = 0.75


def _ensure_vocab(conn: sqlite3.Connection) -> None:
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_VOCAB} "
                 "USING fts5vocab(main, code_search, row)")


def _next(prefix: str) -> str:
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def corrected(conn: sqlite3.Connection, words: list[str]) -> list[str]:
    """The words with each one that begins no indexed word replaced by its closest indexed word
    of the same first two letters (unchanged when nothing is close enough)."""
    _ensure_vocab(conn)
    result = []
    for word in words:
        known = conn.execute(f"SELECT 1 FROM {_VOCAB} WHERE term >= ? AND term < ? LIMIT 1",
                             (word, _next(word))).fetchone()
        if known or len(word) < 4:
            result.append(word)
            continue
        candidates = [row[0] for row in conn.execute(
            f"SELECT term FROM {_VOCAB} WHERE term >= ? AND term < ?",
            (word[:2], _next(word[:2])))]
        best = difflib.get_close_matches(word, candidates, n=1, cutoff=_CUTOFF)
        result.append(best[0] if best else word)
    return result
