"""Code search across every code set: exact codes first, then code prefixes, then words.

- Code queries ("7701", "c34.9", "C349", "M54", "tc") are index range scans over every loaded
  PFS release (deleted codes included), our own procedure descriptions, ICD-10-CM (undotted),
  modifiers and places of service (and CMS's HCPCS Level II file once imported). "modifier 59",
  "pos 11", "cpt 99213" search that code set only.
- Word queries ("ct guided localization", "knee arthroplasty", "egd") go through the FTS5 table
  code_search: every word must match, by its stem as a prefix, by a synonym or by a spelling
  correction (query.py), ranked by relevance (ranking.py). Very common words match tens of
  thousands of ICD codes, so only the first RANK_WINDOW matches in index order (procedures,
  modifiers, places of service, ICD categories, then ICD codes by depth) are ranked, which keeps
  every query fast.
- Nothing found: `nearest` holds the rows matching the query's most telling words, or the
  closest codes (the longest code prefix that exists), so the user always has somewhere to go;
  `explanation` says why a code that looks valid is not there.
- Every procedure hit says whether the code is current on the date (core/refdata/code_history):
  "deleted 2025-10-01 (not in RVU25D)".
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, replace
from datetime import date

from ..db import has_table
from ..refdata.releases import releases
from .describe import SearchHit, describe
from .priors import known
from .query import WordQuery, build
from .ranking import Candidate, rank
from .vocabulary import vocabulary
from .words import query_words

CODE_TYPES = ("cpt", "hcpcs", "icd10", "modifier", "pos")
RANK_WINDOW = 1000
CANDIDATES = 100
NEAREST_LIMIT = 8
NEAR_COVERAGE = 0.5
SIMILAR_WORDS = 6  # "similar descriptions" compare a description's most telling words
# ... ranking 50 of the first 600 matches, not a search's 100 of 1,000: a detail page shows 8,
# and the similar codes were most of a page's time (p95 19 -> 14.5 ms with 1M NCCI edits,
# bench/bench_lookup_ncci.py; the top 8 are the same codes for 98.7% of 150 sampled pages)
SIMILAR_WINDOW, SIMILAR_CANDIDATES = 600, 50
_COUNTS = frozenset(
    [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "first",
        "second",
        "third",
        "each",
        "all",
        "more",
    ]
)  # left out of "similar descriptions"

_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9.]{0,7}$")
_SCOPE_RE = re.compile(
    r"^\s*(modifier|mod|pos|place of service|cpt|hcpcs|icd|icd10|icd-10|"
    r"icd-10-cm|dx)\s*[:#]?\s+(\S+)\s*$",
    re.IGNORECASE,
)
_SCOPES = {
    "modifier": "modifier",
    "mod": "modifier",
    "pos": "pos",
    "place of service": "pos",
    "cpt": "cpt",
    "hcpcs": "hcpcs",
    "icd": "icd10",
    "icd10": "icd10",
    "icd-10": "icd10",
    "icd-10-cm": "icd10",
    "dx": "icd10",
}
_SET_ORDER = ("procedure", "icd10", "modifier", "pos")
_PROCEDURE_RANGE = (
    "SELECT hcpcs FROM pfs_rvu WHERE hcpcs >= ?1 AND hcpcs < ?2 "
    "UNION SELECT code FROM procedure_codes WHERE code >= ?1 AND code < ?2 {more} "
    "ORDER BY 1 LIMIT ?3"
)
_RANGE_SQL = {
    "icd10": "SELECT code FROM icd10cm WHERE code_nodot >= ?1 AND code_nodot < ?2 "
    "AND kind IN ('category', 'subcategory') ORDER BY code_nodot LIMIT ?3",
    "modifier": "SELECT code FROM modifiers WHERE code >= ?1 AND code < ?2 {more} "
    "ORDER BY 1 LIMIT ?3",
    "pos": "SELECT code FROM place_of_service WHERE code >= ?1 AND code < ?2 ORDER BY code "
    "LIMIT ?3",
}
_HCPCS_RANGE = (
    "UNION SELECT code FROM hcpcs_codes WHERE kind = '{kind}' AND code >= ?1 AND code < ?2"
)


@dataclass(frozen=True)
class SearchResult:
    query: str
    code_type: str | None
    hits: list[SearchHit]
    nearest: list[SearchHit]  # filled only when nothing matched
    truncated: bool  # more matches than the limit
    searched: str | None = None  # the words searched when spelling corrections changed them
    explanation: str = ""  # why nothing matched, when there is more to say

    @property
    def found(self) -> bool:
        return bool(self.hits)

    @property
    def exact(self) -> list[SearchHit]:
        return [hit for hit in self.hits if hit.match == "exact"]

    def to_dict(self) -> dict[str, object]:
        return {
            "query": self.query,
            "type": self.code_type,
            "results": [asdict(hit) for hit in self.hits],
            "truncated": self.truncated,
            "searched": self.searched,
            "explanation": self.explanation,
            "nearest": [asdict(hit) for hit in self.nearest],
        }


def search(
    conn: sqlite3.Connection,
    query: str,
    code_type: str | None = None,
    limit: int = 50,
    as_of: date | None = None,
) -> SearchResult:
    """Best match first: exact codes, then codes starting with the query, then word matches.
    Procedure codes are judged current, deleted or not yet effective on `as_of` (today)."""
    if code_type is not None and code_type not in CODE_TYPES:
        raise ValueError(f"unknown code type '{code_type}' (use one of {', '.join(CODE_TYPES)})")
    limit = max(1, limit)
    day = as_of or date.today()
    text, scope = _scoped(query)
    kind = code_type or scope
    code = as_code(text)
    words = query_words(text)
    hits = code_matches(conn, code, kind, limit + 1) if code else []
    wanted: WordQuery | None = None
    if words and len(hits) <= limit:
        wanted = build(words, vocabulary(conn))
        seen = {(hit.code, hit.type) for hit in hits}
        hits += [
            h
            for h in _word_matches(conn, wanted, kind, limit + 1 - len(hits))
            if (h.code, h.type) not in seen
        ]
    nearest = [] if hits else _nearest(conn, code, wanted, kind)
    searched = wanted.searched if wanted is not None and wanted.corrections else None
    return SearchResult(
        query,
        code_type,
        describe(conn, hits[:limit], day),
        describe(conn, nearest, day),
        len(hits) > limit,
        searched,
        "" if hits else _explain(conn, code, kind),
    )


def as_code(query: str) -> str | None:
    """The query as a code to match (upper case, no spaces), or None when it cannot be one."""
    code = query.strip().strip(",;:").upper()
    return code if _CODE_RE.match(code) else None


def _scoped(query: str) -> tuple[str, str | None]:
    """ "modifier 59" -> ("59", "modifier"): a code set named before a code."""
    match = _SCOPE_RE.match(query)
    if match and as_code(match.group(2)):
        return match.group(2), _SCOPES[match.group(1).lower()]
    return query, None


def code_matches(
    conn: sqlite3.Connection, code: str, code_type: str | None, limit: int
) -> list[SearchHit]:
    """Exact matches of every code set, then the prefix matches, the code sets that matched
    exactly (and ICD-10-CM for a dotted query) first, each in code order."""
    exact: list[SearchHit] = []
    prefix: dict[str, list[SearchHit]] = {}
    for code_set in _SET_ORDER:
        target = _target(code, code_set, code_type)
        if target is None:
            continue
        found = _range(conn, code_set, target, limit)
        exact += [h for h in found if h.match == "exact"]
        prefix[code_set] = [h for h in found if h.match == "prefix"]
    first = {h.code_set for h in exact} | ({"icd10"} if "." in code else set())
    ordered = sorted(prefix, key=lambda s: (s not in first, _SET_ORDER.index(s)))
    return (exact + [h for s in ordered for h in prefix[s]])[:limit]


def _target(code: str, code_set: str, code_type: str | None) -> str | None:
    """The form of the code to scan for in one code set, or None to skip the set."""
    if code_set == "icd10":
        return code.replace(".", "") if code_type in (None, "icd10") else None
    if "." in code:
        return None
    if code_set == "procedure":
        if code_type is None or code_type == ("cpt" if code[0].isdigit() else "hcpcs"):
            return code
        return None
    return code if code_type in (None, code_set) else None


def _range_sql(conn: sqlite3.Connection, code_set: str) -> str:
    hcpcs = has_table(conn, "hcpcs_codes")
    if code_set == "procedure":
        return _PROCEDURE_RANGE.format(more=_HCPCS_RANGE.format(kind="procedure") if hcpcs else "")
    if code_set == "modifier":
        return _RANGE_SQL["modifier"].format(
            more=_HCPCS_RANGE.format(kind="modifier") if hcpcs else ""
        )
    return _RANGE_SQL[code_set]


def _range(conn: sqlite3.Connection, code_set: str, target: str, limit: int) -> list[SearchHit]:
    upper = target[:-1] + chr(ord(target[-1]) + 1)
    hits = []
    for (code,) in conn.execute(_range_sql(conn, code_set), (target, upper, limit)):
        undotted = code.replace(".", "") if code_set == "icd10" else code
        hits.append(SearchHit.bare(code_set, code, "exact" if undotted == target else "prefix"))
    return hits


def _candidates(
    conn: sqlite3.Connection,
    fts: str,
    code_type: str | None,
    limit: int,
    window: int = RANK_WINDOW,
) -> list[Candidate]:
    where = "code_search MATCH ?"
    params: list[object] = [fts]
    if code_type:
        where += " AND code_type = ?"
        params.append(code_type)
    try:
        ids = conn.execute(
            f"SELECT rowid FROM code_search WHERE {where} LIMIT ?", (*params, window)
        ).fetchall()
        if len(ids) == window:
            where += " AND rowid <= ?"
            params.append(ids[-1][0])
        rows = conn.execute(
            f"SELECT rowid, code, code_type, words FROM code_search WHERE "
            f"{where} ORDER BY rank LIMIT ?",
            (*params, limit),
        ).fetchall()
    except sqlite3.OperationalError:  # a query FTS5 cannot parse finds nothing
        return []
    return [Candidate(r[0], r[1], r[2], r[3], n) for n, r in enumerate(rows)]


def _word_matches(
    conn: sqlite3.Connection, wanted: WordQuery, code_type: str | None, limit: int
) -> list[SearchHit]:
    candidates = _candidates(conn, wanted.fts(), code_type, CANDIDATES)
    found = rank(candidates, wanted, known(conn, wanted, candidates))
    return [SearchHit.bare(c.code_type, c.code, "words") for c, _ in found[:limit]]


def _nearest(
    conn: sqlite3.Connection, code: str | None, wanted: WordQuery | None, code_type: str | None
) -> list[SearchHit]:
    """Codes close to a query that matched nothing: for a query with digits, the longest prefix
    of it that exists; for words, the rows sharing the query's most telling words."""
    code_first = code is not None and any(ch.isdigit() for ch in code)
    if code and code_first and (found := _nearest_code(conn, code, code_type)):
        return found
    if wanted is not None and len(wanted.groups) > 1:
        candidates = _candidates(conn, wanted.fts("OR"), code_type, CANDIDATES)
        near = [
            c
            for c, share in rank(candidates, wanted, known(conn, wanted, candidates))
            if share >= NEAR_COVERAGE
        ]
        if near:
            return [SearchHit.bare(c.code_type, c.code, "nearest") for c in near[:NEAREST_LIMIT]]
    if code and not code_first:
        return _nearest_code(conn, code, code_type)
    return []


def similar(
    conn: sqlite3.Connection,
    text: str,
    code_type: str | None = None,
    limit: int = 8,
    least: float = 0.25,
) -> list[SearchHit]:
    """Codes whose words share the most of `text`'s telling words (at least `least` of their
    weight), best first: "see also" for a detail page."""
    words = [w for w in query_words(text) if w not in _COUNTS]
    if not words:
        return []
    wanted = build(words, vocabulary(conn))
    telling = sorted(wanted.groups, key=lambda g: -g.weight)[:SIMILAR_WORDS]
    wanted = replace(wanted, groups=tuple(g for g in wanted.groups if g in telling))
    found = _candidates(conn, wanted.fts("OR"), code_type, SIMILAR_CANDIDATES, SIMILAR_WINDOW)
    ranked = rank(found, wanted, known(conn, wanted, found))
    return [
        SearchHit.bare(c.code_type, c.code, "nearest")
        for c, share in ranked[:limit]
        if share >= least
    ]


def _nearest_code(conn: sqlite3.Connection, code: str, code_type: str | None) -> list[SearchHit]:
    for cut in range(len(code) - 1, 0, -1):
        stem = code[:cut].rstrip(".")
        found = code_matches(conn, stem, code_type, NEAREST_LIMIT) if stem else []
        if found:
            return [replace(hit, match="nearest") for hit in found]
    return []


def _explain(conn: sqlite3.Connection, code: str | None, code_type: str | None) -> str:
    """Why a query shaped like a procedure code found nothing: it is in no loaded release."""
    if (
        not code
        or not re.match(r"^(\d{4}[0-9FTU]|[A-V]\d{4})$", code)
        or code_type in ("icd10", "modifier", "pos")
    ):
        return ""
    loaded = [r.name for r in releases(conn, "pfs")]
    span = f"{loaded[0]} to {loaded[-1]}" if len(loaded) > 1 else "".join(loaded) or "none"
    return (
        f"{code} is in no loaded PFS release ({span}) and has no description here: it may "
        "have been deleted before the oldest loaded release, not exist, or be priced "
        "outside the physician fee schedule."
    )
