"""Relevance of a code's words to a word query, for ordering the matches FTS5 finds.

Each group of the query (query.py) is matched as well as the row allows: the word as typed
(1.0), another form of it (0.95: "guidance" for "guided"), a longer word it starts (0.75: typing
"arthro"), through a synonym (x 0.95) or a spelling correction (x 0.8); words found only in the
row's further names (a category, an ICD-10-CM inclusion term) count 0.9 of that. A row's score
is the weighted share of the query it matches (rare words weigh more), plus small preferences
for the query's words side by side and at the start of the description, and for shorter, more
general descriptions. Near matches (rows matching only some words) use the same score, so the
ones sharing the query's most telling words come first.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..sources.search_index import SEPARATOR
from .query import CORRECTED, SYNONYM, Alternative, Group, Term, WordQuery
from .stemming import stem
from .words import tokens

_KIND_FACTOR = {SYNONYM: 0.95, CORRECTED: 0.8}   # typed words and lay phrases: 1.0
_EXTRA_FACTOR = 0.9
_EVIDENCE_BONUS = 0.03        # a group matched more than one way (typed and synonym)
_ADJACENT_BONUS = 0.04
_FIRST_WORD_BONUS = 0.05      # the description starts with one of the query's words
_EARLY_BONUS = 0.02           # ... or has one among its first three words
_WHOLE_START_BONUS = 0.05     # the description starts with all the query's words
_NOS_BONUS = 0.06             # an ICD-10-CM inclusion term "<the query> NOS": the default code
_LENGTH_PENALTY = 0.002
_LENGTH_CAP = 40
_FILLERS = frozenset({"unspecified"})   # skipped before "the start" of an ICD text


@dataclass(frozen=True)
class Candidate:
    rowid: int
    code: str
    code_type: str
    words: str
    order: int                      # its place in FTS5's bm25 order


@dataclass
class _Words:
    """A set of words with their stems, for matching terms."""

    words: set[str]
    stems: set[str]

    @staticmethod
    def of(words: set[str]) -> _Words:
        return _Words(words, {_stem(w) for w in words})

    def quality(self, word: str, searched: Term) -> float:
        if word in self.words:
            return 1.0
        if not searched.prefix:
            return 0.0
        if searched.text in self.stems:
            return 0.95
        text = searched.text
        return 0.75 if any(w.startswith(text) for w in self.words) else 0.0


@dataclass
class _Row:
    main: list[str]
    main_words: _Words
    extra_words: _Words
    names: list[list[str]]          # the further names, each as words


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return stem(word)


def rank(candidates: list[Candidate], query: WordQuery) -> list[tuple[Candidate, float]]:
    """Candidates with the share of the query they match, best first (ties keep the bm25
    order)."""
    scored = [(c, *score(c.words, query)) for c in candidates]
    scored.sort(key=lambda item: (-item[1], item[0].order))
    return [(c, share) for c, _, share in scored]


def _row(words: str) -> _Row:
    main_text, *names_text = words.split(SEPARATOR)
    main = tokens(main_text)
    names = [tokens(name) for name in names_text]
    return _Row(main, _Words.of(set(main)), _Words.of({t for n in names for t in n}), names)


def score(words: str, query: WordQuery) -> tuple[float, float]:
    """The row's relevance to the query, and the weighted share of the query's groups it
    matches at all (0 to 1)."""
    row = _row(words)
    total = sum(g.weight for g in query.groups) or 1.0
    qualities = [_group(g, row) for g in query.groups]
    matched = sum(g.weight * q for g, q in zip(query.groups, qualities, strict=True)) / total
    share = sum(g.weight for g, q in zip(query.groups, qualities, strict=True) if q) / total
    start = next((i for i, t in enumerate(row.main) if t not in _FILLERS), 0)
    return (matched + _adjacency(query, row.main) + _start(query, row.main[start:])
            + _nos(query, row) - _LENGTH_PENALTY * min(len(row.main), _LENGTH_CAP)), share


def _nos(query: WordQuery, row: _Row) -> float:
    """ICD-10-CM lists "Stroke NOS" under I63.9: the code for the condition when nothing more
    is said. A further name made of the query's words (and nothing else) and NOS marks it."""
    for name in row.names:
        if len(name) < 2 or name[-1] != "nos":
            continue
        said = name[:-1]
        found = _Row([], _Words.of(set(said)), _Words(set(), set()), [])
        if all(_group(g, found) > 0 for g in query.groups) and all(
                any(_positions(g, [word]) for g in query.groups) for word in said):
            return _NOS_BONUS
    return 0.0


def _group(group: Group, row: _Row) -> float:
    qualities = [q for q in (_alternative(a, row) for a in group.alternatives) if q > 0]
    if not qualities:
        return 0.0
    return max(qualities) + (_EVIDENCE_BONUS if len(qualities) > 1 else 0.0)


def _alternative(alternative: Alternative, row: _Row) -> float:
    factor = _KIND_FACTOR.get(alternative.kind, 1.0)
    best = 1.0
    for word, searched in alternative.pairs:
        quality = row.main_words.quality(word, searched)
        if quality < 1.0:
            quality = max(quality, _EXTRA_FACTOR * row.extra_words.quality(word, searched))
        best = min(best, quality)
        if best == 0:
            return 0.0
    return factor * best


def _positions(group: Group, main: list[str]) -> list[int]:
    """Where a group's words (of any alternative) stand in the description."""
    words = {w for a in group.alternatives for w in a.words}
    prefixes = tuple({t.text for a in group.alternatives for t in a.terms if t.prefix})
    return [i for i, token in enumerate(main) if token in words or token.startswith(prefixes)]


def _adjacency(query: WordQuery, main: list[str]) -> float:
    if len(query.groups) < 2:
        return 0.0
    places = [set(_positions(g, main)) for g in query.groups]
    pairs = sum(1 for left, right in zip(places, places[1:], strict=False)
                if any(p + 1 in right or p - 1 in right for p in left))
    return _ADJACENT_BONUS * pairs / (len(query.groups) - 1)


def _start(query: WordQuery, main: list[str]) -> float:
    """A description that starts with one of the query's words is about it (in any order:
    "localization ct" and "ct localization" are the same query); one that starts with all of
    them is about little else."""
    head = main[:3]
    places = [_positions(g, head) for g in query.groups]
    if not any(places):
        return 0.0
    if not any(0 in p for p in places):
        return _EARLY_BONUS
    n = len(query.groups)
    whole = n > 1 and all(_positions(g, main[:n]) for g in query.groups)
    return _FIRST_WORD_BONUS + (_WHOLE_START_BONUS if whole else 0.0)
