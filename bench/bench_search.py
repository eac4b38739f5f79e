"""Code search on main's data: the bundled build, then with the real PPRRVU files of
../shared/reference imported by the real importer (which stores their descriptors in the user's
database), with all of ICD-10-CM, HCPCS Level II and the add-on edits as bundled.

    python bench/bench_search.py [-v] [--ncci ROWS]

Recall: the biller query set (search_queries.csv, 291 queries with the codes that answer them)
on the bundled build and with the imported PPRRVU files. Misses are listed (with -v those of
the imported database too). Target recall@5 >= 90% on the bundled build.

Latency: p50/p95/max in ms for prefix queries, word queries and the query set on the fullest
database (target p95 < 15 ms), the first pass on a fresh connection, and the detail page of the
best match; with --ncci ROWS, the detail pages again with ROWS NCCI PTP edits imported (written
in CMS's layout as bench_ncci_import.py writes them). Index build: the time to rebuild the word
index, and to re-index the procedure codes when descriptors are stored (the importer's hook).
"""

from __future__ import annotations

import argparse
import math
import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from _common import CMS_DIR, require_cms
from search_recall import Outcome, Query, load_queries, misses, report, run

from core.db import open_readonly, open_writable, transaction
from core.lookup.detail import detail_view
from core.lookup.search import search
from core.sources import search_index
from core.sources.build import build_reference_db
from core.sources.imported_descriptors import store_imported_descriptors
from core.sources.importer import import_paths

TARGET_MS = 15.0
RUNS = 5
PFS_FILES = [
    "pfs/PPRRVU25_JAN1_excel-resaved.csv",
    "pfs/PPRRVU2025_Oct.csv",
    "pfs2026/PPRRVU2026_Jul_nonQPP.csv",
]

PREFIX_QUERIES = """
7701 77011 992 9921 99213 9920 99214 993 9939 99395 2988 29881 2982 4537 45378 4538 4380 43239
7125 71250 7104 71046 7314 7356 7721 7705 7706 7707 7708 9300 93000 9330 93306 9346 3615 36415
8102 81002 8504 85025 8005 80053 8306 83036 9065 90658 9068 9047 90471 9083 90834 9079 90791
9711 97110 9714 97140 9716 97161 2061 20610 1106 11102 1104 11042 1706 17000 6432 64483 6236
62323 6698 66984 2744 27447 2713 27130 4726 47562 4950 49505 19083 G04 G0439 G0 J11 J1100 J03
J0585 J18 J1885 J96 Q99 Q9967 A04 A0425 E07 E0114 L39 L3908 0446T 0001U 99 1 G J
c34.9 C34 C3490 M54 M54.5 M545 M5450 E11 E11.9 E119 E11.65 I10 I25 I25.10 J44 J44.9 J45 J45.909
F32 F32.9 F41.1 K21 K21.9 N39.0 R10 R10.9 R51 R91.1 S72 S72.001A S7200 Z00 Z00.00 Z12.31 Z23
Z79.4 M17 M17.11 G47.33 E78.5 D64.9 B34.9 U07.1 O80 T15.02XA H52.4 L57 N18.6 s52.5 m79.6 z79
25 59 XS TC 26 LT RT GT 95 11 22 02 10 23
""".split()  # noqa: SIM905 (a readable block of queries)

WORD_QUERIES = [
    q.strip()
    for q in """
ct localization; ct localiz; lung nodule; office visit established; office vis est;
office visit new; knee arthroscopy; knee arthro; shoulder arthroscopy; colonoscopy screening;
colonoscopy biopsy; chest x-ray; ct chest; ct abdomen pelvis; mri knee; mri brain;
ultrasound abdomen; echocardiogram; ekg; flu vaccine; flu shot; covid vaccine;
annual wellness visit; preventive visit; type 2 diabetes; diabetes with hyperglycemia;
hypertension; essential hypertension; low back pain; back pain; chest pain; abdominal pain;
headache; migraine; copd; asthma; pneumonia; urinary tract infection; uti; atrial fibrillation;
heart failure; chronic kidney disease; kidney stone; anemia; hyperlipidemia; obesity; depression;
anxiety; major depressive disorder; insomnia; sleep apnea; osteoarthritis knee;
rheumatoid arthritis; fracture femur; hip fracture; wrist fracture; ankle sprain; lung cancer;
breast cancer; prostate cancer; skin lesion removal; abscess drainage; laceration repair;
wound debridement; joint injection; knee injection; trigger point; epidural injection;
nerve block; cataract surgery; physical therapy; therapeutic exercise; manual therapy;
psychotherapy 60 minutes; psychiatric evaluation; telehealth; critical care;
emergency department visit; hospital admission; nursing facility; home visit; care management;
transitional care; blood draw; venipuncture; complete blood count; metabolic panel;
hemoglobin a1c; lipid panel; urinalysis; mammogram; bone density; dexa; allergy testing;
pulmonary function; spirometry; sleep study; holter monitor; stress test;
cardiac catheterization; dialysis; hernia repair; gallbladder removal; appendectomy;
total knee replacement; hip replacement; carpal tunnel; rotator cuff repair; meniscus tear;
bilateral; assistant at surgery; distinct procedural service; professional component;
telehealth home; outpatient hospital; ambulance; wheelchair; oxygen; injection dexamethasone;
vitamin b12 injection; iron deficiency; vitamin d deficiency;
encounter general adult examination; history of falls; long term insulin;
nicotine dependence; alcohol use; opioid dependence; dementia; alzheimer; parkinson; stroke;
seizure; syncope; dizziness; fever; cough; shortness of breath; fatigue; weight loss;
nausea vomiting; diarrhea; constipation; gerd; dysphagia; hematuria; incontinence;
benign prostatic hyperplasia; pregnancy supervision; normal delivery; newborn; otitis media;
sinusitis; pharyngitis; conjunctivitis; glaucoma; macular degeneration; cellulitis; dermatitis;
psoriasis; acne; melanoma; basal cell carcinoma; obstructive sleep apnea; fracture; unspecified;
left; pain; arthroscpy; pnemonia
""".replace("\n", " ").split(";")
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


CPU: list[float] = []  # processor time of each timed call (the machine may be shared)


def timed_ms(fn: Callable[[], object]) -> float:
    started, cpu = time.perf_counter(), time.process_time()
    fn()
    CPU.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - started) * 1000


def latency(label: str, samples: list[float], queries: int) -> bool:
    p95 = percentile(samples, 95)
    met = p95 < TARGET_MS
    print(
        f"  {label:<22} {queries:>4} queries x {RUNS}: p50 {percentile(samples, 50):6.2f} ms  "
        f"p95 {p95:6.2f} ms  max {max(samples):6.2f} ms  "
        f"target p95 < {TARGET_MS:g} ms: {'OK' if met else 'MISSED'}"
    )
    return met


def import_pfs(path: Path) -> list[tuple[str, Path]]:
    """Import each PPRRVU file that imports; (release, file) of those that did."""
    loaded = []
    for name in PFS_FILES:
        writer = open_writable(path)
        try:
            done, errors = import_paths(writer, [CMS_DIR / name])
        finally:
            writer.close()
        if errors:
            print(f"  not imported: {name}: {str(errors[0])[:110]}...")
        else:
            loaded.append((done[0].release, CMS_DIR / name))
    return loaded


def index_times(path: Path, releases: list[tuple[str, Path]]) -> None:
    """The word index rebuilt, and the importer's descriptor hook (store a release's
    descriptors, re-index the procedure codes) for each imported release."""
    writer = open_writable(path)
    try:
        with transaction(writer):
            started = time.perf_counter()
            rows = search_index.rebuild(writer)
            print(f"index rebuild: {rows:,} rows in {time.perf_counter() - started:.2f} s")
        with transaction(writer):
            for release, _ in releases:
                stored = [
                    tuple(r)
                    for r in writer.execute(
                        "SELECT code, modifier, description FROM imported_descriptors WHERE "
                        "release = ?",
                        (release,),
                    )
                ]
                started = time.perf_counter()
                count = store_imported_descriptors(writer, release, stored)
                print(
                    f"PPRRVU descriptor hook ({release}, {count:,} descriptors, procedure "
                    f"codes re-indexed): {time.perf_counter() - started:.2f} s"
                )
    finally:
        writer.close()


def recall(path: Path, queries: list[Query], label: str, verbose: bool) -> list[Outcome]:
    conn = open_readonly(path)
    try:
        described = {r[0] for r in conn.execute("SELECT code FROM procedure_codes")}
        outcomes = run(conn, queries)
    finally:
        conn.close()
    report(label, outcomes)
    if verbose:
        reasons = misses(outcomes, described)
        print("  misses: " + (", ".join(f"{n} {why}" for why, n in reasons.items()) or "none"))
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", action="store_true", help="list the misses of every database")
    parser.add_argument(
        "--ncci",
        type=int,
        default=0,
        metavar="ROWS",
        help="also time detail pages with ROWS NCCI PTP edits imported",
    )
    args = parser.parse_args()
    require_cms()
    queries = load_queries()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reference.sqlite"
        build_reference_db(path)
        conn = open_readonly(path)
        codes = conn.execute("SELECT COUNT(DISTINCT hcpcs) FROM pfs_rvu").fetchone()[0]
        described = conn.execute("SELECT COUNT(*) FROM procedure_codes").fetchone()[0]
        conn.close()
        print(
            f"bundled database: {codes:,} procedure codes (RVU25D, RVU26C), {described:,} "
            f"with our description"
        )
        recall(path, queries, "bundled build", True)
        releases = import_pfs(path)
        print(
            f"imported with the real importer: {', '.join(r for r, _ in releases)} "
            "(their descriptors stored in the user's database)"
        )
        recall(path, queries, "with the real PPRRVU files imported", args.v)
        print()
        index_times(path, releases)
        fresh = open_readonly(path)
        started = time.perf_counter()
        search(fresh, "office visit")
        first = (time.perf_counter() - started) * 1000
        fresh.close()
        print(
            f"first word search on a fresh connection (reads the vocabulary, the PFS "
            f"statuses and the categories): {first:.0f} ms"
        )
        conn = open_readonly(path)
        measure(conn, [q.text for q in queries])
        conn.close()
        if args.ncci:
            ncci_details(path, Path(folder), args.ncci)


def ncci_details(path: Path, folder: Path, rows: int) -> None:
    """Detail pages with `rows` NCCI PTP edits imported (the NCCI tip counts a code's pairs)."""
    from bench_ncci_import import edits

    from tests.support.cms_layouts import write_ptp

    started = time.perf_counter()
    ptp = write_ptp(folder / "ccipra-v313r0-f1.txt", edits(random.Random(314), rows))
    writer = open_writable(path)
    try:
        loaded, errors = import_paths(writer, [ptp])
    finally:
        writer.close()
    assert not errors, errors
    print(
        f"\n{rows:,} NCCI PTP edits written and imported ({loaded[0].release}) in "
        f"{time.perf_counter() - started:.0f} s"
    )
    conn = open_readonly(path)
    try:
        tops = [
            hit for q in PREFIX_QUERIES + WORD_QUERIES for hit in (search(conn, q).hits or [])[:1]
        ]
        detail_view(conn, "77011", "cpt")  # reads what every page needs, once
        details = [timed_ms(lambda h=h: detail_view(conn, h.code, h.type)) for h in tops]
        print(
            f"  detail page of the best match with the edits: p50 "
            f"{percentile(details, 50):.2f} ms  p95 {percentile(details, 95):.2f} ms  max "
            f"{max(details):.2f} ms ({len(details)} codes; processor time p95 "
            f"{percentile(CPU[-len(details) :], 95):.2f} ms)"
        )
    finally:
        conn.close()


def measure(conn, benchmark: list[str]) -> None:
    cold = [timed_ms(lambda q=q: search(conn, q)) for q in PREFIX_QUERIES + WORD_QUERIES]
    prefix = [timed_ms(lambda q=q: search(conn, q)) for _ in range(RUNS) for q in PREFIX_QUERIES]
    words = [timed_ms(lambda q=q: search(conn, q)) for _ in range(RUNS) for q in WORD_QUERIES]
    listed = [timed_ms(lambda q=q: search(conn, q)) for _ in range(RUNS) for q in benchmark]
    tops = [hit for q in PREFIX_QUERIES + WORD_QUERIES for hit in (search(conn, q).hits or [])[:1]]
    detail_view(conn, "77011", "cpt")  # reads what every page needs, once
    details = [timed_ms(lambda h=h: detail_view(conn, h.code, h.type)) for h in tops]
    cpu = CPU[-len(listed) - len(details) : -len(details)] if details else CPU[-len(listed) :]
    detail_cpu = CPU[-len(details) :]
    load = os.getloadavg()[0]
    print(
        f"latency on the fullest database (limit 50 results; load average {load:.1f} on "
        f"{os.cpu_count()} cores):"
    )
    ok = latency("code / prefix queries", prefix, len(PREFIX_QUERIES))
    ok = latency("word queries", words, len(WORD_QUERIES)) and ok
    ok = latency("biller query set", listed, len(benchmark)) and ok
    print(
        f"  biller query set, processor time: p50 {percentile(cpu, 50):.2f} ms  "
        f"p95 {percentile(cpu, 95):.2f} ms  max {max(cpu):.2f} ms"
    )
    print(
        f"  first pass of these queries: p50 {percentile(cold, 50):.2f} ms  "
        f"p95 {percentile(cold, 95):.2f} ms  max {max(cold):.2f} ms"
    )
    print(
        f"  detail page of the best match: p50 {percentile(details, 50):.2f} ms  "
        f"p95 {percentile(details, 95):.2f} ms  max {max(details):.2f} ms "
        f"({len(details)} codes; processor time p95 {percentile(detail_cpu, 95):.2f} ms)"
    )
    print("  search on the GUI thread: " + ("fine (p95 under target)" if ok else "TOO SLOW"))


if __name__ == "__main__":
    main()
