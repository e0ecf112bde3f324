-- Monitoring schema, version 2: compliance. Per-facility limit basis and permit limits, the regulation catalogue as
-- edited by an admin, exceedance episodes with their history, data-integrity signals, alert rules, alerts with their
-- events (acknowledgements, comments, escalations), pending alert conditions (hysteresis that survives restarts),
-- the notification outbox and webhook subscriptions.
-- SQLite has no schemas: tables are prefixed monitoring_. Times are ISO-8601 UTC text, as EF Core writes them.

CREATE TABLE monitoring_regulation_catalogues (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    json TEXT NOT NULL,
    note TEXT,
    created_at_utc TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE monitoring_facility_limit_bases (
    facility_id TEXT NOT NULL REFERENCES monitoring_facilities (id) ON DELETE CASCADE,
    medium TEXT NOT NULL,
    regulation_id TEXT NOT NULL,
    regulation_column TEXT NOT NULL,
    permitted_on TEXT,
    successor_column TEXT,
    scope TEXT,
    successor_scope TEXT,
    receiving_water_kind TEXT,
    lowest_flow_m3_per_second REAL,
    volume_m3 REAL,
    saline_or_brackish INTEGER NOT NULL DEFAULT 0,
    coastal_use TEXT,
    emission_zone TEXT,
    size_class TEXT,
    permit_reference TEXT,
    updated_at_utc TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    CONSTRAINT pk_facility_limit_bases PRIMARY KEY (facility_id, medium)
);

CREATE TABLE monitoring_permit_limits (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    facility_id TEXT NOT NULL REFERENCES monitoring_facilities (id) ON DELETE CASCADE,
    medium TEXT NOT NULL,
    parameter_code TEXT NOT NULL,
    lower_bound REAL,
    upper_bound REAL,
    unit TEXT NOT NULL,
    source TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_permit_limits_facility_parameter ON monitoring_permit_limits (facility_id, medium, parameter_code);

CREATE TABLE monitoring_exceedance_episodes (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    datastream_id INTEGER NOT NULL REFERENCES monitoring_datastreams (id) ON DELETE CASCADE,
    station_code TEXT NOT NULL,
    facility_id TEXT,
    parameter_code TEXT NOT NULL,
    state TEXT NOT NULL,
    direction TEXT NOT NULL,
    averaging_period TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    window_count INTEGER NOT NULL,
    peak REAL NOT NULL,
    mean REAL NOT NULL,
    ratio_to_limit REAL,
    limit_value REAL NOT NULL,
    unit TEXT NOT NULL,
    limit_formula TEXT NOT NULL,
    limit_source TEXT NOT NULL,
    limit_verified INTEGER NOT NULL,
    is_ongoing INTEGER NOT NULL,
    windows_json TEXT NOT NULL,
    state_reason TEXT,
    replaced_by TEXT,
    alert_id INTEGER,
    first_detected_at_utc TEXT NOT NULL,
    updated_at_utc TEXT NOT NULL
);
CREATE INDEX ix_exceedance_episodes_datastream ON monitoring_exceedance_episodes (datastream_id, state, start_utc);
CREATE INDEX ix_exceedance_episodes_station ON monitoring_exceedance_episodes (station_code, start_utc);
CREATE INDEX ix_exceedance_episodes_unalerted ON monitoring_exceedance_episodes (id) WHERE alert_id IS NULL AND state = 'Active';

CREATE TABLE monitoring_episode_changes (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    episode_id INTEGER NOT NULL REFERENCES monitoring_exceedance_episodes (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    reason TEXT NOT NULL,
    before_json TEXT,
    at_utc TEXT NOT NULL
);
CREATE INDEX ix_episode_changes_episode ON monitoring_episode_changes (episode_id, id);

CREATE TABLE monitoring_integrity_signals (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    signal_key TEXT NOT NULL,
    station_code TEXT NOT NULL,
    facility_id TEXT,
    parameter_code TEXT,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    explanation_vi TEXT NOT NULL,
    explanation_en TEXT NOT NULL,
    evidence_json TEXT NOT NULL,
    alert_id INTEGER,
    first_detected_at_utc TEXT NOT NULL,
    last_detected_at_utc TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_integrity_signals_key ON monitoring_integrity_signals (signal_key);
CREATE INDEX ix_integrity_signals_station ON monitoring_integrity_signals (station_code, start_utc);
CREATE INDEX ix_integrity_signals_unalerted ON monitoring_integrity_signals (id) WHERE alert_id IS NULL;

CREATE TABLE monitoring_alert_rules (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    industry_type TEXT,
    station_kind TEXT,
    threshold REAL,
    signal_kinds TEXT,
    raise_after_minutes INTEGER NOT NULL DEFAULT 0,
    clear_after_minutes INTEGER NOT NULL DEFAULT 0,
    auto_resolve INTEGER NOT NULL DEFAULT 0,
    escalate_after_minutes INTEGER,
    escalate_to_severity TEXT,
    notify_emails TEXT,
    escalation_emails TEXT,
    notify_webhooks INTEGER NOT NULL DEFAULT 1,
    enabled INTEGER NOT NULL DEFAULT 1,
    updated_at_utc TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE UNIQUE INDEX ix_alert_rules_code ON monitoring_alert_rules (code);

CREATE TABLE monitoring_alerts (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    rule_id INTEGER NOT NULL REFERENCES monitoring_alert_rules (id),
    subject_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    state TEXT NOT NULL,
    station_code TEXT,
    facility_id TEXT,
    parameter_code TEXT,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    detail_vi TEXT NOT NULL,
    detail_en TEXT NOT NULL,
    occurrences INTEGER NOT NULL DEFAULT 1,
    condition_since_utc TEXT NOT NULL,
    opened_at_utc TEXT NOT NULL,
    last_true_at_utc TEXT NOT NULL,
    cleared_since_utc TEXT,
    acknowledged_by TEXT,
    acknowledged_at_utc TEXT,
    acknowledgement_comment TEXT,
    resolved_by TEXT,
    resolved_at_utc TEXT,
    resolution TEXT,
    escalation_level INTEGER NOT NULL DEFAULT 0,
    escalated_at_utc TEXT
);
CREATE UNIQUE INDEX ix_alerts_open_subject ON monitoring_alerts (rule_id, subject_key) WHERE state <> 'Resolved';
CREATE INDEX ix_alerts_state ON monitoring_alerts (state, id);
CREATE INDEX ix_alerts_facility ON monitoring_alerts (facility_id, id);

CREATE TABLE monitoring_alert_conditions (
    rule_id INTEGER NOT NULL REFERENCES monitoring_alert_rules (id) ON DELETE CASCADE,
    subject_key TEXT NOT NULL,
    since_utc TEXT NOT NULL,
    last_seen_utc TEXT NOT NULL,
    CONSTRAINT pk_alert_conditions PRIMARY KEY (rule_id, subject_key)
);

CREATE TABLE monitoring_alert_events (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id INTEGER NOT NULL REFERENCES monitoring_alerts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL,
    actor_role TEXT,
    body TEXT,
    at_utc TEXT NOT NULL
);
CREATE INDEX ix_alert_events_alert ON monitoring_alert_events (alert_id, id);

CREATE TABLE monitoring_webhook_subscriptions (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    description TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at_utc TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE monitoring_notification_outbox (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    alert_id INTEGER REFERENCES monitoring_alerts (id) ON DELETE SET NULL,
    event TEXT NOT NULL,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    webhook_id INTEGER REFERENCES monitoring_webhook_subscriptions (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_utc TEXT NOT NULL,
    sent_at_utc TEXT,
    failed_at_utc TEXT,
    last_error TEXT
);
CREATE INDEX ix_notification_outbox_due ON monitoring_notification_outbox (next_attempt_utc) WHERE sent_at_utc IS NULL AND failed_at_utc IS NULL;
