"""Maintainer tool: write the ICD-10-CM changes by fiscal year into resources/icd10cm/.

    pip download simple-icd-10-cm==1.4.0 --no-deps -d /tmp/icd140
    python resources/tools/extract_icd10.py /tmp/icd140/simple_icd_10_cm-1.4.0-py3-none-any.whl \
        ../shared/reference/cms/icd10cm/icd10cm_order_addenda_2027.txt

The older wheel's data files (code list and tabular XML) are read straight from the wheel by the
installed package (`change_version`); the installed package's own tabular is the newer year.
Their differences become the newer year's changes; the CDC order addenda (read with the app's own
importer) become the year after. Only the differences are written, never a whole code set: the
build applies them on top of the installed tabular. ICD-10-CM is public domain.
"""

from __future__ import annotations

import csv
import re
import sys
import tempfile
import zipfile
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import simple_icd_10_cm as icd  # noqa: E402

from core.sources import icd10  # noqa: E402
from core.sources.icd10_bundle import ICD_DIR, MANIFEST, write_changes  # noqa: E402
from core.sources.icd10_order import Change, fiscal_year_in_name, parse_addenda  # noqa: E402
from core.sources.source_file import read_text  # noqa: E402

Snapshot = dict[str, tuple[bool, str]]


def snapshot() -> Snapshot:
    """Every category and subcategory of the loaded tabular: billable flag and description."""
    return {
        code: (icd.is_leaf(code), icd.get_description(code))
        for code in icd.get_all_codes(with_dots=True)
        if icd.is_category_or_subcategory(code)
    }


def older_snapshot(wheel: Path) -> tuple[Snapshot, str]:
    with zipfile.ZipFile(wheel) as archive, tempfile.TemporaryDirectory() as folder:
        names = {Path(n).name: n for n in archive.namelist() if "/data/" in n}
        codes = next(n for n in names if n.startswith("code-list-"))
        tabular = next(n for n in names if n.endswith(".xml"))
        for name in (codes, tabular):
            archive.extract(names[name], folder)
        icd.change_version(str(Path(folder) / names[codes]), str(Path(folder) / names[tabular]))
        try:
            return snapshot(), codes
        finally:
            icd.change_version()  # back to the installed package's own data


def differences(old: Snapshot, new: Snapshot) -> list[Change]:
    changes = [
        Change(code, "added", flag, text) for code, (flag, text) in new.items() if code not in old
    ]
    changes += [
        Change(code, "deleted", flag, text) for code, (flag, text) in old.items() if code not in new
    ]
    for code in old.keys() & new.keys():
        (was, before), (now, after) = old[code], new[code]
        if was != now:
            changes.append(Change(code, "billable" if now else "header", now, after))
        if before != after:
            changes.append(Change(code, "revised", now, after, before))
    return changes


def main(wheel: Path, addenda: Path) -> None:
    match = re.search(r"simple_icd_10_cm-([\d.]+)-", wheel.name)
    if not match:
        sys.exit(f"{wheel.name}: not a simple-icd-10-cm wheel")
    newest = snapshot()
    oldest, old_list = older_snapshot(wheel)
    tabular = icd10.release()
    tabular_fy = int(tabular.release.split("FY")[1][:4])
    addenda_fy = fiscal_year_in_name(addenda)
    if addenda_fy != tabular_fy + 1:
        sys.exit(f"{addenda.name} is for FY{addenda_fy}; the installed tabular is FY{tabular_fy}")
    year_changes = {
        tabular_fy: differences(oldest, newest),
        addenda_fy: parse_addenda(addenda, read_text(addenda)),
    }
    for fiscal_year, changes in year_changes.items():
        path = ICD_DIR / f"fy{fiscal_year}.csv"
        write_changes(path, changes)
        print(f"wrote {path.relative_to(ROOT)}: {len(changes)} changes")
    rows = [
        ("fiscal_year", "changes", "source"),
        (tabular_fy - 1, "", f"simple-icd-10-cm {match.group(1)} {old_list}"),
        (
            tabular_fy,
            f"fy{tabular_fy}.csv",
            f"simple-icd-10-cm {version('simple-icd-10-cm')} {tabular.data_file}",
        ),
        (addenda_fy, f"fy{addenda_fy}.csv", f"CDC {addenda.name}"),
    ]
    with MANIFEST.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)
    print(f"wrote {MANIFEST.relative_to(ROOT)}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
