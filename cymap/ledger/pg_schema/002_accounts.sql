-- cymap shared ledger, version 2: accounts with roles and districts; failed logins by name.
CREATE TABLE accounts (
    name text PRIMARY KEY CHECK (name <> ''),
    password_hash text NOT NULL,
    role text NOT NULL CHECK (role IN ('viewer', 'district_editor', 'editor', 'admin')),
    districts text[] NOT NULL DEFAULT '{}',
    created timestamptz NOT NULL DEFAULT now()
);

-- Kept per name typed (known or not), so guessing is slowed for every name alike and across
-- every app process sharing the database.
CREATE TABLE login_failures (
    name text PRIMARY KEY,
    failures integer NOT NULL DEFAULT 0,
    retry_after timestamptz NOT NULL DEFAULT now()
);
