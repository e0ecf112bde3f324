-- Kernel schema, version 2: units get a validity period and successors (the 2025 reform abolished districts and
-- merged communes; units existing before this version are the ones in force since 1 July 2025, Resolution
-- 202/2025/QH15), commune contacts, and machine tokens for stations and integrations.

ALTER TABLE kernel.admin_units ADD COLUMN valid_from date NOT NULL DEFAULT DATE '2025-07-01';
ALTER TABLE kernel.admin_units ALTER COLUMN valid_from DROP DEFAULT;
ALTER TABLE kernel.admin_units ADD COLUMN valid_to date;

CREATE TABLE kernel.admin_unit_successions (
    predecessor_code text NOT NULL,
    successor_code text NOT NULL,
    effective_on date NOT NULL,
    note text,
    CONSTRAINT pk_admin_unit_successions PRIMARY KEY (predecessor_code, successor_code)
);

CREATE TABLE kernel.commune_contacts (
    commune_code text NOT NULL,
    officer_name text,
    phone text,
    email text,
    updated_at_utc timestamp with time zone NOT NULL,
    CONSTRAINT pk_commune_contacts PRIMARY KEY (commune_code)
);

CREATE TABLE kernel.machine_tokens (
    id text NOT NULL,
    name text NOT NULL,
    kind text NOT NULL,
    subject text NOT NULL,
    token_hash text NOT NULL,
    created_at_utc timestamp with time zone NOT NULL,
    created_by text NOT NULL,
    expires_at_utc timestamp with time zone,
    revoked_at_utc timestamp with time zone,
    last_used_at_utc timestamp with time zone,
    CONSTRAINT pk_machine_tokens PRIMARY KEY (id)
);

CREATE UNIQUE INDEX ix_machine_tokens_token_hash ON kernel.machine_tokens (token_hash);
