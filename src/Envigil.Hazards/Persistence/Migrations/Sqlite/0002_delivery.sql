-- Hazards schema, version 2: pushing issued warnings out. Webhook subscriptions for hazards warnings (an SMS gateway
-- is one of them) and the delivery outbox, written in the same transaction as the issue so no push is lost; the
-- kernel's outbox dispatcher sends it (claim with lease, retries with backoff). Monitoring has its own tables.
-- SQLite has no schemas: tables are prefixed hazards_. Times are ISO-8601 UTC text, as EF Core writes them.
CREATE TABLE hazards_webhook_subscriptions (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    description TEXT,
    enabled INTEGER NOT NULL DEFAULT 1,
    created_at_utc TEXT NOT NULL,
    created_by TEXT NOT NULL
);

CREATE TABLE hazards_delivery_outbox (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    warning_id INTEGER NOT NULL REFERENCES hazards_warnings (id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    recipient_reason TEXT,
    webhook_id INTEGER REFERENCES hazards_webhook_subscriptions (id) ON DELETE CASCADE,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at_utc TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_utc TEXT NOT NULL,
    sent_at_utc TEXT,
    failed_at_utc TEXT,
    last_error TEXT
);
CREATE INDEX ix_delivery_outbox_warning ON hazards_delivery_outbox (warning_id, id);
CREATE INDEX ix_delivery_outbox_due ON hazards_delivery_outbox (next_attempt_utc) WHERE sent_at_utc IS NULL AND failed_at_utc IS NULL;
