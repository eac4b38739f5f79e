"""Recall of code search on the biller query set (search_queries.csv): each query with the
codes that answer it ("S72.0*" means any code starting S72.0). A query is found at k when one of
its codes is among the first k results (the matches, or the nearest codes when nothing matched).
"""

from __future__ import annotations

import csv
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from core.lookup.search import search

QUERIES = Path(__file__).with_name("search_queries.csv")


@dataclass(frozen=True)
class Query:
    text: str
    expected: tuple[str, ...]
    code_set: str
    kind: str  # clinical | lay | abbreviation | typo | fragment

    def answers(self, code: str) -> bool:
        return any(
            code == e or (e.endswith("*") and code.startswith(e[:-1])) for e in self.expected
        )


@dataclass(frozen=True)
class Outcome:
    query: Query
    rank: int | None  # 1-based place of the first answer in the top 10
    shown: list[str]  # the first five codes shown


def load_queries() -> list[Query]:
    with QUERIES.open(newline="", encoding="utf-8") as handle:
        return [
            Query(r["query"], tuple(r["expected"].split()), r["code_set"], r["kind"])
            for r in csv.DictReader(handle)
        ]


def run(conn: sqlite3.Connection, queries: list[Query]) -> list[Outcome]:
    outcomes = []
    for query in queries:
        result = search(conn, query.text, limit=10)
        codes = [hit.code for hit in (result.hits or result.nearest)][:10]
        rank = next((i + 1 for i, code in enumerate(codes) if query.answers(code)), None)
        outcomes.append(Outcome(query, rank, codes[:5]))
    return outcomes


def recall(outcomes: list[Outcome], k: int) -> float:
    return sum(1 for o in outcomes if o.rank is not None and o.rank <= k) / len(outcomes)


def report(label: str, outcomes: list[Outcome]) -> None:
    print(
        f"{label}: recall@5 {recall(outcomes, 5):.1%}  recall@10 {recall(outcomes, 10):.1%}  "
        f"({len(outcomes)} queries)"
    )
    for field in ("code_set", "kind"):
        groups: dict[str, list[Outcome]] = {}
        for outcome in outcomes:
            groups.setdefault(getattr(outcome.query, field), []).append(outcome)
        print(
            "  by "
            + field.replace("_", " ")
            + ": "
            + ", ".join(
                f"{name} {recall(items, 5):.0%} of {len(items)}" for name, items in groups.items()
            )
        )


def misses(outcomes: list[Outcome], described: set[str]) -> Counter[str]:
    """Print the queries not found in the top 5, each with why: a CPT query whose codes have
    no description of ours (found only by a descriptor the user imports), or the ranking and
    vocabulary."""
    reasons: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.rank is not None and outcome.rank <= 5:
            continue
        query = outcome.query
        if query.code_set == "cpt" and not any(e in described for e in query.expected):
            why = "no description of ours for its codes"
        else:
            why = "ranking or vocabulary"
        reasons[why] += 1
        print(
            f"    miss  {query.text!r:38} want {query.expected[0]:<8} got "
            f"{' '.join(outcome.shown) or '-':<40} [{why}]"
        )
    return reasons
