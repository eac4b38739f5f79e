-- Reference database schema. Decimal figures are stored as TEXT so they come back exactly as
-- the source printed them; money is computed with Decimal in Python, never with SQL floats.

CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per loaded release of one source (bundled at build time or imported later).
CREATE TABLE IF NOT EXISTS sources (
    source         TEXT NOT NULL,      -- pfs, pfs_qpp, gpci, locality, anesthesia, oppscap, zip5, ncci_ptp, mue, aoc, hcpcs, icd10cm, ...
    release        TEXT NOT NULL,      -- RVU25D, GPCI2025, ICD-10-CM FY2026 April update, ...
    effective_date TEXT NOT NULL,      -- ISO date the release takes effect
    end_date       TEXT,               -- ISO date it stops applying, when the source says so
    row_count      INTEGER NOT NULL,
    origin         TEXT NOT NULL,      -- bundled | imported
    file_name      TEXT NOT NULL,      -- the CMS file; a zip member as 'download.zip › member.xlsx'
    imported_at    TEXT NOT NULL,
    PRIMARY KEY (source, release)
);

-- The file on disk each imported release came from (a zip for its members), so that a rebuild
-- can import again the releases whose files are still there (core/sources/rebuild.py).
-- Added after schema version 4 was released: a database made before has none (nothing to
-- re-import from, until its releases are imported again).
CREATE TABLE IF NOT EXISTS source_files (
    source      TEXT NOT NULL,
    release     TEXT NOT NULL,
    file_name   TEXT NOT NULL,        -- as in sources.file_name (an NCCI release has several)
    path        TEXT NOT NULL,        -- the full path at import
    imported_at TEXT NOT NULL,
    PRIMARY KEY (source, release, file_name)
);

-- Procedure codes we bundle, with our own plain-language descriptions (never AMA text).
CREATE TABLE IF NOT EXISTS procedure_codes (
    code        TEXT PRIMARY KEY,
    code_type   TEXT NOT NULL,         -- cpt | hcpcs
    category    TEXT NOT NULL,
    description TEXT NOT NULL
);

-- PFS relative value file rows (PPRRVU), one per release + HCPCS + modifier ('' = global row).
CREATE TABLE IF NOT EXISTS pfs_rvu (
    release            TEXT NOT NULL,
    hcpcs              TEXT NOT NULL,
    modifier           TEXT NOT NULL,
    status             TEXT NOT NULL,
    not_for_medicare   TEXT NOT NULL,
    work_rvu           TEXT NOT NULL,
    nonfac_pe_rvu      TEXT NOT NULL,
    nonfac_na          INTEGER NOT NULL,
    fac_pe_rvu         TEXT NOT NULL,
    fac_na             INTEGER NOT NULL,
    mp_rvu             TEXT NOT NULL,
    nonfac_total       TEXT NOT NULL,
    fac_total          TEXT NOT NULL,
    pctc               TEXT NOT NULL,
    global_days        TEXT NOT NULL,
    pre_op             TEXT NOT NULL,
    intra_op           TEXT NOT NULL,
    post_op            TEXT NOT NULL,
    mult_proc          TEXT NOT NULL,
    bilateral          TEXT NOT NULL,
    assistant          TEXT NOT NULL,
    co_surgeon         TEXT NOT NULL,
    team_surgery       TEXT NOT NULL,
    endo_base          TEXT NOT NULL,
    conversion_factor  TEXT NOT NULL,
    phys_supervision   TEXT NOT NULL,
    calc_flag          TEXT NOT NULL,
    imaging_family     TEXT NOT NULL,
    opps_nonfac_pe_rvu TEXT NOT NULL,
    opps_fac_pe_rvu    TEXT NOT NULL,
    opps_mp_rvu        TEXT NOT NULL,
    source_line        INTEGER NOT NULL,
    PRIMARY KEY (release, hcpcs, modifier)
);
CREATE INDEX IF NOT EXISTS pfs_rvu_hcpcs ON pfs_rvu (hcpcs, modifier);

-- Counties of each fee schedule area (LOCCO); state is the full name as CMS prints it there.
CREATE TABLE IF NOT EXISTS localities (
    release     TEXT NOT NULL,
    carrier     TEXT NOT NULL,
    locality    TEXT NOT NULL,
    state       TEXT NOT NULL,
    name        TEXT NOT NULL,
    counties    TEXT NOT NULL,
    PRIMARY KEY (release, carrier, locality)
);

CREATE TABLE IF NOT EXISTS gpci (
    release     TEXT NOT NULL,
    carrier     TEXT NOT NULL,
    locality    TEXT NOT NULL,
    state       TEXT NOT NULL,
    name        TEXT NOT NULL,
    work        TEXT NOT NULL,
    pe          TEXT NOT NULL,
    mp          TEXT NOT NULL,
    source_line INTEGER NOT NULL,
    PRIMARY KEY (release, carrier, locality)
);

CREATE TABLE IF NOT EXISTS anesthesia_cf (
    release           TEXT NOT NULL,
    carrier           TEXT NOT NULL,
    locality          TEXT NOT NULL,
    name              TEXT NOT NULL,
    conversion_factor TEXT NOT NULL,
    source_line       INTEGER NOT NULL,
    PRIMARY KEY (release, carrier, locality)
);

CREATE TABLE IF NOT EXISTS conversion_factors (
    kind              TEXT NOT NULL,   -- standard | qualifying_apm | anesthesia | anesthesia_qualifying_apm
    effective_from    TEXT NOT NULL,
    effective_to      TEXT NOT NULL,
    conversion_factor TEXT NOT NULL,
    note              TEXT NOT NULL,
    PRIMARY KEY (kind, effective_from)
);

CREATE TABLE IF NOT EXISTS opps_cap (
    release           TEXT NOT NULL,
    hcpcs             TEXT NOT NULL,
    modifier          TEXT NOT NULL,
    proc_status       TEXT NOT NULL,
    carrier           TEXT NOT NULL,
    locality          TEXT NOT NULL,
    facility_price    TEXT NOT NULL,
    nonfacility_price TEXT NOT NULL,
    source_line       INTEGER NOT NULL,
    PRIMARY KEY (release, hcpcs, modifier, carrier, locality)
);

CREATE TABLE IF NOT EXISTS zip_locality (
    release        TEXT NOT NULL,
    zip            TEXT NOT NULL,
    state          TEXT NOT NULL,
    carrier        TEXT NOT NULL,
    locality       TEXT NOT NULL,
    rural          TEXT NOT NULL,     -- '' urban, R rural, B super rural
    plus_four      INTEGER NOT NULL,  -- 1: the ZIP is split by ZIP+4 (ZIP9 file needed for exactness)
    source_line    INTEGER NOT NULL,
    PRIMARY KEY (release, zip)
);
CREATE INDEX IF NOT EXISTS zip_locality_zip ON zip_locality (zip);

-- NCCI practitioner PTP edits: up to a million a part file, four part files a quarter. Each
-- part (ccipra-v313r0-f1.txt ...) is one ncci_files row naming its release; an edit names its
-- file (so its release) and its rationale by number instead of repeating their text.
CREATE TABLE IF NOT EXISTS ncci_files (
    id          INTEGER PRIMARY KEY,
    release     TEXT NOT NULL,         -- NCCI PTP 2025Q4
    file_name   TEXT NOT NULL,         -- ccipra-v313r0-f1.txt; a zip member as 'x.zip › f1.txt'
    row_count   INTEGER NOT NULL,
    UNIQUE (release, file_name)
);

CREATE TABLE IF NOT EXISTS ncci_rationales (
    id    INTEGER PRIMARY KEY,
    text  TEXT NOT NULL UNIQUE         -- "Misuse of column two code with column one code"
);

CREATE TABLE IF NOT EXISTS ncci_ptp (
    file_id            INTEGER NOT NULL,   -- ncci_files.id
    column1            TEXT NOT NULL,
    column2            TEXT NOT NULL,
    prior_1996         INTEGER NOT NULL,
    effective_date     TEXT NOT NULL,
    deletion_date      TEXT,               -- NULL: not deleted
    modifier_indicator TEXT NOT NULL,      -- 0 never bypassed, 1 modifier allowed, 9 not applicable
    rationale_id       INTEGER NOT NULL,   -- ncci_rationales.id
    source_line        INTEGER NOT NULL
);
-- An import drops these and builds them again once its rows are in (core/sources/ncci_store.py).
CREATE INDEX IF NOT EXISTS ncci_ptp_column1 ON ncci_ptp (column1, file_id, column2);
CREATE INDEX IF NOT EXISTS ncci_ptp_column2 ON ncci_ptp (column2, file_id, column1);

-- The edits as the read side sees them: with their release, rationale and file name.
CREATE VIEW IF NOT EXISTS ncci_edits AS
    SELECT f.release, p.column1, p.column2, p.prior_1996, p.effective_date, p.deletion_date,
           p.modifier_indicator, r.text AS rationale, f.file_name AS source_file, p.source_line
    FROM ncci_ptp p
    JOIN ncci_files f ON f.id = p.file_id
    JOIN ncci_rationales r ON r.id = p.rationale_id;

CREATE TABLE IF NOT EXISTS mue (
    release      TEXT NOT NULL,
    hcpcs        TEXT NOT NULL,
    max_units    INTEGER NOT NULL,
    mai          TEXT NOT NULL,        -- 1 per line, 2 per day (policy), 3 per day (clinical)
    mai_text     TEXT NOT NULL,
    rationale    TEXT NOT NULL,
    source_line  INTEGER NOT NULL,
    PRIMARY KEY (release, hcpcs)
);

-- NCCI add-on code edits (AOC_V2026Q2-MCR.xlsx): the primary procedures an add-on code may be
-- billed with. edit_type 1: only the listed primaries; 2: no list (primary_code CCCCC, the
-- contractor decides); 3: the listed primaries plus others the contractor allows.
CREATE TABLE IF NOT EXISTS addon_edits (
    release          TEXT NOT NULL,
    addon_code       TEXT NOT NULL,
    primary_code     TEXT NOT NULL,
    edit_type        TEXT NOT NULL,
    addon_deletion   TEXT,             -- ISO dates; NULL: not deleted
    primary_deletion TEXT,
    effective_date   TEXT NOT NULL,
    deletion_date    TEXT,
    notes            TEXT NOT NULL,    -- CMS's special instruction notes ('' when none)
    source_line      INTEGER NOT NULL,
    PRIMARY KEY (release, addon_code, primary_code, effective_date)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS addon_edits_primary ON addon_edits (primary_code);

-- HCPCS Level II codes and modifiers with CMS's public-domain descriptions (the ANWEB file).
-- Never Level I (CPT) text.
CREATE TABLE IF NOT EXISTS hcpcs_codes (
    release               TEXT NOT NULL,
    code                  TEXT NOT NULL,   -- J0135; a modifier without CMS's padding: A1
    kind                  TEXT NOT NULL,   -- procedure | modifier
    long_description      TEXT NOT NULL,
    short_description     TEXT NOT NULL,   -- '' when the file leaves it out
    add_date              TEXT,            -- ISO dates, NULL when the file has none
    action_effective_date TEXT,
    termination_date      TEXT,
    action_code           TEXT NOT NULL,
    source_line           INTEGER NOT NULL,
    PRIMARY KEY (release, code, kind)
);
CREATE INDEX IF NOT EXISTS hcpcs_codes_code ON hcpcs_codes (code);

CREATE TABLE IF NOT EXISTS icd10cm (
    code            TEXT NOT NULL,     -- as the tabular writes it: "C34.90", block "C30-C39", chapter "2"
    code_nodot      TEXT NOT NULL,
    kind            TEXT NOT NULL,     -- chapter | block | category | subcategory
    billable        INTEGER NOT NULL,
    description     TEXT NOT NULL,
    parent          TEXT,
    chapter         TEXT,
    block           TEXT,
    excludes1       TEXT NOT NULL,     -- JSON list of note texts
    excludes2       TEXT NOT NULL,     -- JSON list
    code_first      TEXT NOT NULL,
    use_additional  TEXT NOT NULL,
    code_also       TEXT NOT NULL,
    seven_chr_note  TEXT NOT NULL,
    seven_chr_def   TEXT NOT NULL,     -- JSON object {"A": "initial encounter", ...}
    valid_from_fy   INTEGER NOT NULL,  -- first fiscal year valid; the earliest bundled year means
                                       -- "that year or before"
    valid_to_fy     INTEGER,           -- last fiscal year valid; NULL: still valid
    PRIMARY KEY (code, kind)           -- a few blocks share their code with their one category (B10)
);
CREATE INDEX IF NOT EXISTS icd10cm_nodot ON icd10cm (code_nodot);
CREATE INDEX IF NOT EXISTS icd10cm_parent ON icd10cm (parent);

-- What changed in ICD-10-CM each fiscal year (FY N starts on October 1 of N-1). The icd10cm row
-- holds the newest state; a code's billable flag in an earlier year is read back from here.
CREATE TABLE IF NOT EXISTS icd10cm_changes (
    code         TEXT NOT NULL,        -- as icd10cm.code ("I42.0")
    fiscal_year  INTEGER NOT NULL,
    change       TEXT NOT NULL,        -- added | deleted | header | billable | revised
    billable     INTEGER NOT NULL,     -- the flag from this year on (deleted: the flag it last had)
    description  TEXT NOT NULL,        -- from this year on (deleted: its last description)
    previous     TEXT NOT NULL,        -- revised: the description before; else ''
    replacements TEXT NOT NULL,        -- deleted / header: JSON list of codes added in its place
    release      TEXT NOT NULL,        -- "ICD-10-CM FY2027"
    source       TEXT NOT NULL,        -- file (and line) the change was read from
    PRIMARY KEY (code, fiscal_year, change)
);
CREATE INDEX IF NOT EXISTS icd10cm_changes_year ON icd10cm_changes (fiscal_year, change);

-- Age and sex limits of ICD-10-CM codes (resources/icd10cm_age_sex.csv): codes whose first
-- len(first) characters (no dot) fall between first and last.
CREATE TABLE IF NOT EXISTS icd10cm_age_sex (
    first        TEXT NOT NULL,        -- "Z001", "O00"
    last         TEXT NOT NULL,        -- "Z001", "O9A"
    sex          TEXT NOT NULL,        -- F | M | '' (no sex limit)
    min_age      INTEGER,              -- whole years on the date of service; NULL: no limit
    max_age      INTEGER,
    severity     TEXT NOT NULL,        -- error | warning, for the age limit (sex: always warning)
    reason       TEXT NOT NULL,
    citation     TEXT NOT NULL,
    source_line  INTEGER NOT NULL,
    PRIMARY KEY (first, last)
);

CREATE TABLE IF NOT EXISTS modifiers (
    code            TEXT PRIMARY KEY,
    category        TEXT NOT NULL,
    affects_payment INTEGER NOT NULL,
    description     TEXT NOT NULL,
    payment_effect  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS place_of_service (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    setting     TEXT NOT NULL,          -- facility | non-facility
    telehealth  INTEGER NOT NULL,
    description TEXT NOT NULL
);

-- Word search over every code set (filled by the build; see core/reference/search_index.py).
CREATE VIRTUAL TABLE IF NOT EXISTS code_search USING fts5 (
    code UNINDEXED, code_type UNINDEXED, words, tokenize = 'unicode61 remove_diacritics 2'
);

-- The words of code_search and how many rows hold each: spelling correction and word weights
-- for ranking (core/lookup/vocabulary.py). Rebuilt with the index.
CREATE TABLE IF NOT EXISTS search_vocab (
    term  TEXT PRIMARY KEY,
    docs  INTEGER NOT NULL
) WITHOUT ROWID;

-- Other names the ICD-10-CM tabular gives a code: its "Includes" notes (I10: "high blood
-- pressure") and inclusion terms (N20.0: "Stone in kidney"); searched as words and shown on the
-- detail page. Public domain.
CREATE TABLE IF NOT EXISTS icd10cm_terms (
    code  TEXT NOT NULL,               -- as icd10cm.code
    kind  TEXT NOT NULL,               -- includes | inclusion
    term  TEXT NOT NULL,
    PRIMARY KEY (code, kind, term)
) WITHOUT ROWID;

-- Short descriptors of codes in the PPRRVU files the USER imported into their own database
-- (core/sources/imported_descriptors.py). CPT descriptors are AMA text: this table is never
-- filled by the bundled build and never shipped; the lookup marks them as from the CMS file.
CREATE TABLE IF NOT EXISTS imported_descriptors (
    release      TEXT NOT NULL,        -- RVU25D
    code         TEXT NOT NULL,
    modifier     TEXT NOT NULL,        -- '' for the code's own row
    description  TEXT NOT NULL,
    PRIMARY KEY (release, code, modifier)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS imported_descriptors_code ON imported_descriptors (code, modifier);
