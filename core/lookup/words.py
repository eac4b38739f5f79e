"""How search splits text into words: the same way the FTS5 index does (unicode61), lower case,
without the little words that carry no meaning in a code description."""

from __future__ import annotations

import re
import unicodedata

STOPWORDS = frozenset(
    ["a", "an", "and", "the", "of", "or", "to", "in", "on", "for", "by", "at", "as", "is", "with"]
)
_TOKEN = re.compile(r"[^\W_]+")


def tokens(text: str) -> list[str]:
    """Lower-case words as the FTS5 index splits them ("x-ray" -> x, ray; "e/m" -> e, m;
    "Sjögren" -> sjogren)."""
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    return [t.lower() for t in _TOKEN.findall(text)]


def query_words(text: str) -> list[str]:
    """The words of a query that count: stopwords go, unless nothing else is left."""
    words = tokens(text)
    kept = [w for w in words if w not in STOPWORDS]
    return kept or words
