"""Relevance of a code's words to a word query, for ordering the matches FTS5 finds.

Each group of the query (query.py) is matched as well as the row allows: the word as typed
(1.0), another form of it (0.95: "guidance" for "guided"), a longer word it starts (0.75: typing
"arthro"), through a synonym (x 0.95) or a spelling correction (x 0.8); words found only in the
row's further names (a category, an ICD-10-CM inclusion term) count 0.9 of that. A row's score
is the weighted share of the query it matches (rare words weigh more), plus preferences for a
description whose head holds the query (what the code is: "Total knee replacement, ..." is a
knee arthroplasty, "Revision of a total knee arthroplasty" only works on one; a procedure's
category counts as part of its head), for the query's words side by side and at the start of
the description (stopwords aside), and for shorter, more general descriptions. What is known of
a code beyond its words (priors.py) is added, and an endoscopy family's base code comes first
among the family's matches. Near matches (rows matching only some words) use the same score, so
the ones sharing the query's most telling words come first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..sources.search_index import SEPARATOR
from .query import CORRECTED, SYNONYM, Alternative, Group, Term, WordQuery
from .stemming import stem
from .words import STOPWORDS, tokens

_KIND_FACTOR = {SYNONYM: 0.95, CORRECTED: 0.8}  # typed words and lay phrases: 1.0
_EXTRA_FACTOR = 0.9
_EVIDENCE_BONUS = 0.03  # a group matched more than one way (typed and synonym)
_ADJACENT_BONUS = 0.04
_FIRST_WORD_BONUS = 0.05  # the description starts with one of the query's words
_EARLY_BONUS = 0.02  # ... or has one among its first three words
_WHOLE_START_BONUS = 0.05  # the description starts with all the query's words
_NOS_BONUS = 0.06  # an ICD-10-CM inclusion term "<the query> NOS": the default code
_LENGTH_PENALTY = 0.002
_LENGTH_CAP = 40
_FILLERS = frozenset({"unspecified"})  # skipped before "the start" of an ICD text
_BASE_LEAD = 0.01  # a family's base code above the family's best match
_PROCEDURES = ("cpt", "hcpcs")
_HEAD_BONUS = 0.1  # the query is what the code is, not what it is done to or with
_HEAD_ENDS = frozenset(
    {
        "of",
        "for",
        "with",
        "without",
        "in",
        "on",
        "by",
        "at",
        "using",
        "through",
        "via",
        "during",
        "including",
    }
)
_CLAUSE = re.compile(r"[,;:]")
_PARENTHESES = re.compile(r"\([^)]*\)")


@dataclass(frozen=True)
class Candidate:
    rowid: int
    code: str
    code_type: str
    words: str
    order: int  # its place in FTS5's bm25 order


@dataclass(frozen=True)
class Known:
    """What is known of codes beyond their words (priors.py): a prior per candidate, the base
    code of each endoscopy family member, and each described procedure code's category."""

    prior: Callable[[Candidate], float] = lambda candidate: 0.0
    families: Mapping[str, str] = field(default_factory=dict)
    categories: Mapping[str, str] = field(default_factory=dict)


class _Words:
    """A set of words, for matching terms."""

    __slots__ = ("words",)

    def __init__(self, words: set[str]):
        self.words = words

    @staticmethod
    def of(words: set[str]) -> _Words:
        return _Words(words)

    def quality(self, word: str, searched: Term, expansions: dict[str, frozenset[str]]) -> float:
        if word in self.words:
            return 1.0
        if not searched.prefix:
            return 0.0
        text = searched.text
        found = (
            self.words & expansions[text]
            if text in expansions
            else {w for w in self.words if w.startswith(text)}
        )
        if not found:
            return 0.0
        return 0.95 if any(_stem(w) == text for w in found) else 0.75


@dataclass
class _Row:
    main: list[str]
    content: list[str]  # the main text without stopwords: where words stand
    head: list[str]  # what the code is: the words before its first qualifier
    head_words: _Words
    main_words: _Words
    extra_words: _Words
    names: list[list[str]]  # the further names, each as words


@lru_cache(maxsize=50_000)
def _stem(word: str) -> str:
    return stem(word)


def rank(
    candidates: list[Candidate], query: WordQuery, known: Known | None = None
) -> list[tuple[Candidate, float]]:
    """Candidates with the share of the query they match, best first (ties keep the bm25
    order); `known` adds what is known of a code beyond its words: its prior, its category,
    and a family's base first among the family's matches."""
    known = known or Known()
    scored = [
        (
            c,
            *score(
                c.words,
                query,
                known.categories.get(c.code, "") if c.code_type in _PROCEDURES else "",
            ),
        )
        for c in candidates
    ]
    scored = [(c, value + known.prior(c), share) for c, value, share in scored]
    if known.families:
        scored = _base_first(scored, known.families)
    scored.sort(key=lambda item: (-item[1], item[0].order))
    return [(c, share) for c, _, share in scored]


def _base_first(
    scored: list[tuple[Candidate, float, float]], families: Mapping[str, str]
) -> list[tuple[Candidate, float, float]]:
    """A base code the query matches ranks just above its family's best match: the words that
    match the family's codes ("colonoscopy") name the family, and the base ("Look-only
    (diagnostic) colonoscopy") is where it starts. A query naming more than the base holds
    ("colonoscopy with biopsy") does not match the base at all."""
    best: dict[str, float] = {}
    for c, value, _ in scored:
        base = families.get(c.code) if c.code_type in _PROCEDURES else None
        if base is not None:
            best[base] = max(best.get(base, value), value)
    return [
        (
            c,
            max(value, best[c.code] + _BASE_LEAD)
            if c.code in best and c.code_type in _PROCEDURES
            else value,
            share,
        )
        for c, value, share in scored
    ]


@lru_cache(maxsize=8192)  # a word typed letter by letter ranks the same rows again
def _row(words: str, category: str = "") -> _Row:
    """A row's words; a procedure's category ("imaging guidance" for 77011, "CT imaging used to
    pinpoint a target location ...") says what the code is, as its description's head does."""
    main_text, *names_text = words.split(SEPARATOR)
    main = tokens(main_text)
    names = [tokens(name) for name in names_text]
    content = [t for t in main if t not in STOPWORDS]
    family = [t for t in tokens(category) if t not in STOPWORDS]
    head = _head(main_text) + family
    return _Row(
        main,
        content,
        head,
        _Words.of(set(head)),
        _Words.of(set(main)),
        _Words.of({t for n in names for t in n}),
        names,
    )


def _head(text: str) -> list[str]:
    """The words saying what a code is, before what qualifies it: "Total knee replacement" of
    "Total knee replacement, resurfacing ...", "Revision" of "Revision of a total knee
    arthroplasty (redo knee replacement)", "Knee arthroscopy" of "Knee arthroscopy with ...".
    Explanations in parentheses are left out."""
    first = _CLAUSE.split(_PARENTHESES.sub(" ", text), maxsplit=1)[0]
    words: list[str] = []
    for token in tokens(first):
        if token in _HEAD_ENDS and words:
            break
        if token not in STOPWORDS:
            words.append(token)
    return words


def score(words: str, query: WordQuery, category: str = "") -> tuple[float, float]:
    """The row's relevance to the query, and the weighted share of the query's groups it
    matches at all (0 to 1)."""
    row = _row(words, category)
    total = query.weight
    qualities = [_group(g, row, query.expansions) for g in query.groups]
    matched = sum(g.weight * q for g, q in zip(query.groups, qualities, strict=True)) / total
    share = sum(g.weight for g, q in zip(query.groups, qualities, strict=True) if q) / total
    start = next((i for i, t in enumerate(row.content) if t not in _FILLERS), 0)
    places = [_positions(g, row.content) for g in query.groups]
    return (
        matched
        + _adjacency(places)
        + _start([[p - start for p in found if p >= start] for found in places])
        + _about(query, row)
        + _nos(query, row)
        - _LENGTH_PENALTY * min(len(row.main), _LENGTH_CAP)
    ), share


def _about(query: WordQuery, row: _Row) -> float:
    """The share of the query (by weight) its head holds: "knee arthroplasty" is what "Total
    knee replacement" is, and only what "Revision of a total knee arthroplasty" works on."""
    if not row.head:
        return 0.0
    head = row.head_words
    total = query.weight
    held = sum(
        g.weight
        for g in query.groups
        if any(
            all(head.quality(word, searched, query.expansions) for word, searched in a.pairs)
            for a in g.alternatives
        )
    )  # one way of saying the group, whole ("incision and
    return _HEAD_BONUS * held / total  # drainage", not "incision" alone)


def _nos(query: WordQuery, row: _Row) -> float:
    """ICD-10-CM lists "Stroke NOS" under I63.9: the code for the condition when nothing more
    is said. A further name made of the query's words (and nothing else) and NOS marks it."""
    for name in row.names:
        if len(name) < 2 or name[-1] != "nos":
            continue
        said = name[:-1]
        found = _Row([], [], [], _Words(set()), _Words.of(set(said)), _Words(set()), [])
        if all(_group(g, found, query.expansions) > 0 for g in query.groups) and all(
            any(_positions(g, [word]) for g in query.groups) for word in said
        ):
            return _NOS_BONUS
    return 0.0


def _group(group: Group, row: _Row, expansions: dict[str, frozenset[str]]) -> float:
    qualities = [q for q in (_alternative(a, row, expansions) for a in group.alternatives) if q > 0]
    if not qualities:
        return 0.0
    return max(qualities) + (_EVIDENCE_BONUS if len(qualities) > 1 else 0.0)


def _alternative(
    alternative: Alternative, row: _Row, expansions: dict[str, frozenset[str]]
) -> float:
    factor = _KIND_FACTOR.get(alternative.kind, 1.0)
    best = 1.0
    for word, searched in alternative.pairs:
        quality = row.main_words.quality(word, searched, expansions)
        if quality < 1.0:
            quality = max(
                quality, _EXTRA_FACTOR * row.extra_words.quality(word, searched, expansions)
            )
        best = min(best, quality)
        if best == 0:
            return 0.0
    return factor * best


def _positions(group: Group, main: list[str]) -> list[int]:
    """Where a group's words stand in the description: a word of a one-word alternative
    anywhere, the words of a phrase ("incision and drainage") only side by side (stopwords
    aside, one word between at most), so "draining ... instead of an incision" is no I&D."""
    found: set[int] = set()
    for phrase in group.phrases or ((group.spotted,),):
        if len(phrase) == 1:
            found.update(i for i, token in enumerate(main) if token in phrase[0])
            continue
        width = len(phrase) + 1
        for start, token in enumerate(main):
            if token not in phrase[0]:
                continue
            window = range(start + 1, min(start + width, len(main)))
            spots = [next((i for i in window if main[i] in words), -1) for words in phrase[1:]]
            if -1 not in spots:
                found.update((start, *spots))
    return sorted(found)


def _adjacency(places: list[list[int]]) -> float:
    """Consecutive query words side by side in the description (either order)."""
    if len(places) < 2:
        return 0.0
    pairs = sum(
        1
        for left, right in zip(places, places[1:], strict=False)
        if any(p + 1 in right or p - 1 in right for p in left)
    )
    return _ADJACENT_BONUS * pairs / (len(places) - 1)


def _start(places: list[list[int]]) -> float:
    """A description that starts with one of the query's words is about it (in any order:
    "localization ct" and "ct localization" are the same query); one that starts with all of
    them is about little else. `places`: each group's word positions from the start."""
    firsts = [found[0] for found in places if found]
    if not firsts or min(firsts) >= 3:
        return 0.0
    if min(firsts) != 0:
        return _EARLY_BONUS
    n = len(places)
    whole = n > 1 and len(firsts) == n and max(firsts) < n
    return _FIRST_WORD_BONUS + (_WHOLE_START_BONUS if whole else 0.0)
