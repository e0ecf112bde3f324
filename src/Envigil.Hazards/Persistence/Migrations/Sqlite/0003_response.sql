-- Hazards schema, version 3: the response to an issued warning (event) and what is learned after it.
-- During the event, commune officers report people evacuated per commune and occupants per shelter; every report is a
-- row (history kept), the latest row per commune / per shelter is the current count. After the event, commune officers
-- record damage per commune (latest row per commune counts) and a provincial officer writes one lessons record per event,
-- which the next review round of every affected commune shows. Times are ISO-8601 UTC text.

CREATE TABLE hazards_evacuation_reports (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    warning_id INTEGER NOT NULL REFERENCES hazards_warnings (id) ON DELETE CASCADE,
    commune_code TEXT NOT NULL,
    people_evacuated INTEGER NOT NULL,
    note TEXT,
    reported_by TEXT NOT NULL,
    reported_at_utc TEXT NOT NULL,
    CHECK (people_evacuated >= 0)
);
CREATE INDEX ix_evacuation_reports_warning ON hazards_evacuation_reports (warning_id, commune_code, id);

CREATE TABLE hazards_shelter_reports (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    warning_id INTEGER NOT NULL REFERENCES hazards_warnings (id) ON DELETE CASCADE,
    shelter_id INTEGER NOT NULL REFERENCES hazards_shelters (id) ON DELETE CASCADE,
    commune_code TEXT NOT NULL,
    occupants INTEGER NOT NULL,
    note TEXT,
    reported_by TEXT NOT NULL,
    reported_at_utc TEXT NOT NULL,
    CHECK (occupants >= 0)
);
CREATE INDEX ix_shelter_reports_warning ON hazards_shelter_reports (warning_id, shelter_id, id);

CREATE TABLE hazards_damage_reports (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    warning_id INTEGER NOT NULL REFERENCES hazards_warnings (id) ON DELETE CASCADE,
    commune_code TEXT NOT NULL,
    deaths INTEGER NOT NULL,
    injuries INTEGER NOT NULL,
    houses_damaged INTEGER NOT NULL,
    houses_destroyed INTEGER NOT NULL,
    crops_ha REAL NOT NULL,
    notes TEXT,
    reported_by TEXT NOT NULL,
    reported_at_utc TEXT NOT NULL,
    CHECK (deaths >= 0 AND injuries >= 0 AND houses_damaged >= 0 AND houses_destroyed >= 0 AND crops_ha >= 0)
);
CREATE INDEX ix_damage_reports_warning ON hazards_damage_reports (warning_id, commune_code, id);

CREATE TABLE hazards_event_lessons (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    warning_id INTEGER NOT NULL REFERENCES hazards_warnings (id) ON DELETE CASCADE,
    what_worked TEXT NOT NULL,
    what_did_not TEXT NOT NULL,
    actions TEXT NOT NULL,
    written_by TEXT NOT NULL,
    written_at_utc TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX ix_event_lessons_warning_id ON hazards_event_lessons (warning_id);

-- The response dashboard below the evacuate-everyone level reads only households whose relocation is planned or in
-- progress inside the warning's bounding box: this covering index serves that read without touching the table rows
-- (bench "hazards", relocating_summary_ms). PostgreSQL's GiST join is already fast enough with the relocation filter.
CREATE INDEX ix_households_relocation_position ON hazards_households (relocation, longitude, latitude, commune_code, members, elderly, disabled, children, pregnant);
