"""Core messages name the command-line way to do something ('python main.py import-cms FILE');
the GUI shows the menu way instead. One small mapping, applied to every core text the GUI shows
or exports (findings, load problems, errors)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from core.claims.checked import CheckedClaim
from core.claims.finding import Finding

IMPORT_MENU = "File > Import CMS release..."


def _use_rebuild_button(match: re.Match[str]) -> str:
    """'Run X' becomes 'Use the button'; 'rebuild it with X' keeps its 'with'."""
    run = match.group(1)
    use = "" if run is None else ("Use " if run == "R" else "use ")
    return f"{use}the Data tab's Rebuild... button"


_GUI_WORDS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (
        re.compile(
            r"import it with (?:python main\.py|billing-assistant) import-cms "
            r"--accept-partial"
        ),
        "choose Import anyway",
    ),
    (re.compile(r"\(?'python main\.py import-cms[^']*'\)?"), f"({IMPORT_MENU})"),
    (re.compile(r"\(?'python main\.py template[^']*'\)?"), "(File > Save worklist template...)"),
    (
        re.compile(
            r"(?:([Rr])un )?'(?:python main\.py|billing-assistant) build-db "
            r"--keep-imports'"
        ),
        _use_rebuild_button,
    ),
    (
        re.compile(r"(?:run |rebuild it with )?'python main\.py build-db'"),
        "close the app, delete that file and start the app again (it builds a new one)",
    ),
]


def gui_words(text: str) -> str:
    for pattern, words in _GUI_WORDS:
        text = pattern.sub(words, text)
    return text.replace("((", "(").replace("))", ")")


def gui_finding(finding: Finding) -> Finding:
    fix, message = gui_words(finding.fix), gui_words(finding.message)
    if (fix, message) == (finding.fix, finding.message):
        return finding
    return replace(finding, fix=fix, message=message)


def gui_checked(checked: CheckedClaim) -> CheckedClaim:
    """The checked claim with its findings in GUI words (what the tab shows and exports)."""
    findings = [gui_finding(f) for f in checked.findings]
    if all(a is b for a, b in zip(findings, checked.findings, strict=True)):
        return checked
    return replace(checked, findings=findings)
