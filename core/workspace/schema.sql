-- The user's workspace database: everything the user owns (recent lookups, payer profiles, the
-- scrub worklist). Created on open; PRAGMA user_version is the version of this schema.

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
