"""A release file cut short (an interrupted download or copy) never replaces a complete
release. Cut at a line end, every row it holds is well formed: only its row count against the
release it would replace (or the one before it) tells. Before, a ZIP5 file cut in half replaced
the complete quarter, and half the ZIP codes of the country were 'not found'."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.sources.loaders import ImportOptions
from tests.conftest import cms_file
from tests.support.cms_layouts import write_ptp
from tests.support.faults import big_ptp, edit_lines, run_cli
from tests.support.imports import expect_refused, import_all, snapshot

MUE_2026 = "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv"


def cut_at_line_end(source: Path, target: Path, share: float) -> Path:
    """The first `share` of a file's bytes, up to the end of a line: every row whole."""
    data = source.read_bytes()
    end = data.rindex(b"\n", 0, int(len(data) * share)) + 1
    target.write_bytes(data[:end])
    return target


def test_a_zip5_file_cut_in_half_does_not_replace_the_complete_quarter(db_path, tmp_path):
    full = cms_file("zip", "ZIP5_OCT2025.txt")
    loaded, errors, _ = import_all(db_path, full)
    assert errors == [] and loaded[0].row_count == 42_956
    before = snapshot(db_path)
    cut = cut_at_line_end(full, tmp_path / full.name, 0.5)

    error = expect_refused(
        db_path,
        cut,
        "it holds 21,47",
        "rows where ZIP5 2025Q4 already loaded "
        "holds 42,956: the file looks cut short (an interrupted download or "
        "copy?); download it again. The release loaded before is kept.",
    )

    assert error.path == cut
    assert snapshot(db_path) == before


def test_an_mue_table_missing_its_last_rows_is_refused(db_path, tmp_path):
    """The bundled MUE 2026Q2 is CMS's whole table: 3% of it missing is 450 codes."""
    cut = cut_at_line_end(cms_file("ncci", MUE_2026), tmp_path / MUE_2026, 0.97)
    expect_refused(db_path, cut, "rows where MUE 2026Q2 already loaded holds 15,095")


def test_a_new_quarter_far_smaller_than_the_one_before_is_refused(db_path, tmp_path):
    next_quarter = tmp_path / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"
    cut_at_line_end(cms_file("ncci", MUE_2026), next_quarter, 0.6)
    expect_refused(
        db_path,
        next_quarter,
        "rows where MUE 2026Q2 (the release before it) holds 15,095: the file looks cut short",
        "Nothing was imported.",
    )


def test_a_correction_that_drops_a_few_rows_still_replaces_the_release(db_path, tmp_path):
    full = cms_file("ncci", MUE_2026)
    lines = full.read_bytes().splitlines(keepends=True)
    corrected = tmp_path / MUE_2026
    corrected.write_bytes(b"".join(lines[:100] + lines[105:]))  # CMS dropped five codes
    loaded, errors, _ = import_all(db_path, corrected)
    assert errors == [] and loaded[0].row_count == 15_090


# ---------------------------------------------------------------- NCCI parts

ROWS = 20_000


def test_an_ncci_part_cut_short_does_not_replace_the_part_loaded(db_path, tmp_path):
    part = big_ptp(tmp_path / "full", ROWS)
    assert import_all(db_path, part)[0][0].row_count == ROWS
    before = snapshot(db_path)
    cut = write_ptp(tmp_path / part.name, list(edit_lines(ROWS))[: ROWS // 2])

    expect_refused(
        db_path,
        cut,
        f"it holds 10,000 rows where this part of NCCI PTP 2025Q4 already loaded holds {ROWS:,}",
    )
    assert snapshot(db_path) == before


def test_an_ncci_part_far_smaller_than_the_same_part_of_the_quarter_before(db_path, tmp_path):
    import_all(db_path, big_ptp(tmp_path / "q4", ROWS, "ccipra-v313r0-f1.txt"))
    next_part = write_ptp(tmp_path / "ccipra-v320r0-f1.txt", list(edit_lines(ROWS))[:5_000])
    other_part = write_ptp(tmp_path / "ccipra-v320r0-f2.txt", list(edit_lines(ROWS))[:5_000])

    expect_refused(
        db_path,
        next_part,
        "it holds 5,000 rows where part 1 of NCCI PTP 2025Q4 "
        f"(the release before it) holds {ROWS:,}",
    )
    loaded, errors, _ = import_all(db_path, other_part)  # part 2 has nothing to compare to
    assert errors == [] and loaded[0].release == "NCCI PTP 2026Q1"


@pytest.mark.parametrize("dropped", [0, 150])
def test_an_ncci_part_imported_again_replaces_only_that_part(db_path, tmp_path, dropped):
    first = big_ptp(tmp_path / "a", ROWS, "ccipra-v313r0-f1.txt")
    second = big_ptp(tmp_path / "a", 3_000, "ccipra-v313r0-f2.txt")
    import_all(db_path, first, second)
    corrected = tmp_path / "b" / first.name
    corrected.parent.mkdir()
    write_ptp(corrected, list(edit_lines(ROWS))[dropped:])  # CMS dropped a few edits

    loaded, errors, _ = import_all(db_path, corrected)

    assert errors == [] and loaded[0].row_count == ROWS - dropped + 3_000
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(
            "SELECT file_name, row_count FROM ncci_files ORDER BY file_name"
        ).fetchall() == [(first.name, ROWS - dropped), (second.name, 3_000)]


# ---------------------------------------------------------------- --accept-partial


def test_accept_partial_loads_a_file_refused_as_cut_short_and_says_so(db_path, tmp_path):
    """The user knows better (CMS really published a small file): import-cms --accept-partial
    loads it, and the release's note says it was accepted as partial."""
    next_quarter = tmp_path / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"
    cut_at_line_end(cms_file("ncci", MUE_2026), next_quarter, 0.6)
    error = expect_refused(
        db_path,
        next_quarter,
        "If it really is the whole release, import it "
        "with python main.py import-cms --accept-partial",
    )

    loaded, errors, _ = import_all(
        db_path, next_quarter, options=ImportOptions(accept_partial=True)
    )

    assert errors == [] and loaded[0].release == "MUE 2026Q3"
    assert loaded[0].note == (
        f"loaded although it holds {loaded[0].row_count:,} rows where MUE "
        "2026Q2 (the release before it) holds 15,095 (accepted as partial)"
    )
    assert error.reason.startswith(f"it holds {loaded[0].row_count:,} rows where")
    with sqlite3.connect(db_path) as conn:
        assert (
            conn.execute("SELECT COUNT(*) FROM mue WHERE release = 'MUE 2026Q3'").fetchone()[0]
            == loaded[0].row_count
        )
        assert conn.execute(
            "SELECT path FROM source_files WHERE release = 'MUE 2026Q3'"
        ).fetchall() == [(str(next_quarter.resolve()),)]


def test_accept_partial_loads_an_ncci_part_cut_short(db_path, tmp_path):
    part = big_ptp(tmp_path / "full", ROWS)
    import_all(db_path, part)
    cut = write_ptp(tmp_path / part.name, list(edit_lines(ROWS))[: ROWS // 2])

    loaded, errors, _ = import_all(db_path, cut, options=ImportOptions(accept_partial=True))

    assert errors == [] and loaded[0].row_count == ROWS // 2
    assert (
        "loaded although it holds 10,000 rows where this part of NCCI PTP 2025Q4 already "
        f"loaded holds {ROWS:,} (accepted as partial)" in loaded[0].note
    )


def test_import_cms_accept_partial_on_the_command_line(db_path, tmp_path):
    next_quarter = tmp_path / "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"
    cut_at_line_end(cms_file("ncci", MUE_2026), next_quarter, 0.6)

    refused = run_cli("import-cms", str(next_quarter), "--db", str(db_path))
    accepted = run_cli("import-cms", "--accept-partial", str(next_quarter), "--db", str(db_path))

    assert refused.returncode == 2 and "--accept-partial" in refused.stderr
    assert "Traceback" not in refused.stderr + accepted.stderr
    assert accepted.returncode == 0, accepted.stderr
    assert "MUE 2026Q3" in accepted.stdout and "(accepted as partial)" in accepted.stdout
