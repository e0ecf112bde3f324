-- Monitoring schema, version 1: registry, file reception (archive receipts, quarantine), observations with their
-- natural key, conflicts, hourly/daily rollups, latest values and station activity.
-- SQLite has no schemas: tables are prefixed monitoring_. Times are ISO-8601 UTC text, as EF Core writes them.

CREATE TABLE monitoring_facilities (
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    tax_code TEXT,
    address TEXT,
    commune_code TEXT NOT NULL,
    industry_type TEXT,
    pollution_risk_type INTEGER NOT NULL DEFAULT 0,
    design_wastewater_m3_per_day REAL,
    design_emission_m3_per_hour REAL,
    connected_to_central_treatment INTEGER NOT NULL DEFAULT 0,
    permit_number TEXT,
    permit_date TEXT,
    ftp_account TEXT,
    created_at_utc TEXT NOT NULL,
    updated_at_utc TEXT NOT NULL,
    CONSTRAINT pk_facilities PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ix_facilities_ftp_account ON monitoring_facilities (ftp_account) WHERE ftp_account IS NOT NULL;

CREATE TABLE monitoring_stations (
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    facility_id TEXT REFERENCES monitoring_facilities (id),
    latitude REAL NOT NULL,
    longitude REAL NOT NULL,
    commune_code TEXT NOT NULL,
    cadence_seconds INTEGER NOT NULL DEFAULT 300,
    created_at_utc TEXT NOT NULL,
    CONSTRAINT pk_stations PRIMARY KEY (code)
);
CREATE INDEX ix_stations_facility_id ON monitoring_stations (facility_id);

CREATE TABLE monitoring_datastreams (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    station_code TEXT NOT NULL REFERENCES monitoring_stations (code) ON DELETE CASCADE,
    parameter_code TEXT NOT NULL,
    unit TEXT NOT NULL,
    cadence_seconds INTEGER NOT NULL DEFAULT 300,
    physical_min REAL,
    physical_max REAL
);
CREATE UNIQUE INDEX ix_datastreams_station_parameter ON monitoring_datastreams (station_code, parameter_code);

CREATE TABLE monitoring_parameter_aliases (
    alias TEXT NOT NULL,
    parameter_code TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    created_by TEXT NOT NULL,
    CONSTRAINT pk_parameter_aliases PRIMARY KEY (alias)
);

CREATE TABLE monitoring_file_receipts (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    sha256 TEXT NOT NULL,
    file_name TEXT NOT NULL,
    channel TEXT NOT NULL,
    sender TEXT NOT NULL,
    sender_scope TEXT NOT NULL,
    station_code TEXT,
    received_at_utc TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    line_count INTEGER NOT NULL DEFAULT 0,
    stored_count INTEGER NOT NULL DEFAULT 0,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    conflict_count INTEGER NOT NULL DEFAULT 0,
    rejected_count INTEGER NOT NULL DEFAULT 0,
    processed_at_utc TEXT,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ix_file_receipts_sha256 ON monitoring_file_receipts (sha256);
CREATE INDEX ix_file_receipts_state ON monitoring_file_receipts (state, id);
CREATE INDEX ix_file_receipts_station ON monitoring_file_receipts (station_code, id);

CREATE TABLE monitoring_line_issues (
    receipt_id INTEGER NOT NULL REFERENCES monitoring_file_receipts (id) ON DELETE CASCADE,
    line_number INTEGER NOT NULL,
    raw_line TEXT NOT NULL,
    reason TEXT NOT NULL,
    CONSTRAINT pk_line_issues PRIMARY KEY (receipt_id, line_number)
);

CREATE TABLE monitoring_observations (
    datastream_id INTEGER NOT NULL,
    phenomenon_time_utc TEXT NOT NULL,
    value REAL NOT NULL,
    status INTEGER NOT NULL,
    receipt_id INTEGER NOT NULL,
    received_at_utc TEXT NOT NULL,
    CONSTRAINT pk_observations PRIMARY KEY (datastream_id, phenomenon_time_utc)
) WITHOUT ROWID;

CREATE TABLE monitoring_observation_conflicts (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    datastream_id INTEGER NOT NULL,
    phenomenon_time_utc TEXT NOT NULL,
    stored_value REAL NOT NULL,
    stored_status INTEGER NOT NULL,
    stored_receipt_id INTEGER NOT NULL,
    offered_value REAL NOT NULL,
    offered_status INTEGER NOT NULL,
    offered_receipt_id INTEGER NOT NULL,
    detected_at_utc TEXT NOT NULL,
    resolution TEXT,
    resolved_by TEXT,
    resolved_at_utc TEXT
);
CREATE UNIQUE INDEX ix_observation_conflicts_offer ON monitoring_observation_conflicts (datastream_id, phenomenon_time_utc, offered_value, offered_status);

CREATE TABLE monitoring_rollups_hourly (
    datastream_id INTEGER NOT NULL,
    bucket_utc TEXT NOT NULL,
    sample_count INTEGER NOT NULL,
    valid_count INTEGER NOT NULL,
    late_count INTEGER NOT NULL,
    value_sum REAL NOT NULL,
    value_min REAL,
    value_max REAL,
    CONSTRAINT pk_rollups_hourly PRIMARY KEY (datastream_id, bucket_utc)
);

CREATE TABLE monitoring_rollups_daily (
    datastream_id INTEGER NOT NULL,
    bucket_utc TEXT NOT NULL,
    sample_count INTEGER NOT NULL,
    valid_count INTEGER NOT NULL,
    late_count INTEGER NOT NULL,
    value_sum REAL NOT NULL,
    value_min REAL,
    value_max REAL,
    CONSTRAINT pk_rollups_daily PRIMARY KEY (datastream_id, bucket_utc)
);

CREATE TABLE monitoring_latest_values (
    datastream_id INTEGER NOT NULL,
    phenomenon_time_utc TEXT NOT NULL,
    value REAL NOT NULL,
    status INTEGER NOT NULL,
    received_at_utc TEXT NOT NULL,
    CONSTRAINT pk_latest_values PRIMARY KEY (datastream_id)
);

CREATE TABLE monitoring_station_activity (
    station_code TEXT NOT NULL,
    last_observation_utc TEXT NOT NULL,
    last_received_utc TEXT NOT NULL,
    last_status INTEGER NOT NULL,
    CONSTRAINT pk_station_activity PRIMARY KEY (station_code)
);
