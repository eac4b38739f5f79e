"""Word forms for search: "guided" and "guidance", "biopsy" and "biopsies", "injection" and
"injected" share a stem.

The stemmer only ever cuts a suffix, so a word's stem is always a prefix of the word. Searching
the stem as an FTS5 prefix term ("guid"*) then finds every form in the index without indexing
stems at all: the index holds the words as written, and the same index serves descriptions
imported later. Rules are few and conservative (a stem keeps at least MIN_STEM letters) because
an over-short stem matches unrelated words; ranking (ranking.py) still prefers the form typed.
"""

from __future__ import annotations

MIN_STEM = 4

# Inflections first (one of them), then one derivational suffix, then a final "e" or "y".
_INFLECTIONS = ("ies", "es", "s", "ed", "ing")
_DERIVATIONS = (
    "ation",
    "ment",
    "ance",
    "ence",
    "ancy",
    "ency",
    "ical",
    "ion",
    "ate",
    "age",
    "ic",
    "al",
    "ive",
    "ous",
)
_KEEP_S = ("ss", "us", "is", "ys")
_MIN_BEFORE_ATE = 5  # "evaluate" -> "evalu", but "acetate" keeps its "at"
_UNCHANGED = frozenset({"prostate", "massage"})  # "prost", "mass" would match other words


def stem(word: str) -> str:
    """The shortest safe prefix shared by the word's forms (the word itself when it is short,
    holds a digit or has no known suffix). `word` is lower case."""
    if len(word) <= MIN_STEM or not word.isalpha() or word in _UNCHANGED:
        return word
    base = _inflection(word)
    base = _cut(base, _DERIVATIONS)
    if base.endswith(("e", "y")) and len(base) > MIN_STEM:
        base = base[:-1]
    return base


def _inflection(word: str) -> str:
    for suffix in _INFLECTIONS:
        if not word.endswith(suffix) or len(word) - len(suffix) < MIN_STEM:
            continue
        if suffix == "s" and word.endswith(_KEEP_S):
            return word
        if suffix == "es" and not word.endswith(("sses", "xes", "ches", "shes", "zes")):
            continue  # "diabetes", "injuries" go to the next rule or keep their "e"
        return word[: -len(suffix)]
    return word


def _cut(word: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        shortest = _MIN_BEFORE_ATE if suffix == "ate" else MIN_STEM
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            return word[: -len(suffix)]
    return word
