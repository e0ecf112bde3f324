-- Hazards schema, version 1: hazard zones, erosion sites, households, shelters, review rounds, warnings and the
-- per-commune confirmation tasks of issued warnings. SQLite has no schemas: tables are prefixed hazards_.
-- Geometry is WKB (no SpatiaLite): joins run in process with NetTopologySuite (prepared geometry, STRtree).
-- Times are ISO-8601 UTC text, dates yyyy-MM-dd.

CREATE TABLE hazards_zones (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    hazard TEXT NOT NULL,
    susceptibility TEXT NOT NULL,
    source TEXT,
    surveyed_on TEXT,
    geometry BLOB NOT NULL,
    created_by TEXT NOT NULL,
    created_at_utc TEXT NOT NULL
);
CREATE INDEX ix_zones_hazard ON hazards_zones (hazard, id);

CREATE TABLE hazards_erosion_sites (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    hazard TEXT NOT NULL,
    geometry BLOB NOT NULL,
    length_m REAL,
    distance_to_houses_m REAL,
    retreat_rate_m_per_year REAL,
    surveyed_on TEXT,
    notes TEXT,
    created_by TEXT NOT NULL,
    created_at_utc TEXT NOT NULL
);
CREATE INDEX ix_erosion_sites_commune ON hazards_erosion_sites (commune_code, id);

CREATE TABLE hazards_households (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    commune_code TEXT NOT NULL,
    head_name TEXT NOT NULL,
    address TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    members INTEGER NOT NULL,
    elderly INTEGER NOT NULL DEFAULT 0,
    disabled INTEGER NOT NULL DEFAULT 0,
    children INTEGER NOT NULL DEFAULT 0,
    pregnant INTEGER NOT NULL DEFAULT 0,
    phone TEXT,
    relocation TEXT NOT NULL,
    relocation_planned_on TEXT,
    relocated_on TEXT,
    relocation_destination TEXT,
    relocation_support TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT NOT NULL,
    updated_at_utc TEXT NOT NULL
);
CREATE INDEX ix_households_commune ON hazards_households (commune_code, id);
-- The in-process warning join reads the points inside the warning's bounding box from this index alone (it covers
-- every column the per-commune summary needs, and the rowid), so a province-wide warning never touches the table rows.
CREATE INDEX ix_households_position ON hazards_households (longitude, latitude, commune_code, members, elderly, disabled, children, pregnant);

CREATE TABLE hazards_shelters (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    commune_code TEXT NOT NULL,
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    capacity INTEGER NOT NULL,
    kind TEXT,
    phone TEXT,
    updated_by TEXT NOT NULL,
    updated_at_utc TEXT NOT NULL
);
CREATE INDEX ix_shelters_commune ON hazards_shelters (commune_code, id);

CREATE TABLE hazards_reviews (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    commune_code TEXT NOT NULL,
    title TEXT NOT NULL,
    checklist_json TEXT NOT NULL,
    findings TEXT,
    started_by TEXT NOT NULL,
    started_at_utc TEXT NOT NULL,
    signed_off_by TEXT,
    signed_off_at_utc TEXT
);
CREATE INDEX ix_reviews_commune ON hazards_reviews (commune_code, id);

CREATE TABLE hazards_warnings (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    hazard TEXT NOT NULL,
    headline_vi TEXT NOT NULL,
    headline_en TEXT,
    message_vi TEXT NOT NULL,
    message_en TEXT,
    instruction_vi TEXT,
    forecast_json TEXT NOT NULL,
    computed_level INTEGER,
    rule_id TEXT,
    rule_verified INTEGER NOT NULL DEFAULT 0,
    rule_explanation TEXT,
    compound_raise INTEGER NOT NULL DEFAULT 0,
    level INTEGER NOT NULL,
    override_reason TEXT,
    area BLOB,
    commune_codes TEXT NOT NULL,
    area_description TEXT NOT NULL,
    valid_from_utc TEXT NOT NULL,
    valid_to_utc TEXT NOT NULL,
    status TEXT NOT NULL,
    drafted_by TEXT NOT NULL,
    drafted_at_utc TEXT NOT NULL,
    approved_by TEXT,
    approved_at_utc TEXT,
    issued_by TEXT,
    issued_at_utc TEXT,
    affected_households INTEGER NOT NULL DEFAULT 0,
    affected_people INTEGER NOT NULL DEFAULT 0,
    affected_vulnerable INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    CHECK (level BETWEEN 1 AND 5),
    -- Two-person rule, also in the database: whoever drafted a warning never approves it.
    CHECK (approved_by IS NULL OR approved_by <> drafted_by)
);
CREATE INDEX ix_warnings_status ON hazards_warnings (status, id);

CREATE TABLE hazards_warning_tasks (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    warning_id INTEGER NOT NULL REFERENCES hazards_warnings (id) ON DELETE CASCADE,
    commune_code TEXT NOT NULL,
    households INTEGER NOT NULL,
    people INTEGER NOT NULL,
    vulnerable INTEGER NOT NULL,
    status TEXT NOT NULL,
    households_reached INTEGER,
    note TEXT,
    confirmed_by TEXT,
    confirmed_at_utc TEXT,
    created_at_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_warning_tasks_warning_id_commune_code ON hazards_warning_tasks (warning_id, commune_code);
CREATE INDEX ix_warning_tasks_commune ON hazards_warning_tasks (commune_code, id);
