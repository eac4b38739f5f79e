"""Notices the app must show (About box, exports)."""

AMA_NOTICE = (
    "CPT codes only are copyright American Medical Association. All rights reserved. "
    "CPT is a registered trademark of the AMA. This app does not include AMA descriptors: "
    "its procedure descriptions are its own plain-language summaries. Applicable FARS/DFARS "
    "restrictions apply to government use."
)


# The software the app ships with (the packaged app bundles all of it), its licence and what it
# does here. tests/unit/test_notices.py keeps it in step with the installed dependencies.
THIRD_PARTY: list[tuple[str, str, str]] = [
    ("Python", "PSF-2.0", "the language and its standard library"),
    ("SQLite", "Public domain", "the databases (through Python's sqlite3)"),
    ("Qt 6, PySide6 and shiboken6", "LGPL-3.0-only", "the window and its widgets"),
    ("openpyxl", "MIT", "reading Excel workbooks, writing the worklist template"),
    ("et-xmlfile", "MIT", "used by openpyxl"),
    ("sqlite-utils", "Apache-2.0", "building the reference database"),
    ("sqlite-fts4", "Apache-2.0", "used by sqlite-utils"),
    ("click", "BSD-3-Clause", "used by sqlite-utils"),
    ("click-default-group", "BSD-3-Clause", "used by sqlite-utils"),
    ("pluggy", "MIT", "used by sqlite-utils"),
    ("python-dateutil", "BSD-3-Clause", "used by sqlite-utils"),
    ("tabulate", "MIT", "used by sqlite-utils"),
    ("tzdata", "Apache-2.0", "used by python-dateutil"),
    ("simple-icd-10-cm", "MIT", "the ICD-10-CM tabular the database is built from"),
    ("platformdirs", "MIT", "finding the user's data folder"),
    ("rapidfuzz", "MIT", "typo-tolerant code search"),
    ("python-calamine", "MIT", "reading Excel worklists"),
    ("XlsxWriter", "BSD-2-Clause", "writing the workbooks the app exports"),
]

LGPL_NOTE = (
    "Qt and PySide6 are used under the GNU LGPL version 3: they are separate libraries in the "
    "app's folder and can be replaced with other builds; their source is at "
    "https://download.qt.io/official_releases/. The licence texts are in the app's folder."
)
