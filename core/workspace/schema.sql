-- The user's workspace database: everything the user owns (recent lookups, payer profiles, the
-- scrub worklist, remittances). Created on open; PRAGMA user_version is the version of this
-- schema (tables added with CREATE ... IF NOT EXISTS need no upgrade step).

CREATE TABLE IF NOT EXISTS recent_lookups (
    code        TEXT NOT NULL,
    code_type   TEXT NOT NULL,       -- cpt | hcpcs | icd10 | modifier | pos
    description TEXT,                -- as shown when it was looked up (NULL: none bundled)
    looked_up   TEXT NOT NULL,       -- ISO timestamp, UTC
    PRIMARY KEY (code, code_type)
);
CREATE INDEX IF NOT EXISTS recent_lookups_time ON recent_lookups (looked_up);

CREATE TABLE IF NOT EXISTS payer_profiles (
    name        TEXT PRIMARY KEY COLLATE NOCASE,
    percent     TEXT NOT NULL,       -- percentage of the Medicare allowed amount, e.g. "115"
    payer_type  TEXT,                -- medicare | medicare_advantage | medicaid | commercial
    timely_filing_days INTEGER       -- the payer's filing limit in days from the DOS; NULL: none
);

-- The scrub worklist, one claim a row, saved claim by claim as the user edits.
CREATE TABLE IF NOT EXISTS worklist_claims (
    key         INTEGER PRIMARY KEY, -- stable while the claim is in the worklist
    position    INTEGER NOT NULL,    -- worklist order
    claim_json  TEXT NOT NULL        -- core.claims.serialize.claim_to_dict() as JSON
);
CREATE INDEX IF NOT EXISTS worklist_claims_position ON worklist_claims (position);

-- What the worklist is to the user: the file Save writes to (none until a Save As), the file it
-- was opened from (the name Save As suggests) and whether it changed since it was opened or
-- saved. Written in the same transaction as the claims, so it never disagrees with them.
CREATE TABLE IF NOT EXISTS worklist_state (
    key         TEXT PRIMARY KEY,    -- save_to | opened_from | modified
    value       TEXT NOT NULL
);

-- Remittances (X12 835) the user imported. Money in integer cents (exact; Decimal in Python).
-- A remittance is known by who numbers its traces and its trace number (TRN03, TRN02) and its
-- content: importing the same file again adds nothing (core/remit/store.py).
CREATE TABLE IF NOT EXISTS remittances (
    id              INTEGER PRIMARY KEY,
    payer_key       TEXT NOT NULL,       -- TRN03, else the payer id, else the payer name
    trace_number    TEXT NOT NULL,       -- TRN02: the check or EFT trace number
    fingerprint     TEXT NOT NULL,       -- a digest of its payment, claims and lines
    complete        INTEGER NOT NULL,    -- 0: the file ended before this transaction's SE
    file            TEXT NOT NULL,
    transaction_control_number TEXT NOT NULL,
    version         TEXT NOT NULL,
    segment         INTEGER NOT NULL,    -- its ST segment's number in the file
    payer_name      TEXT NOT NULL,
    payer_id        TEXT NOT NULL,
    payee_name      TEXT NOT NULL,
    payee_npi       TEXT NOT NULL,
    handling        TEXT NOT NULL,       -- BPR01
    payment_method  TEXT NOT NULL,       -- BPR04
    payment_cents   INTEGER,             -- BPR02 (NULL: it could not be read)
    paid_on         TEXT NOT NULL,       -- BPR16, else DTM*405, else the import day (ISO)
    imported_at     TEXT NOT NULL,
    UNIQUE (payer_key, trace_number, fingerprint)
);
CREATE INDEX IF NOT EXISTS remittances_paid_on ON remittances (paid_on);

CREATE TABLE IF NOT EXISTS remit_claims (
    id              INTEGER PRIMARY KEY,
    remittance_id   INTEGER NOT NULL,
    claim_id        TEXT NOT NULL,       -- CLP01: the claim id we sent
    status_code     TEXT NOT NULL,       -- CLP02
    status          TEXT NOT NULL,       -- paid | partially paid | denied | reversed | pended
    charge_cents    INTEGER NOT NULL,
    paid_cents      INTEGER NOT NULL,
    patient_cents   INTEGER,             -- CLP05
    filing_indicator TEXT NOT NULL,
    payer_claim_number TEXT NOT NULL,
    facility_code   TEXT NOT NULL,       -- CLP08: place of service on a professional claim
    patient_name    TEXT NOT NULL,
    patient_id      TEXT NOT NULL,
    service_date    TEXT,                -- its first date of service (ISO)
    remarks         TEXT NOT NULL,       -- MOA/MIA remark codes, space separated
    denial_reason   TEXT NOT NULL,       -- claim-level denial (a claim without lines)
    denied_cents    INTEGER NOT NULL,
    segment         INTEGER NOT NULL,    -- its CLP segment's number in the file
    matched_claim   TEXT,                -- the worklist claim it answers; NULL: unmatched
    match_method    TEXT NOT NULL,       -- how it was matched, or why it was not
    claim_payer     TEXT NOT NULL,       -- the payer as the matched worklist claim names it
    claim_zip       TEXT NOT NULL,
    claim_pos       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS remit_claims_remittance ON remit_claims (remittance_id);
CREATE INDEX IF NOT EXISTS remit_claims_unmatched ON remit_claims (matched_claim);

CREATE TABLE IF NOT EXISTS remit_lines (
    id              INTEGER PRIMARY KEY,
    claim_ref       INTEGER NOT NULL,    -- remit_claims.id
    remittance_id   INTEGER NOT NULL,
    payer           TEXT NOT NULL,       -- the 835's payer name (kept here for the patterns)
    paid_on         TEXT NOT NULL,       -- the remittance's payment date (ditto)
    line_number     INTEGER NOT NULL,
    code            TEXT NOT NULL,       -- as billed (SVC06 when the payer changed it)
    modifiers       TEXT NOT NULL,       -- as billed, sorted, space separated
    paid_code       TEXT NOT NULL,       -- as adjudicated (SVC01)
    paid_modifiers  TEXT NOT NULL,
    units           TEXT NOT NULL,
    charge_cents    INTEGER NOT NULL,
    allowed_cents   INTEGER,             -- AMT*B6
    paid_cents      INTEGER NOT NULL,
    service_date    TEXT,
    remarks         TEXT NOT NULL,       -- LQ*HE remark codes, space separated
    control_number  TEXT NOT NULL,       -- REF*6R
    segment         INTEGER NOT NULL,
    counted         INTEGER NOT NULL,    -- 1: counts in denial rates (not reversed, not pended)
    denied          INTEGER NOT NULL,
    denial_reason   TEXT NOT NULL,       -- the CARC that refused it ('' when not denied)
    denial_group    TEXT NOT NULL,
    denied_cents    INTEGER NOT NULL,
    expected_cents  INTEGER,             -- what it should have paid (NULL: not checked)
    expected_allowed_cents INTEGER,
    expected_basis  TEXT NOT NULL,       -- how that was worked out, or why not
    underpaid_cents INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS remit_lines_claim ON remit_lines (claim_ref);
-- covers the pattern view, the summary and the denial history (no table reads)
CREATE INDEX IF NOT EXISTS remit_lines_group ON remit_lines (payer, code, modifiers, counted,
    denied, denial_reason, denied_cents, underpaid_cents, paid_on);
CREATE INDEX IF NOT EXISTS remit_lines_work ON remit_lines (paid_on)
    WHERE denied OR underpaid_cents > 0;
CREATE INDEX IF NOT EXISTS remit_lines_code ON remit_lines (code, service_date);

CREATE TABLE IF NOT EXISTS remit_adjustments (
    claim_ref       INTEGER NOT NULL,
    line_ref        INTEGER,             -- NULL: a claim-level CAS
    group_code      TEXT NOT NULL,
    reason          TEXT NOT NULL,       -- CARC
    amount_cents    INTEGER NOT NULL,
    quantity        TEXT,
    segment         INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS remit_adjustments_claim ON remit_adjustments (claim_ref);

CREATE TABLE IF NOT EXISTS remit_provider_adjustments (
    remittance_id   INTEGER NOT NULL,
    provider_id     TEXT NOT NULL,
    fiscal_period_end TEXT,
    reason          TEXT NOT NULL,
    identifier      TEXT NOT NULL,
    amount_cents    INTEGER NOT NULL,    -- positive: withheld from this payment
    segment         INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS remit_provider_adjustments_remittance
    ON remit_provider_adjustments (remittance_id);

-- X12's CARC and RARC texts, imported by the user from X12's lists (X12 owns them: never shipped).
CREATE TABLE IF NOT EXISTS remit_code_texts (
    kind            TEXT NOT NULL,       -- CARC | RARC
    code            TEXT NOT NULL,
    text            TEXT NOT NULL,
    start           TEXT,
    stop            TEXT,
    file            TEXT NOT NULL,
    PRIMARY KEY (kind, code)
);

-- A payer profile's contract fee schedule: what it pays a unit of a code (and modifier).
CREATE TABLE IF NOT EXISTS contract_fees (
    payer           TEXT NOT NULL COLLATE NOCASE,   -- payer_profiles.name
    code            TEXT NOT NULL,
    modifier        TEXT NOT NULL,       -- '' for the code whatever its modifiers
    amount          TEXT NOT NULL,       -- Decimal, per unit
    file            TEXT NOT NULL,
    imported_at     TEXT NOT NULL,
    PRIMARY KEY (payer, code, modifier)
);
