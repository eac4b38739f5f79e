"""ICD-10-CM from the simple-icd-10-cm package: every chapter, block, category and code."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import simple_icd_10_cm as icd

STORED_COLUMNS = [
    "code",
    "code_nodot",
    "kind",
    "billable",
    "description",
    "parent",
    "chapter",
    "block",
    "excludes1",
    "excludes2",
    "code_first",
    "use_additional",
    "code_also",
    "seven_chr_note",
    "seven_chr_def",
]
_MONTHS = {"january": 1, "april": 4, "july": 7, "october": 10}


@dataclass(frozen=True)
class IcdRelease:
    release: str  # "ICD-10-CM FY2026 April update"
    effective_date: str
    end_date: str
    data_file: str


def release() -> IcdRelease:
    """Name the release from the code list the package ships (code-list-April-2026.txt)."""
    names = [p.name for p in resources.files("simple_icd_10_cm.data").iterdir()]
    for name in names:
        match = re.match(r"code-list-([A-Za-z]+)-(\d{4})\.txt$", name)
        if match and match.group(1).lower() in _MONTHS:
            month, year = _MONTHS[match.group(1).lower()], int(match.group(2))
            fiscal = year + 1 if month >= 10 else year
            update = "" if month == 10 else f" {match.group(1).capitalize()} update"
            return IcdRelease(
                f"ICD-10-CM FY{fiscal}{update}", f"{year}-{month:02d}-01", f"{fiscal}-09-30", name
            )
    raise RuntimeError(f"simple-icd-10-cm ships no recognizable code list (found {names})")


def _kind(code: str, as_block: bool) -> str:
    if icd.is_chapter(code):
        return "chapter"
    if as_block:
        return "block"
    if icd.is_category(code):
        return "category"
    return "subcategory"


def rows() -> Iterator[tuple]:
    """One row per tabular item, in tabular order (STORED_COLUMNS order).

    A block made of one category has that category's code (B10): the list holds it twice, the
    block first; `prioritize_blocks` tells the package which of the two we mean."""
    seen: set[str] = set()
    for code in icd.get_all_codes(with_dots=True):
        as_block = icd.is_block(code) and code not in seen
        seen.add(code)
        kind = _kind(code, as_block)
        pb = as_block
        ancestors = icd.get_ancestors(code, prioritize_blocks=pb)
        chapter = next((a for a in ancestors if icd.is_chapter(a)), None)
        block = next((a for a in ancestors if icd.is_block(a)), None)
        is_code = kind in ("category", "subcategory")
        yield (
            code,
            code.replace(".", "") if is_code else code,
            kind,
            1 if is_code and icd.is_leaf(code) else 0,
            icd.get_description(code, prioritize_blocks=pb),
            icd.get_parent(code, prioritize_blocks=pb) or None,
            chapter,
            block,
            json.dumps(icd.get_excludes1(code, prioritize_blocks=pb)),
            json.dumps(icd.get_excludes2(code, prioritize_blocks=pb)),
            icd.get_code_first(code, prioritize_blocks=pb),
            icd.get_use_additional_code(code, prioritize_blocks=pb),
            icd.get_code_also(code, prioritize_blocks=pb),
            icd.get_seven_chr_note(code, prioritize_blocks=pb),
            json.dumps(icd.get_seven_chr_def(code, prioritize_blocks=pb)),
        )


def other_names() -> Iterator[tuple[str, str, str]]:
    """(code, kind, term) of every category and code: the other names the tabular gives it,
    its "Includes" notes (I10: "high blood pressure") and inclusion terms (N20.0: "Stone in
    kidney"), which billers search by."""
    for code in icd.get_all_codes(with_dots=True):
        if icd.is_category_or_subcategory(code):
            for kind, terms in (
                ("includes", icd.get_includes(code)),
                ("inclusion", icd.get_inclusion_term(code)),
            ):
                for term in dict.fromkeys(" ".join(t.split()) for t in terms):
                    yield code, kind, term
