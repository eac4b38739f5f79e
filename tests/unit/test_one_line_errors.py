"""One line, never a traceback, and each file's outcome (issue 16, items 9, 11a and 16): a stray
quote or a 50 MB line in a CMS CSV, a stray quote in LOCCO (it dropped 16 of 109 localities
without a word), two imports at once, --db naming a text file or the user's workspace, exports
and templates into a read-only folder or a full disk, and a multi-file import where one file
fails: the files before and after it are imported and each is reported."""

from __future__ import annotations

import shlex
import sqlite3
import sys
from pathlib import Path

import pytest

from core.sources import importer
from core.workspace import open_workspace
from tests.conftest import cms_file
from tests.support.faults import in_namespace, run_cli
from tests.support.imports import expect_refused, import_all
from tests.unit.test_storage_faults import one_error_line

PY = shlex.quote(sys.executable)
GPCI = ("pfs2026", "GPCI2026.csv")
MUE = ("ncci", "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv")


def changed_line(source: Path, target: Path, number: int, change) -> Path:
    """The file with its line `number` changed (its line ending kept)."""
    lines = source.read_bytes().decode("latin-1").split("\n")
    line = lines[number - 1]
    ending = "\r" if line.endswith("\r") else ""
    lines[number - 1] = change(line.removesuffix("\r")) + ending
    target.write_bytes("\n".join(lines).encode("latin-1"))
    return target


# ---------------------------------------------------------------- CMS csv files


def test_a_50_mb_line_is_one_line_at_its_line(db_path, tmp_path):
    bad = changed_line(
        cms_file(*GPCI), tmp_path / "GPCI2026.csv", 21, lambda line: line + "," + "x" * (50 * 2**20)
    )
    expect_refused(
        db_path,
        bad,
        "line 21: the record starting here cannot be read as CSV "
        "(field larger than field limit (131072)): a stray quote",
        "download it again",
    )


@pytest.mark.parametrize("kind", ["GPCI", "MUE"])
def test_a_stray_quote_running_on_over_the_rows_is_refused_at_its_line(db_path, tmp_path, kind):
    """The quote opens a cell that takes in every row after it: before, those rows were lost
    (GPCI: refused only as cut short, when a complete release was there to compare with)."""
    source = cms_file(*GPCI) if kind == "GPCI" else cms_file(*MUE)
    bad = changed_line(source, tmp_path / source.name, 30, lambda line: line.replace(",", ',"', 1))
    expect_refused(db_path, bad, "line 30: ", "stray quote")


def test_a_stray_quote_in_locco_refuses_the_file_instead_of_dropping_localities(db_path, tmp_path):
    locco = cms_file("pfs", "25LOCCO.csv")
    quoted = changed_line(
        locco, tmp_path / "25LOCCO.csv", 9, lambda line: line.replace("ARIZONA", '"ARIZONA')
    )
    expect_refused(
        db_path,
        quoted,
        'line 9: a quote (") opens a cell here that runs on over '
        "the next 18 lines, taking in the rows on them: remove the stray quote",
    )
    (tmp_path / "other").mkdir()
    damaged = changed_line(locco, tmp_path / "other" / "25LOCCO.csv", 9, lambda line: "x" + line)
    expect_refused(
        db_path,
        damaged,
        "line 9, column Medicare Administrative Contractor: 'x3102' is not a contractor number",
    )
    loaded, errors, _ = import_all(db_path, locco)  # the file as CMS publishes it
    assert errors == [] and loaded[0].row_count == 109


# ---------------------------------------------------------------- each file's outcome


def test_a_multi_file_import_reports_every_file(db_path, tmp_path):
    locco = changed_line(
        cms_file("pfs", "25LOCCO.csv"), tmp_path / "25LOCCO.csv", 9, lambda line: '"' + line
    )

    result = run_cli(
        "import-cms", str(cms_file(*GPCI)), str(locco), str(cms_file(*MUE)), "--db", str(db_path)
    )

    assert result.returncode == 2
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == [
        "loaded GPCI2026.csv",
        f"loaded {MUE[1]}",
    ]
    assert one_error_line(result.stderr).startswith("error: 25LOCCO.csv, line 9: a quote")


def test_a_bug_met_on_one_file_does_not_hide_the_others(db_path, tmp_path, monkeypatch):
    """A simulated bug in one loader (nothing else can make one): the files before and after
    it are imported, and it is reported as that file's outcome."""

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setitem(importer._LOADERS, "locality", broken)
    loaded, errors, _ = import_all(
        db_path, cms_file(*GPCI), cms_file("pfs", "25LOCCO.csv"), cms_file(*MUE)
    )
    assert [r.source for r in loaded] == ["gpci", "mue"]
    assert [str(e) for e in errors] == [
        "25LOCCO.csv: an unexpected problem stopped its import (ZeroDivisionError: division "
        "by zero); nothing from it was written: send the app's log to your support contact"
    ]


# ---------------------------------------------------------------- the database given


@pytest.mark.slow
def test_two_imports_at_once_the_second_says_the_first_is_writing(db_path):
    writer = sqlite3.connect(db_path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another import, writing
    try:
        result = run_cli("import-cms", str(cms_file(*GPCI)), "--db", str(db_path))
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.returncode == 2
    assert one_error_line(result.stderr) == (
        f"error: cannot open the reference database: another program is writing {db_path.name} "
        "(another import or build?); wait for it to finish and try again"
    )


def test_db_naming_a_text_file_is_one_line_and_the_file_is_untouched(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("my notes\n" * 100)
    for command in (["lookup", "99213"], ["import-cms", str(cms_file(*GPCI))]):
        result = run_cli(*command, "--db", str(text))
        assert result.returncode == 2
        assert str(text) in one_error_line(result.stderr)
    assert text.read_text() == "my notes\n" * 100


def test_import_cms_never_adds_the_reference_schema_to_the_workspace(tmp_path):
    workspace = tmp_path / "workspace.sqlite"
    open_workspace(workspace).close()
    before = snapshot_tables(workspace)

    result = run_cli("import-cms", str(cms_file(*GPCI)), "--db", str(workspace))

    assert result.returncode == 2
    assert one_error_line(result.stderr) == (
        f"error: cannot open the reference database: {workspace} is your workspace, not the "
        "reference database; nothing was written to it. Point --db at the reference database "
        "(reference.sqlite), or leave --db out"
    )
    assert snapshot_tables(workspace) == before


def snapshot_tables(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM sqlite_master ORDER BY name")]
    finally:
        conn.close()


# ---------------------------------------------------------------- exports and templates


def test_exports_and_templates_into_a_read_only_folder_or_a_full_disk(db_path, tmp_path):
    """Before, a template into an unwritable folder was 'cannot read the reference database:
    the disk could not be read or written'."""
    shut, full = tmp_path / "shut", tmp_path / "full"
    shut.mkdir()
    full.mkdir()
    db = shlex.quote(str(db_path))
    result = in_namespace(f"""
        mount --bind {shut} {shut}
        mount -o remount,bind,ro {shut}
        mount -t tmpfs -o size=64k tmpfs {full}
        head -c 60000 /dev/zero > {full}/filler
        set +e
        for out in {shut} {full}; do
            {PY} main.py template -o $out/template.xlsx
            {PY} main.py fee --locality 01112-05 --date 2026-03-01 -o $out/fees.csv --db {db}
            {PY} main.py fee --locality 01112-05 --date 2026-03-01 -o $out/fees.xlsx --db {db}
        done
        ls -A {shut} {full}
    """)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors[:3] == [
        f"error: template.xlsx cannot be written in {shut} (Read-only file system): choose "
        "another folder",
        f"error: fees.csv cannot be written in {shut} (Read-only file system): choose another "
        "folder",
        f"error: fees.xlsx cannot be written in {shut} (Read-only file system): choose another "
        "folder",
    ]
    assert [e.split(":")[1].strip() for e in errors[3:]] == [
        "template.xlsx cannot be written",
        "fees.csv cannot be written",
        "fees.xlsx cannot be written",
    ]
    assert all("No space left on device" in e for e in errors[3:]), errors
    assert ".partial-" not in result.stdout  # nothing half-written left behind


# ---------------------------------------------------------------- leftovers (item 16)


@pytest.mark.parametrize("args", [["99213", "--units", "0"], ["99213*0", "97110"]])
def test_fee_with_zero_units_is_refused_not_priced_as_one(built_db, args):
    result = run_cli("fee", *args, "--db", str(built_db))
    assert result.returncode == 2 and result.stdout == ""
    assert one_error_line(result.stderr) == (
        "error: units must be 1 or more: a line of 0 units is not billed (leave it out)"
    )


def test_a_utf16_worklist_is_read_like_any_other(tmp_path):
    """Excel's "Unicode Text" is UTF-16 with a byte-order mark and tabs between cells: it loads
    as the same claim as the CSV (core.text_files); UTF-16 without the mark is still refused
    as not a worklist."""
    from core.claims.model import Claim
    from core.claims.serialize import claim_to_dict
    from core.claims_io import load_worklist
    from tests.support.worklists import HEADER, write_csv
    from tests.unit.test_claims_cli import ROW

    row = [*ROW[:-1], "Müller"]  # a name beyond ASCII in the last column (ignored cells)
    header = [*HEADER[:-1], "note"]
    plain = load_worklist([write_csv(tmp_path / "plain.csv", [header, row])])
    unicode = load_worklist(
        [write_csv(tmp_path / "unicode.txt", [header, row], delimiter="\t", encoding="utf-16")]
    )
    assert not unicode.problems and len(unicode.claims) == 1

    def content(claim: Claim) -> object:  # all but where each part was read from
        def without_source(value: object) -> object:
            if isinstance(value, dict):
                return {k: without_source(v) for k, v in value.items() if k != "source"}
            if isinstance(value, list):
                return [without_source(v) for v in value]
            return value

        return without_source(claim_to_dict(claim))

    assert content(unicode.claims[0]) == content(plain.claims[0])
    assert unicode.claims[0].lines[0].code == "99213"
    no_mark = tmp_path / "no-mark.csv"
    no_mark.write_bytes(",".join(HEADER).encode("utf-16-le"))
    (problem,) = load_worklist([no_mark]).problems
    assert problem.message.startswith("not a worklist: a binary file")


# ---------------------------------------------------------------- full and read-only disks


def test_a_full_disk_under_the_workspace_names_the_workspace(tmp_path):
    """Before, 'payer add' on a full disk said 'cannot read the reference database'."""
    home = tmp_path / "home"
    home.mkdir()
    result = in_namespace(f"""
        mount -t tmpfs -o size=200k tmpfs {home}
        head -c 150000 /dev/zero > {home}/filler
        export BILLING_ASSISTANT_HOME={home}
        set +e
        for i in $(seq 1 30); do
            {PY} main.py payer add "Payer $i $(head -c 3000 /dev/zero | tr '\\0' x)" 110 \\
                >/dev/null 2>> {home}/errors || break
        done
        cat {home}/errors
    """)
    assert result.returncode == 0, result.stderr
    assert one_error_line(result.stdout) == (
        f"error: cannot save to your workspace: the disk holding {home} is full; free some "
        "space and try again"
    )


def test_an_import_into_a_read_only_database_file_is_one_line(db_path, tmp_path):
    """The folder can be written, the database file itself not (a read-only bind mount)."""
    db = shlex.quote(str(db_path))
    result = in_namespace(f"""
        mount --bind {db} {db}
        mount -o remount,bind,ro {db}
        set +e
        {PY} main.py import-cms {shlex.quote(str(cms_file(*GPCI)))} --db {db}
        echo "exit $?"
        {PY} main.py lookup 99213 --db {db} > /dev/null
        echo "lookup $?"
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["exit", "2", "lookup", "0"]
    assert one_error_line(result.stderr).startswith("error: ")
    assert "cannot be written (a read-only folder or disk, or no permission)" in result.stderr
