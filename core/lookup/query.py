"""A word query as groups of alternatives, and its FTS5 form.

Every query word (or phrase of words with a synonym) becomes one group; a row matches when it
matches each group through one of its alternatives: the words as typed (each by its stem, as a
prefix: "guided" searches guid*, which finds "guidance"), the synonyms of a phrase ("egd" ->
"upper endoscopy"), or, for a word the index does not hold, its spelling corrections
("arthroscpy" -> "arthroscopy"). Short words and numbers must match whole ("ct" never finds
"ctnnb1").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from .stemming import stem
from .synonyms import phrases
from .vocabulary import Vocabulary

TYPED, SYNONYM, LAY, CORRECTED = "typed", "synonym", "lay", "corrected"
_WHOLE_UP_TO = 2  # words this short (and numbers) match whole words only
_TYPO_OVER_PREFIX = 5  # a typo this long may be corrected though it begins indexed words...
_MORE_COMMON = 5  # ... when the correction is this many times more common


@dataclass(frozen=True)
class Term:
    text: str
    prefix: bool

    @property
    def fts(self) -> str:
        return f'"{self.text}"' + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Alternative:
    kind: str  # typed | synonym | lay | corrected
    words: tuple[str, ...]  # as written (typed, synonym or corrected words)
    terms: tuple[Term, ...]  # all must match (each once)

    @cached_property
    def pairs(self) -> tuple[tuple[str, Term], ...]:
        """Each written word with the term searched for it."""
        return tuple((w, term(w)) for w in self.words)

    @property
    def fts(self) -> str:
        parts = [t.fts for t in self.terms]
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


@dataclass(frozen=True)
class Group:
    typed: tuple[str, ...]  # the query words it stands for
    alternatives: tuple[Alternative, ...]
    weight: float  # rarer words weigh more
    spotted: frozenset[str] = frozenset()  # every indexed word any alternative matches
    # each alternative as the indexed words each of its words matches ("incision and
    # drainage": {incision, ...}, {drainage, draining, ...})
    phrases: tuple[tuple[frozenset[str], ...], ...] = ()

    @property
    def fts(self) -> str:
        return "(" + " OR ".join(a.fts for a in self.alternatives) + ")"


@dataclass(frozen=True)
class WordQuery:
    groups: tuple[Group, ...]
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> searched word
    expansions: dict[str, frozenset[str]] = field(default_factory=dict)  # prefix -> its words

    def fts(self, operator: str = "AND") -> str:
        return f" {operator} ".join(g.fts for g in self.groups)

    @cached_property
    def weight(self) -> float:
        """The groups' weights summed (1 when there are none)."""
        return sum(g.weight for g in self.groups) or 1.0

    @property
    def searched(self) -> str:
        """The query as searched, when spelling corrections changed it."""
        return " ".join(self.corrections.get(w, w) for g in self.groups for w in g.typed)


def term(word: str) -> Term:
    if len(word) <= _WHOLE_UP_TO or word.isdigit():
        return Term(word, False)
    return Term(stem(word), True)


def build(words: list[str], vocab: Vocabulary) -> WordQuery:
    """The groups of a query's words (already split and without stopwords)."""
    corrections: dict[str, str] = {}
    fixed = []
    for word in words:
        spelled = _correction(word, vocab)
        fixed.append(spelled[0] if spelled else word)
        if spelled:
            corrections[word] = spelled[0]
    groups = []
    covered = {i: p for p in phrases(fixed) for i in range(p.start, p.end)}
    index = 0
    while index < len(fixed):
        phrase = covered.get(index)
        end = phrase.end if phrase else index + 1
        typed = tuple(words[index:end])
        alternatives = [_alternative(TYPED, tuple(fixed[index:end]))]
        if not phrase and typed[0] in corrections:
            alternatives[0] = _alternative(CORRECTED, (corrections[typed[0]],))
            alternatives += [
                _alternative(CORRECTED, (w,)) for w in _correction(typed[0], vocab)[1:]
            ]
        if phrase:
            alternatives += [_alternative(LAY if lay else SYNONYM, p) for p, lay in phrase.found]
        groups.append(Group(typed, tuple(alternatives), _weight(alternatives, vocab)))
        index = end
    expansions = {
        t.text: vocab.words_with_prefix(t.text)
        for g in groups
        for a in g.alternatives
        for t in a.terms
        if t.prefix
    }
    groups = [_spotted(g, expansions) for g in groups]
    return WordQuery(tuple(groups), corrections, expansions)


def _spotted(group: Group, expansions: dict[str, frozenset[str]]) -> Group:
    phrases = tuple(
        tuple(
            frozenset({word} | (expansions[searched.text] if searched.prefix else set()))
            for word, searched in a.pairs
        )
        for a in group.alternatives
    )
    return replace(
        group, spotted=frozenset().union(*(w for p in phrases for w in p)), phrases=phrases
    )


def _alternative(kind: str, words: tuple[str, ...]) -> Alternative:
    return Alternative(kind, words, tuple(dict.fromkeys(term(w) for w in words)))


def _correction(word: str, vocab: Vocabulary) -> list[str]:
    """Spelling corrections of a word the index does not hold: the closest word and its other
    forms. None for known words, words with a synonym and short words. A word that only
    begins indexed words is taken as typed, unless it is one edit from a word used far more
    ("migrane" begins "migrans", but means "migraine")."""
    if vocab.docs_of(word) or phrases([word]):
        return []
    prefix_docs = vocab.docs_with_prefix(term(word).text)
    if prefix_docs and len(word) < _TYPO_OVER_PREFIX:
        return []
    found, _ = vocab.corrections(word, most=1 if prefix_docs else None)
    if not found or (prefix_docs and vocab.docs_of(found[0]) < _MORE_COMMON * prefix_docs):
        return []
    return [w for w in found if stem(w) == stem(found[0])]


def _docs(alternative: Alternative, vocab: Vocabulary) -> int:
    counts = [
        vocab.docs_with_prefix(t.text) if t.prefix else vocab.docs_of(t.text)
        for t in alternative.terms
    ]
    return min(counts) if counts else 0


def _weight(alternatives: list[Alternative], vocab: Vocabulary) -> float:
    docs = min(vocab.rows, sum(_docs(a, vocab) for a in alternatives))
    return vocab.weight(docs)
