-- Enforcement schema, version 1: violation cases, the alerts they are about, their history and attached documents.
-- SQLite has no schemas: tables are prefixed enforcement_. Times are ISO-8601 UTC text, as EF Core writes them;
-- dates (decision, remediation deadline) are yyyy-MM-dd. Document bytes live under {DataDirectory}/enforcement/documents.

CREATE TABLE enforcement_cases (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    year INTEGER NOT NULL,
    sequence INTEGER NOT NULL,
    number TEXT NOT NULL,
    facility_id TEXT NOT NULL,
    title TEXT NOT NULL,
    legal_basis TEXT,
    legal_article TEXT,
    status TEXT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at_utc TEXT NOT NULL,
    verified_by TEXT,
    verified_at_utc TEXT,
    decision_number TEXT,
    decision_date TEXT,
    sanction_decree TEXT NOT NULL,
    sanction_article TEXT,
    fine_vnd INTEGER,
    remediation_deadline TEXT,
    decided_by TEXT,
    decided_at_utc TEXT,
    closed_by TEXT,
    closed_at_utc TEXT,
    closing_note TEXT,
    dismissal_reason TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_cases_year_sequence ON enforcement_cases (year, sequence);
CREATE UNIQUE INDEX ix_cases_number ON enforcement_cases (number);
CREATE INDEX ix_cases_facility ON enforcement_cases (facility_id, id);
CREATE INDEX ix_cases_status ON enforcement_cases (status, id);

CREATE TABLE enforcement_case_alerts (
    case_id INTEGER NOT NULL REFERENCES enforcement_cases (id) ON DELETE CASCADE,
    alert_id INTEGER NOT NULL,
    added_by TEXT NOT NULL,
    added_at_utc TEXT NOT NULL,
    CONSTRAINT pk_case_alerts PRIMARY KEY (case_id, alert_id)
);
CREATE INDEX ix_case_alerts_alert ON enforcement_case_alerts (alert_id);

CREATE TABLE enforcement_case_events (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES enforcement_cases (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    at_utc TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    body TEXT
);
CREATE INDEX ix_case_events_case ON enforcement_case_events (case_id, id);

CREATE TABLE enforcement_case_documents (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES enforcement_cases (id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    description TEXT,
    uploaded_by TEXT NOT NULL,
    uploaded_at_utc TEXT NOT NULL
);
CREATE INDEX ix_case_documents_case ON enforcement_case_documents (case_id, id);
