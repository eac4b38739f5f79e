"""Codes the lookup tests need, found by query in the data rather than hard-coded: the bundled
descriptions grow, so a code picked today for having no description may have one tomorrow."""

from __future__ import annotations

import sqlite3


def undescribed_code(conn: sqlite3.Connection, releases: int = 1) -> str:
    """The first payable CPT code of the fee schedule that we do not describe (CPT codes never
    get a CMS HCPCS description), present in at least `releases` loaded PFS releases."""
    row = conn.execute(
        "SELECT hcpcs FROM pfs_rvu WHERE modifier = '' AND status = 'A' AND hcpcs GLOB "
        "'[0-9][0-9][0-9][0-9][0-9]' AND hcpcs NOT IN (SELECT code FROM procedure_codes) "
        "GROUP BY hcpcs HAVING COUNT(DISTINCT release) >= ? ORDER BY hcpcs LIMIT 1",
        (releases,),
    ).fetchone()
    assert row is not None, "every payable CPT code is described: pick another kind of test"
    return str(row[0])


def imported_descriptor(conn: sqlite3.Connection, code: str, release: str) -> str:
    """The descriptor a PPRRVU file imported into this database gave `code`."""
    row = conn.execute(
        "SELECT description FROM imported_descriptors WHERE release = ? AND "
        "code = ? AND modifier = ''",
        (release, code),
    ).fetchone()
    assert row is not None, f"{code} has no imported descriptor of {release}"
    return str(row[0])
