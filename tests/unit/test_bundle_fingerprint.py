"""The bundle fingerprint is kept in the data folder under the files' sizes and times
(core/sources/bundle.py): a lookup does not read every table at start, and a changed table
or a damaged cache file still gives the true fingerprint."""

from __future__ import annotations

import json

from core.sources import bundle


def test_the_kept_fingerprint_is_the_computed_one_and_is_used(tmp_path, monkeypatch):
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(tmp_path))
    files = bundle._fingerprinted_files()
    true = bundle._fingerprint(files)
    assert bundle.fingerprint() == true
    cache = tmp_path / bundle.FINGERPRINT_CACHE
    assert not cache.exists()  # kept only once a database is known to match
    bundle.keep_fingerprint(bundle.current_fingerprint())
    saved = json.loads(cache.read_text())
    assert saved == {"key": bundle._stat_key(files), "fingerprint": true}
    cache.write_text(json.dumps({"key": saved["key"], "fingerprint": "kept"}))
    assert bundle.fingerprint() == "kept"  # the tables are not read again


def test_a_changed_file_or_a_damaged_cache_gives_the_true_fingerprint(tmp_path, monkeypatch):
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(tmp_path))
    true = bundle._fingerprint(bundle._fingerprinted_files())
    cache = tmp_path / bundle.FINGERPRINT_CACHE
    cache.write_text(json.dumps({"key": "the sizes and times of other files", "fingerprint": "x"}))
    assert bundle.fingerprint() == true
    for damaged in ("{not json", "[]", '{"key": 1}', ""):
        cache.write_text(damaged)
        assert bundle.fingerprint() == true


def test_a_folder_that_cannot_be_written_keeps_nothing_and_says_nothing(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(home))
    (home / (bundle.FINGERPRINT_CACHE + ".partial")).mkdir()  # in the way of the write
    true = bundle._fingerprint(bundle._fingerprinted_files())
    bundle.keep_fingerprint(bundle.current_fingerprint())
    assert not (home / bundle.FINGERPRINT_CACHE).exists()
    assert bundle.fingerprint() == true


def test_the_package_of_a_frozen_app_is_not_a_file(tmp_path, monkeypatch):
    """PyInstaller keeps simple_icd_10_cm inside the program: its origin is no file to stat."""
    monkeypatch.setenv("BILLING_ASSISTANT_HOME", str(tmp_path))
    files = bundle._fingerprinted_files()
    key = bundle._stat_key([*files, tmp_path / "_internal" / "simple_icd_10_cm" / "__init__.py"])
    assert key != bundle._stat_key(files)
