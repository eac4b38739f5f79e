"""Core texts name the CLI command; the GUI shows its menu instead (ui/wording.py)."""

from __future__ import annotations

from core.claims.finding import Finding
from ui.wording import gui_finding, gui_words


def test_cli_commands_in_core_texts_become_gui_words():
    assert (
        gui_words(
            "import CMS's practitioner MUE file for that quarter ('python main.py "
            "import-cms FILE') and scrub again"
        )
        == "import CMS's practitioner MUE file for that quarter (File > Import CMS release...) "
        "and scrub again"
    )
    assert (
        gui_words("start from the template ('python main.py template -o claims_template.xlsx')")
        == "start from the template (File > Save worklist template...)"
    )
    assert "delete that file and start the app again" in gui_words(
        "x.sqlite has schema version 0: rebuild it with 'python main.py build-db'"
    )
    assert gui_words(
        "x.csv was imported, but the reference database is damaged (y): rebuild "
        "it, keeping your imports, with 'python main.py build-db "
        "--keep-imports'"
    ).endswith("rebuild it, keeping your imports, with the Data tab's Rebuild... button")
    assert (
        gui_words(
            "The bundled reference data has changed. Run 'python main.py build-db "
            "--keep-imports' (it imports your CMS releases again)"
        )
        == "The bundled reference data has changed. Use the Data tab's Rebuild... button (it "
        "imports your CMS releases again)"
    )
    assert (
        gui_words(
            "If it really is the whole release, import it with python main.py "
            "import-cms --accept-partial"
        )
        == "If it really is the whole release, choose Import anyway"
    )
    assert gui_words("nothing to change") == "nothing to change"


def test_a_finding_keeps_everything_but_its_wording():
    finding = Finding(
        "MUE-NOT-CHECKED",
        "info",
        "C1",
        None,
        "not checked",
        "import it ('python main.py import-cms FILE')",
        "MUE releases: none",
    )
    worded = gui_finding(finding)
    assert worded.fix == "import it (File > Import CMS release...)"
    assert (worded.rule, worded.message, worded.source) == (
        finding.rule,
        finding.message,
        finding.source,
    )
    plain = Finding("X", "error", "C1", 1, "m", "f", "s")
    assert gui_finding(plain) is plain
