"""Code search across every code set: exact codes first, then code prefixes, then words.

- Code queries ("7701", "c34.9", "C349", "M54", "tc") are index range scans
  (code >= prefix AND code < next prefix) over pfs_rvu, icd10cm (undotted), modifiers and
  place_of_service: every imported PFS code is found, with or without our own description.
- Word queries ("ct localiz", "office visit established") go through the FTS5 table code_search:
  every word must match (in any order), each as a prefix, with synonyms a biller would type
  (core/search_synonyms.py); ranked by bm25. Very common words match tens of thousands of ICD
  codes, so only the first RANK_WINDOW matches in index order (procedures, modifiers, places of
  service, ICD categories, then ICD codes by depth) are ranked, which keeps every query fast.
- Nothing found: `nearest` holds the closest codes (the longest code prefix that exists, or
  codes matching any of the words) so the user always has somewhere to go.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, replace

from .spelling import corrected
from .synonyms import expansions

CODE_TYPES = ("cpt", "hcpcs", "icd10", "modifier", "pos")
STOPWORDS = frozenset(["a", "an", "and", "the", "of", "or", "to", "in", "on", "for", "by",
                       "at", "as", "is", "with"])
RANK_WINDOW = 1000
NEAREST_LIMIT = 8

_CODE_RE = re.compile(r"^[A-Z0-9][A-Z0-9.]{0,7}$")
_WORD_RE = re.compile(r"[^\W_]+")
_SET_ORDER = ("procedure", "icd10", "modifier", "pos")
_LATEST_STATUS = (
    "(SELECT r.status FROM pfs_rvu r JOIN sources s ON s.source = 'pfs' AND s.release = r.release"
    " WHERE r.hcpcs = {code} AND r.modifier = '' ORDER BY s.effective_date DESC LIMIT 1)")
# A deleted ICD-10-CM code stays findable, and says so.
_DELETED = (" || CASE WHEN valid_to_fy IS NULL THEN '' ELSE ' (deleted: last valid in FY' "
            "|| valid_to_fy || ')' END")
_RANGE_SQL = {
    "procedure": "SELECT c.hcpcs, p.description, NULL, " + _LATEST_STATUS.format(code="c.hcpcs")
                 + " FROM (SELECT DISTINCT hcpcs FROM pfs_rvu WHERE hcpcs >= ? AND hcpcs < ? "
                 "ORDER BY hcpcs LIMIT ?) c LEFT JOIN procedure_codes p ON p.code = c.hcpcs "
                 "ORDER BY c.hcpcs",
    "icd10": "SELECT code, description" + _DELETED + ", billable, NULL FROM icd10cm "
             "WHERE code_nodot >= ? "
             "AND code_nodot < ? AND kind IN ('category', 'subcategory') ORDER BY code_nodot "
             "LIMIT ?",
    "modifier": "SELECT code, description, NULL, NULL FROM modifiers WHERE code >= ? "
                "AND code < ? ORDER BY code LIMIT ?",
    "pos": "SELECT code, name, NULL, NULL FROM place_of_service WHERE code >= ? AND code < ? "
           "ORDER BY code LIMIT ?",
}
_DESCRIBE_SQL = {
    "procedure": "SELECT description, NULL, " + _LATEST_STATUS.format(code="?1")
                 + " FROM (SELECT 1) LEFT JOIN procedure_codes ON code = ?1",
    "icd10": "SELECT description" + _DELETED + ", billable, NULL FROM icd10cm WHERE code = ?1 "
             "AND kind IN ('category', 'subcategory')",
    "modifier": "SELECT description, NULL, NULL FROM modifiers WHERE code = ?1",
    "pos": "SELECT name, NULL, NULL FROM place_of_service WHERE code = ?1",
}


@dataclass(frozen=True)
class SearchHit:
    code: str
    type: str                       # cpt | hcpcs | icd10 | modifier | pos
    description: str | None         # None: a procedure code without our own description
    match: str                      # exact | prefix | words | nearest
    billable: bool | None = None    # ICD-10-CM only: a complete code that can go on a claim
    status: str | None = None       # procedure codes: PFS status in the newest release

    @property
    def code_set(self) -> str:
        return "procedure" if self.type in ("cpt", "hcpcs") else self.type


@dataclass(frozen=True)
class SearchResult:
    query: str
    code_type: str | None
    hits: list[SearchHit]
    nearest: list[SearchHit]        # filled only when nothing matched
    truncated: bool                 # more matches than the limit

    @property
    def found(self) -> bool:
        return bool(self.hits)

    @property
    def exact(self) -> list[SearchHit]:
        return [hit for hit in self.hits if hit.match == "exact"]

    def to_dict(self) -> dict[str, object]:
        return {"query": self.query, "type": self.code_type,
                "results": [asdict(hit) for hit in self.hits],
                "truncated": self.truncated,
                "nearest": [asdict(hit) for hit in self.nearest]}


def search(conn: sqlite3.Connection, query: str, code_type: str | None = None,
           limit: int = 50) -> SearchResult:
    """Best match first: exact codes, then codes starting with the query, then word matches."""
    if code_type is not None and code_type not in CODE_TYPES:
        raise ValueError(f"unknown code type '{code_type}' (use one of {', '.join(CODE_TYPES)})")
    limit = max(1, limit)
    code = as_code(query)
    words = query_words(query)
    hits = code_matches(conn, code, code_type, limit + 1) if code else []
    if words and len(hits) <= limit:
        seen = {(hit.code, hit.type) for hit in hits}
        hits += _word_matches(conn, _fts_query(words), code_type, limit + 1 - len(hits), seen,
                              "words")
    nearest = [] if hits else _nearest(conn, code, words, code_type)
    return SearchResult(query, code_type, hits[:limit], nearest, len(hits) > limit)


def as_code(query: str) -> str | None:
    """The query as a code to match (upper case, no spaces), or None when it cannot be one."""
    code = query.strip().strip(",;:").upper()
    return code if _CODE_RE.match(code) else None


def query_words(query: str) -> list[str]:
    words = [w.lower() for w in _WORD_RE.findall(query)]
    kept = [w for w in words if w not in STOPWORDS]
    return kept or words


def code_matches(conn: sqlite3.Connection, code: str, code_type: str | None,
                 limit: int) -> list[SearchHit]:
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


def _range(conn: sqlite3.Connection, code_set: str, target: str,
           limit: int) -> list[SearchHit]:
    upper = target[:-1] + chr(ord(target[-1]) + 1)
    rows = conn.execute(_RANGE_SQL[code_set], (target, upper, limit)).fetchall()
    hits = []
    for code, description, billable, status in rows:
        undotted = code.replace(".", "") if code_set == "icd10" else code
        hits.append(_hit(code_set, code, description, billable, status,
                         "exact" if undotted == target else "prefix"))
    return hits


def _hit(code_set: str, code: str, description: str | None, billable: object, status: object,
         match: str) -> SearchHit:
    kind = code_set if code_set != "procedure" else ("cpt" if code[0].isdigit() else "hcpcs")
    return SearchHit(code, kind, description, match,
                     bool(billable) if billable is not None else None,
                     str(status) if status is not None else None)


def _term(word: str, typed: bool) -> str:
    """One FTS5 term: a prefix for typed words (the user may still be typing) and for longer
    synonyms, an exact token for one-letter words and short abbreviations ("ct", "mi")."""
    return f'"{word}"*' if len(word) >= (2 if typed else 4) else f'"{word}"'


def _fts_query(words: list[str], operator: str = "AND", synonyms: bool = True) -> str:
    groups = []
    for word in words:
        terms = [_term(word, True)]
        if synonyms:
            terms += [_term(extra, False) for extra in expansions(word)]
        groups.append("(" + " OR ".join(terms) + ")")
    return f" {operator} ".join(groups)


def _word_matches(conn: sqlite3.Connection, fts: str, code_type: str | None, limit: int,
                  seen: set[tuple[str, str]], match: str) -> list[SearchHit]:
    where = "code_search MATCH ?"
    params: list[object] = [fts]
    if code_type:
        where += " AND code_type = ?"
        params.append(code_type)
    ids = conn.execute(f"SELECT rowid FROM code_search WHERE {where} LIMIT ?",
                       (*params, RANK_WINDOW)).fetchall()
    if not ids:
        return []
    if len(ids) == RANK_WINDOW:
        where += " AND rowid <= ?"
        params.append(ids[-1][0])
    rows = conn.execute(f"SELECT code, code_type FROM code_search WHERE {where} "
                        "ORDER BY rank LIMIT ?", (*params, limit + len(seen))).fetchall()
    hits = []
    for code, kind in rows:
        if (code, kind) in seen:
            continue
        seen.add((code, kind))
        hits.append(_describe(conn, code, kind, match))
        if len(hits) == limit:
            break
    return hits


def _describe(conn: sqlite3.Connection, code: str, kind: str, match: str) -> SearchHit:
    code_set = "procedure" if kind in ("cpt", "hcpcs") else kind
    row = conn.execute(_DESCRIBE_SQL[code_set], (code,)).fetchone()
    description, billable, status = row if row else (None, None, None)
    return _hit(code_set, code, description, billable, status, match)


def _nearest(conn: sqlite3.Connection, code: str | None, words: list[str],
             code_type: str | None) -> list[SearchHit]:
    """Codes close to a query that matched nothing: for a query with digits, the longest prefix
    of it that exists; for words, the words spelled as the index spells them, then codes matching
    any word (then any shortened word)."""
    code_first = code is not None and any(ch.isdigit() for ch in code)
    if code and code_first and (found := _nearest_code(conn, code, code_type)):
        return found
    queries = []
    fixed = corrected(conn, words) if words else words
    if fixed != words:
        queries.append(_fts_query(fixed))
    for shorten in (None, 5, 4):
        cut = [w[:shorten] if shorten else w for w in words if len(w) >= (shorten or 1)]
        if cut:
            queries.append(_fts_query(cut, "OR", synonyms=shorten is None))
    for fts in queries:
        if found := _word_matches(conn, fts, code_type, NEAREST_LIMIT, set(), "nearest"):
            return found
    if code and not code_first:
        return _nearest_code(conn, code, code_type)
    return []


def _nearest_code(conn: sqlite3.Connection, code: str, code_type: str | None) -> list[SearchHit]:
    for cut in range(len(code) - 1, 0, -1):
        stem = code[:cut].rstrip(".")
        found = code_matches(conn, stem, code_type, NEAREST_LIMIT) if stem else []
        if found:
            return [replace(hit, match="nearest") for hit in found]
    return []
