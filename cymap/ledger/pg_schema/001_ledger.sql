-- cymap shared ledger, version 1: the rows as the ledger file has them, its layout, the history.
-- Applied by `python -m cymap db init` / `db migrate` (cymap.ledger.pg_store.migrate), each file
-- in one transaction, recorded in cymap_schema.
CREATE EXTENSION IF NOT EXISTS postgis;

-- One row: the ledger's revision (every write adds one; a snapshot's "sha" is r<revision>) and
-- how the ledger file is written (columns in order, header names, format, encoding, delimiter,
-- line ends), so `db export` writes the file `db import` read, byte for byte.
CREATE TABLE ledger_state (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    revision bigint NOT NULL DEFAULT 0,
    layout jsonb NOT NULL DEFAULT '{}'::jsonb
);
INSERT INTO ledger_state DEFAULT VALUES;

-- Every ledger row: its cells as text (all columns, as the file holds them), its position in the
-- file, its version (optimistic concurrency), and where the geocoder puts it (EPSG:4326).
CREATE TABLE ledger_rows (
    id text PRIMARY KEY CHECK (id <> ''),
    position bigint NOT NULL,
    cells jsonb NOT NULL,
    version bigint NOT NULL DEFAULT 1,
    districts text[] NOT NULL DEFAULT '{}',
    districts_2023 text[] NOT NULL DEFAULT '{}',
    precision text NOT NULL DEFAULT '',
    geom geometry(Geometry, 4326)
);
CREATE UNIQUE INDEX ledger_rows_position ON ledger_rows (position);
CREATE INDEX ledger_rows_geom ON ledger_rows USING gist (geom);

-- The append-only history: one entry per changed field, the entries of one write share a batch.
CREATE TABLE ledger_history (
    seq bigserial PRIMARY KEY,
    when_utc text NOT NULL,
    who text NOT NULL,
    project_id text NOT NULL,
    field text NOT NULL,
    old text NOT NULL DEFAULT '',
    new text NOT NULL DEFAULT '',
    note text NOT NULL DEFAULT '',
    action text NOT NULL DEFAULT '',
    batch text NOT NULL DEFAULT '',
    sha_before text NOT NULL DEFAULT '',
    sha_after text NOT NULL DEFAULT '',
    batch_size text NOT NULL DEFAULT ''
);
CREATE INDEX ledger_history_project ON ledger_history (project_id, seq);
CREATE INDEX ledger_history_when ON ledger_history (when_utc);
