-- Kernel schema, version 1: geography, identity, audit.

CREATE TABLE "kernel_admin_units" (
    "code" TEXT NOT NULL CONSTRAINT "pk_kernel_admin_units" PRIMARY KEY,
    "level" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "full_name" TEXT NOT NULL,
    "full_name_en" TEXT NOT NULL,
    "unit_type" TEXT NOT NULL,
    "parent_code" TEXT NULL,
    "region_code" TEXT NULL,
    "area_km2" REAL NULL,
    "boundary" BLOB NULL
);

CREATE TABLE "kernel_audit_log" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_kernel_audit_log" PRIMARY KEY AUTOINCREMENT,
    "at_utc" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "actor_kind" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity" TEXT NOT NULL,
    "entity_key" TEXT NOT NULL,
    "before" TEXT NULL,
    "after" TEXT NULL,
    "trace_id" TEXT NULL
);

CREATE TABLE "kernel_province_regions" (
    "province_code" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "basis" TEXT NOT NULL,
    "is_provisional" INTEGER NOT NULL,
    CONSTRAINT "pk_kernel_province_regions" PRIMARY KEY ("province_code", "code")
);

CREATE TABLE "kernel_roles" (
    "id" TEXT NOT NULL CONSTRAINT "pk_kernel_roles" PRIMARY KEY,
    "name" TEXT NULL,
    "normalized_name" TEXT NULL,
    "concurrency_stamp" TEXT NULL
);

CREATE TABLE "kernel_users" (
    "id" TEXT NOT NULL CONSTRAINT "pk_kernel_users" PRIMARY KEY,
    "display_name" TEXT NOT NULL,
    "created_at_utc" TEXT NOT NULL,
    "user_name" TEXT NULL,
    "normalized_user_name" TEXT NULL,
    "email" TEXT NULL,
    "normalized_email" TEXT NULL,
    "email_confirmed" INTEGER NOT NULL,
    "password_hash" TEXT NULL,
    "security_stamp" TEXT NULL,
    "concurrency_stamp" TEXT NULL,
    "phone_number" TEXT NULL,
    "phone_number_confirmed" INTEGER NOT NULL,
    "two_factor_enabled" INTEGER NOT NULL,
    "lockout_end" TEXT NULL,
    "lockout_enabled" INTEGER NOT NULL,
    "access_failed_count" INTEGER NOT NULL
);

CREATE TABLE "kernel_role_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_kernel_role_claims" PRIMARY KEY AUTOINCREMENT,
    "role_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_kernel_role_claims_kernel_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "kernel_roles" ("id") ON DELETE CASCADE
);

CREATE TABLE "kernel_user_claims" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_kernel_user_claims" PRIMARY KEY AUTOINCREMENT,
    "user_id" TEXT NOT NULL,
    "claim_type" TEXT NULL,
    "claim_value" TEXT NULL,
    CONSTRAINT "fk_kernel_user_claims_kernel_users_user_id" FOREIGN KEY ("user_id") REFERENCES "kernel_users" ("id") ON DELETE CASCADE
);

CREATE TABLE "kernel_user_logins" (
    "login_provider" TEXT NOT NULL,
    "provider_key" TEXT NOT NULL,
    "provider_display_name" TEXT NULL,
    "user_id" TEXT NOT NULL,
    CONSTRAINT "pk_kernel_user_logins" PRIMARY KEY ("login_provider", "provider_key"),
    CONSTRAINT "fk_kernel_user_logins_kernel_users_user_id" FOREIGN KEY ("user_id") REFERENCES "kernel_users" ("id") ON DELETE CASCADE
);

CREATE TABLE "kernel_user_roles" (
    "user_id" TEXT NOT NULL,
    "role_id" TEXT NOT NULL,
    CONSTRAINT "pk_kernel_user_roles" PRIMARY KEY ("user_id", "role_id"),
    CONSTRAINT "fk_kernel_user_roles_kernel_roles_role_id" FOREIGN KEY ("role_id") REFERENCES "kernel_roles" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_kernel_user_roles_kernel_users_user_id" FOREIGN KEY ("user_id") REFERENCES "kernel_users" ("id") ON DELETE CASCADE
);

CREATE TABLE "kernel_user_tokens" (
    "user_id" TEXT NOT NULL,
    "login_provider" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" TEXT NULL,
    CONSTRAINT "pk_kernel_user_tokens" PRIMARY KEY ("user_id", "login_provider", "name"),
    CONSTRAINT "fk_kernel_user_tokens_kernel_users_user_id" FOREIGN KEY ("user_id") REFERENCES "kernel_users" ("id") ON DELETE CASCADE
);

CREATE INDEX "ix_kernel_admin_units_parent_code" ON "kernel_admin_units" ("parent_code");

CREATE INDEX "ix_kernel_audit_log_at_utc" ON "kernel_audit_log" ("at_utc");

CREATE INDEX "ix_kernel_role_claims_role_id" ON "kernel_role_claims" ("role_id");

CREATE UNIQUE INDEX "role_name_index" ON "kernel_roles" ("normalized_name");

CREATE INDEX "ix_kernel_user_claims_user_id" ON "kernel_user_claims" ("user_id");

CREATE INDEX "ix_kernel_user_logins_user_id" ON "kernel_user_logins" ("user_id");

CREATE INDEX "ix_kernel_user_roles_role_id" ON "kernel_user_roles" ("role_id");

CREATE INDEX "email_index" ON "kernel_users" ("normalized_email");

CREATE UNIQUE INDEX "user_name_index" ON "kernel_users" ("normalized_user_name");
