"""The words the search index holds, with how many codes use each: which typed words exist,
how informative a word is (rare words weigh more in ranking), and spelling correction.

Read once per read-only connection from search_vocab (written with the index); a database built
before that table existed falls back to an fts5vocab view of the index.
"""

from __future__ import annotations

import math
import sqlite3
from bisect import bisect_left
from dataclasses import dataclass, field
from itertools import accumulate

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..db import has_table, memoized

_MIN_TYPO_LENGTH = 4


@dataclass(frozen=True)
class Vocabulary:
    terms: list[str]  # sorted
    docs: list[int]  # rows holding each term
    rows: int  # rows in the index
    _cumulative: list[int] = field(default_factory=list, repr=False)
    _by_initial: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _by_length: dict[int, list[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._cumulative.extend(accumulate(self.docs, initial=0))

    def _buckets(self) -> None:
        """The alphabetic words by first letter and by length, built at the first correction."""
        if self._by_initial:
            return
        for word in self.terms:
            if len(word) >= 3 and word.isalpha():
                self._by_initial.setdefault(word[0], []).append(word)
                self._by_length.setdefault(len(word), []).append(word)

    def _span(self, prefix: str) -> tuple[int, int]:
        low = bisect_left(self.terms, prefix)
        high = bisect_left(self.terms, prefix + "\uffff")
        return low, high

    def words_with_prefix(self, prefix: str) -> frozenset[str]:
        low, high = self._span(prefix)
        return frozenset(self.terms[low:high])

    def docs_with_prefix(self, prefix: str) -> int:
        """Rows holding a word that starts with `prefix` (an upper bound: a row with two such
        words counts twice)."""
        low, high = self._span(prefix)
        return self._cumulative[high] - self._cumulative[low]

    def docs_of(self, term: str) -> int:
        low = bisect_left(self.terms, term)
        return self.docs[low] if low < len(self.terms) and self.terms[low] == term else 0

    def weight(self, docs: int) -> float:
        """How much a word matched by `docs` rows says about a row (inverse row frequency)."""
        return math.log(1 + self.rows / (1 + docs))

    def corrections(
        self, word: str, limit: int = 3, most: int | None = None
    ) -> tuple[list[str], int]:
        """The indexed words closest in spelling to `word`, and how many edits away: at most
        `most` edits (a transposition counts as one), by default one for words up to 5
        letters, two up to 9, three beyond; the closest first, then the more common."""
        if len(word) < _MIN_TYPO_LENGTH or not word.isalpha():
            return [], 0
        if most is None:
            most = 1 if len(word) <= 5 else 2 if len(word) <= 9 else 3
        # beyond one edit the first letter must stay ("meniscectomy" is not "discectomy"); one
        # edit changes the length by at most one
        self._buckets()
        same_initial = self._by_initial.get(word[0], [])
        near_length = [
            w for n in (len(word) - 1, len(word), len(word) + 1) for w in self._by_length.get(n, [])
        ]
        found = [
            (term, int(distance))
            for pool, cutoff in ((same_initial, most), (near_length, 1))
            for term, distance, _ in process.extract(
                word, pool, scorer=OSA.distance, score_cutoff=cutoff, limit=20
            )
            if term != word
        ]
        if not found:
            return [], 0
        best = min(distance for _, distance in found)
        closest = list(dict.fromkeys(term for term, distance in found if distance == best))
        closest.sort(key=lambda term: (term[0] != word[0], -self.docs_of(term)))
        return closest[:limit], int(best)


def vocabulary(conn: sqlite3.Connection) -> Vocabulary:
    return memoized(conn, ("search_vocabulary",), lambda: _load(conn))


def _load(conn: sqlite3.Connection) -> Vocabulary:
    rows = (
        conn.execute("SELECT term, docs FROM search_vocab ORDER BY term").fetchall()
        if has_table(conn, "search_vocab")
        else []
    )
    if not rows:
        conn.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.code_search_vocab "
            "USING fts5vocab(main, code_search, row)"
        )
        rows = conn.execute("SELECT term, doc FROM temp.code_search_vocab ORDER BY term").fetchall()
    total = conn.execute("SELECT COUNT(*) FROM code_search").fetchone()[0]
    return Vocabulary([r[0] for r in rows], [int(r[1]) for r in rows], int(total))
