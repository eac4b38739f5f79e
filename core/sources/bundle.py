"""The reference data the app ships in resources/: our own tables and bundled CMS figures."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import os
import re
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from ..paths import RESOURCES, user_data_dir

MANIFEST = "releases.csv"
CMS_DIR = RESOURCES / "cms"
_CPT_RE = re.compile(r"^\d{4}[0-9FTU]$")
_HCPCS_RE = re.compile(r"^[A-V]\d{4}$")


class BundleError(Exception):
    """A file in resources/ is malformed: a developer mistake, reported with file and line."""


@dataclass(frozen=True)
class BundledRelease:
    source: str
    release: str
    effective_date: str
    end_date: str | None
    table: str
    file: Path
    cms_file: str


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return path.open(newline="", encoding="utf-8")


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of a bundled CSV (plain, or gzip-compressed when it ends in .csv.gz)."""
    with _open_text(path) as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if None in row or any(v is None for v in row.values()):
                raise BundleError(f"{path.name}, line {line}: wrong number of columns")
            yield line, row


def read_table(path: Path) -> tuple[list[str], Iterator[list[str]]]:
    """The header and the rows of a bundled CSV, as lists (the fast path for big files)."""
    handle = _open_text(path)
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        handle.close()
        raise BundleError(f"{path.name} is empty")

    def rows() -> Iterator[list[str]]:
        with handle:
            for line, row in enumerate(reader, start=2):
                if len(row) != len(header):
                    raise BundleError(f"{path.name}, line {line}: wrong number of columns")
                yield row

    return header, rows()


def manifest() -> list[BundledRelease]:
    return [
        BundledRelease(
            r["source"],
            r["release"],
            r["effective_date"],
            r["end_date"] or None,
            r["table"],
            CMS_DIR / r["file"],
            r["cms_file"],
        )
        for _, r in read_rows(CMS_DIR / MANIFEST)
    ]


def code_type(code: str) -> str | None:
    if _CPT_RE.match(code):
        return "cpt"
    if _HCPCS_RE.match(code):
        return "hcpcs"
    return None


def procedure_rows() -> list[dict[str, str]]:
    """Our plain-language procedure descriptions, one file per specialty group."""
    rows: dict[str, dict[str, str]] = {}
    for path in sorted((RESOURCES / "procedure_codes").glob("*.csv")):
        for line, row in read_rows(path):
            code = row["code"].strip().upper()
            kind = code_type(code)
            where = f"{path.name}, line {line}"
            if kind is None:
                raise BundleError(f"{where}: '{code}' is not a CPT or HCPCS code")
            if code in rows:
                raise BundleError(f"{where}: {code} is already listed")
            if not row["description"].strip() or not row["category"].strip():
                raise BundleError(f"{where}: {code} needs a category and a description")
            rows[code] = {
                "code": code,
                "code_type": kind,
                "category": row["category"].strip(),
                "description": row["description"].strip(),
            }
    return list(rows.values())


def bundled_codes() -> set[str]:
    return {row["code"] for row in procedure_rows()}


def table_rows(name: str) -> list[dict[str, str]]:
    """Rows of one of our own tables (modifiers, place_of_service, conversion_factors)."""
    return [row for _, row in read_rows(RESOURCES / f"{name}.csv")]


# Bump when the build writes something different from the same resources/ (the search index
# order, what a table holds): databases built before then are rebuilt.
BUILD_VERSION = "3"
FINGERPRINT_CACHE = "bundle-fingerprint.json"


@dataclass(frozen=True)
class Fingerprint:
    value: str
    key: str  # the files' sizes and times it was worked out for (_stat_key)
    kept: bool  # read from the data folder rather than worked out


def fingerprint() -> str:
    """Changes whenever anything the build reads changes, so stale databases are noticed: the
    build version, the ICD-10-CM package's version, the schema and every resources/ table.
    No Python source is hashed: a frozen app has only bytecode."""
    return current_fingerprint().value


def current_fingerprint() -> Fingerprint:
    """The fingerprint, and whether it was kept. Reading every table takes ~20 ms, a tenth of a
    `lookup`: once a database is known to match (keep_fingerprint), the fingerprint is kept in
    the user's data folder under the files' sizes and modification times, and worked out again
    when any of them changes."""
    files = _fingerprinted_files()
    key = _stat_key(files)
    kept = _kept(key)
    if kept is not None:
        return Fingerprint(kept, key, True)
    return Fingerprint(_fingerprint(files), key, False)


def keep_fingerprint(found: Fingerprint) -> None:
    """Keep `found` (the fingerprint of a database that matched) for the next start; nothing
    when it was kept already or the data folder cannot be written."""
    if found.kept:
        return
    cache = user_data_dir() / FINGERPRINT_CACHE
    partial = cache.with_name(f"{cache.name}.partial")
    try:
        partial.write_text(
            json.dumps({"key": found.key, "fingerprint": found.value}), encoding="utf-8"
        )
        os.replace(partial, cache)
    except OSError:  # a full disk or a read-only folder: worked out again next time
        with suppress(OSError):
            partial.unlink()


def _kept(key: str) -> str | None:
    with suppress(OSError, ValueError, KeyError, TypeError):
        saved = json.loads((user_data_dir() / FINGERPRINT_CACHE).read_text(encoding="utf-8"))
        if saved["key"] == key:
            return str(saved["fingerprint"])
    return None


def _fingerprinted_files() -> list[Path]:
    tables = sorted(p for p in RESOURCES.rglob("*") if p.name.endswith((".csv", ".csv.gz")))
    return [*tables, Path(__file__).parent.parent / "schema.sql"]


def _stat_key(files: list[Path]) -> str:
    """The files' names, sizes and times, and where the ICD-10-CM package is and when it was
    installed (its version is read only when the fingerprint is worked out)."""
    from importlib.util import find_spec

    from ..db import SCHEMA_VERSION

    icd = find_spec("simple_icd_10_cm")
    watched = [*files, *([Path(icd.origin)] if icd is not None and icd.origin else [])]
    parts = [f"schema {SCHEMA_VERSION} build {BUILD_VERSION}"]
    for path in watched:
        try:
            status = path.stat()
            parts.append(f"{path} {status.st_size} {status.st_mtime_ns}")
        except OSError:  # a frozen app's package is inside the program, not a file
            parts.append(f"{path} not a file")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _fingerprint(files: list[Path]) -> str:
    from importlib.metadata import version

    from ..db import SCHEMA_VERSION

    digest = hashlib.sha256(f"schema {SCHEMA_VERSION} build {BUILD_VERSION}".encode())
    digest.update(version("simple-icd-10-cm").encode())
    for path in files[:-1]:
        digest.update(path.relative_to(RESOURCES).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update(files[-1].read_bytes())
    return digest.hexdigest()[:16]
