"""First launch: the packaged app copies the database it ships instead of building one."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from core.db import get_meta, open_readonly
from core.sources import bundle
from core.sources.ensure import ensure_reference_db


def meta(path: Path, key: str) -> str | None:
    conn = sqlite3.connect(path)
    try:
        return get_meta(conn, key)
    finally:
        conn.close()


def test_a_missing_database_is_copied_from_a_matching_prebuilt_one(built_db, tmp_path):
    target = tmp_path / "home" / "reference.sqlite"
    steps: list[str] = []
    assert (
        ensure_reference_db(target, lambda message, _: steps.append(message), prebuilt=built_db)
        is None
    )
    assert steps == ["copying the reference database", "reference database ready"]
    assert meta(target, "built_at") == meta(built_db, "built_at")  # a copy, not a build
    conn = open_readonly(target)
    assert conn.execute("SELECT COUNT(*) FROM procedure_codes").fetchone()[0] > 600
    conn.close()
    assert not list(target.parent.glob("*.copying"))


def test_a_prebuilt_database_of_another_bundle_is_not_used(db_path, tmp_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE meta SET value = 'other' WHERE key = 'bundle_fingerprint'")
    target = tmp_path / "home" / "reference.sqlite"
    assert ensure_reference_db(target, prebuilt=db_path) is None
    assert meta(target, "bundle_fingerprint") == bundle.fingerprint()
    assert meta(target, "built_at") != meta(db_path, "built_at")


def test_a_stale_database_without_imports_is_replaced_by_the_prebuilt_one(built_db, db_path):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'bundle_fingerprint'")
    assert ensure_reference_db(db_path, prebuilt=built_db) is None
    assert meta(db_path, "bundle_fingerprint") == bundle.fingerprint()
    assert meta(db_path, "built_at") == meta(built_db, "built_at")


def test_a_stale_database_with_imports_is_kept_even_with_a_prebuilt_one(built_db, tmp_path):
    stale = tmp_path / "reference.sqlite"
    shutil.copyfile(built_db, stale)
    with sqlite3.connect(stale) as conn:
        conn.execute("UPDATE meta SET value = 'old' WHERE key = 'bundle_fingerprint'")
        conn.execute("UPDATE sources SET origin = 'imported' WHERE source = 'gpci'")
    warning = ensure_reference_db(stale, prebuilt=built_db)
    assert warning and "build-db" in warning
    assert meta(stale, "bundle_fingerprint") == "old"
