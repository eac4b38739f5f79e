"""Shared fixtures: the bundled reference database is built once per session; every test that
writes gets its own copy. The real CMS files in ../shared/reference are used where present."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from tests.support.databases import private_copy

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED_REFERENCE = PROJECT_ROOT.parent / "shared" / "reference"
CMS_DIR = SHARED_REFERENCE / "cms"

# Never touch the tester's real data folder: the default database goes to a throwaway home.
os.environ.setdefault("BILLING_ASSISTANT_HOME", tempfile.mkdtemp(prefix="billing-home-"))


def cms_file(*parts: str) -> Path:
    """A file of the real CMS reference set, or skip the test when ../shared is absent."""
    path = CMS_DIR.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real CMS reference file {path} not present (../shared/reference is needed)")
    return path


@pytest.fixture(scope="session")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from core.sources.build import build_reference_db

    path = tmp_path_factory.mktemp("reference") / "reference.sqlite"
    build_reference_db(path)
    return path


@pytest.fixture
def db_path(built_db: Path, tmp_path: Path) -> Path:
    """A private copy of the bundled database, free to write to."""
    return private_copy(built_db, tmp_path)


@pytest.fixture
def wconn(db_path: Path):
    """A writable connection to db_path, as the importers use."""
    from core.db import open_writable

    connection = open_writable(db_path)
    yield connection
    connection.close()


@pytest.fixture
def zip_db(db_path: Path, tmp_path: Path) -> Path:
    """db_path with a ZIP5 file imported (tests/support/zip5.py): lines priced in their ZIP's
    locality."""
    from tests.support.zip5 import import_zip5

    return import_zip5(db_path, tmp_path / "zip5")


@pytest.fixture
def ws(tmp_path: Path):
    """This test's own workspace database (the user's: payers, worklist, remittances)."""
    from core.workspace import open_workspace

    connection = open_workspace(tmp_path / "workspace.sqlite")
    yield connection
    connection.close()


@pytest.fixture
def conn(built_db: Path):
    from core.db import open_readonly

    connection = open_readonly(built_db)
    yield connection
    connection.close()


@pytest.fixture(scope="session")
def imported_db(tmp_path_factory: pytest.TempPathFactory, built_db: Path) -> Path:
    """The bundled database plus every real CMS file of ../shared/reference/cms (read-only use)."""
    if not CMS_DIR.exists():
        pytest.skip("../shared/reference/cms not present: real CMS import tests need it")
    from tests.support.imports import import_all

    path = private_copy(built_db, tmp_path_factory.mktemp("imported"))
    _, errors, _ = import_all(path, CMS_DIR)
    assert not errors, errors
    return path
