"""Key terms of a procedure text, for checking our descriptions against CMS short descriptors.

Our plain-language descriptions (resources/procedure_codes) must never be the CMS/AMA short
descriptor, but must share at least one key term with it, so a biller who searches by the
clinical word finds the code. A key term is a word stem: the first 5 letters of a word of 4 or
more letters (plus a few short clinical acronyms), after lower-casing, dropping punctuation and
stopwords and expanding the abbreviations CMS uses in the PPRRVU DESCRIPTION column.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from core.sources.source_file import read_text
from tests.cms_abbreviations import ABBREVIATIONS

STEM = 5
SHORT_TERMS = {
    "acl",
    "arm",
    "av",
    "ct",
    "ear",
    "ecg",
    "eeg",
    "egd",
    "emg",
    "ercp",
    "eye",
    "fat",
    "fna",
    "gum",
    "hip",
    "icd",
    "iud",
    "ivc",
    "jaw",
    "leep",
    "leg",
    "lip",
    "mcl",
    "mri",
    "pcl",
    "pet",
    "picc",
    "rib",
    "sac",
    "tmj",
    "toe",
    "vad",
}
STOPWORDS = {
    "additional",
    "addl",
    "after",
    "also",
    "any",
    "approach",
    "before",
    "both",
    "code",
    "codes",
    "complete",
    "complex",
    "done",
    "during",
    "each",
    "extensive",
    "first",
    "five",
    "four",
    "from",
    "included",
    "includes",
    "including",
    "initial",
    "into",
    "large",
    "less",
    "level",
    "like",
    "limited",
    "list",
    "major",
    "make",
    "making",
    "method",
    "minor",
    "more",
    "not",
    "one",
    "only",
    "other",
    "otherwise",
    "over",
    "part",
    "partial",
    "patient",
    "patients",
    "per",
    "procedure",
    "procedures",
    "same",
    "separately",
    "service",
    "services",
    "session",
    "side",
    "sides",
    "simple",
    "single",
    "small",
    "some",
    "specified",
    "stage",
    "subsequent",
    "such",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "three",
    "through",
    "total",
    "two",
    "type",
    "under",
    "unlistd",
    "unlisted",
    "upon",
    "used",
    "using",
    "what",
    "when",
    "whether",
    "which",
    "with",
    "without",
}
_PHRASES = [
    (re.compile(r"\bw\s*/\s*o\b"), " without "),
    (re.compile(r"\bw\s*/"), " with "),
    (re.compile(r"\bx\s*-\s*ray"), " xray "),
    (re.compile(r"\bx\s+ray"), " xray "),
]


def words(text: str, cms: bool = False) -> list[str]:
    """Lower-cased words with phrase shorthand (w/, w/o, x-ray) spelled out, and for a CMS short
    descriptor (cms=True) its abbreviations expanded. Our own text is plain English: expanding
    it would read 'on' or 'per' as abbreviations."""
    text = text.lower()
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    out: list[str] = []
    for token in re.findall(r"[a-z0-9]+", text):
        # "trnk2.6-7.5cm" and "1ntrspc": CMS glues figures to words; "b9", "prst8" are words.
        if not cms:
            out.append(token)
            continue
        parts = [token] if token in ABBREVIATIONS else re.findall(r"[a-z]+|[0-9]+", token)
        for part in parts:
            out.extend(ABBREVIATIONS.get(part, part).split())
    return out


def key_terms(text: str, cms: bool = False) -> set[str]:
    """Stems of the meaningful words of our text, or of a CMS short descriptor (cms=True)."""
    terms = set()
    for word in words(text, cms):
        if word in STOPWORDS or word.isdigit():
            continue
        if len(word) >= 4:
            terms.add(word[:STEM])
        elif word in SHORT_TERMS:
            terms.add(word)
    return terms


def normalized(text: str) -> str:
    """Lower case, punctuation removed, hyphenated words joined ('c-reactive' -> 'creactive'),
    single spaces: for 'is it the same text' checks."""
    return " ".join(re.findall(r"[a-z0-9]+", re.sub(r"(?<=\w)-(?=\w)", "", text.lower())))


def short_descriptors(path: Path) -> dict[str, str]:
    """Code -> CMS short descriptor of its global (blank modifier) row in a PPRRVU file.

    The banner lines before the 'HCPCS,MOD,DESCRIPTION' header vary by release and columns are
    read by header name (RVU26C added PRIC IND), so neither position is assumed."""
    lines = read_text(path).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("HCPCS,MOD,"))
    return {
        row["HCPCS"].strip(): row["DESCRIPTION"].strip()
        for row in csv.DictReader(lines[start:])
        if row.get("HCPCS") and not (row.get("MOD") or "").strip()
    }
