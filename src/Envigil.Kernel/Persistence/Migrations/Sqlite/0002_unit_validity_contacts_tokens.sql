-- Kernel schema, version 2: units get a validity period and successors (the 2025 reform abolished districts and
-- merged communes; units existing before this version are the ones in force since 1 July 2025, Resolution
-- 202/2025/QH15), commune contacts, and machine tokens for stations and integrations.

ALTER TABLE kernel_admin_units ADD COLUMN valid_from TEXT NOT NULL DEFAULT '2025-07-01';
ALTER TABLE kernel_admin_units ADD COLUMN valid_to TEXT NULL;

CREATE TABLE "kernel_admin_unit_successions" (
    "predecessor_code" TEXT NOT NULL,
    "successor_code" TEXT NOT NULL,
    "effective_on" TEXT NOT NULL,
    "note" TEXT NULL,
    CONSTRAINT "pk_kernel_admin_unit_successions" PRIMARY KEY ("predecessor_code", "successor_code")
);

CREATE TABLE "kernel_commune_contacts" (
    "commune_code" TEXT NOT NULL CONSTRAINT "pk_kernel_commune_contacts" PRIMARY KEY,
    "officer_name" TEXT NULL,
    "phone" TEXT NULL,
    "email" TEXT NULL,
    "updated_at_utc" TEXT NOT NULL
);

CREATE TABLE "kernel_machine_tokens" (
    "id" TEXT NOT NULL CONSTRAINT "pk_kernel_machine_tokens" PRIMARY KEY,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "created_at_utc" TEXT NOT NULL,
    "created_by" TEXT NOT NULL,
    "expires_at_utc" TEXT NULL,
    "revoked_at_utc" TEXT NULL,
    "last_used_at_utc" TEXT NULL
);

CREATE UNIQUE INDEX "ix_kernel_machine_tokens_token_hash" ON "kernel_machine_tokens" ("token_hash");
