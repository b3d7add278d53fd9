-- WLL, continued: the tenant loses the API key column 005 gave it (the keys live in 006's
-- wll_api_keys, several per workspace possible), the Transactions Rule Engine gets its tables,
-- orders get the columns and indexes their list filters need, and POST /orders/asyncly a place
-- for orders accepted but not yet made. Every table belongs to a workspace and goes with it.

-- SQLite cannot drop a UNIQUE column: the table is rebuilt. Nothing references it.
CREATE TABLE wll_tenants_new (
  workspace_id         TEXT NOT NULL PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  name                 TEXT NOT NULL,
  slug                 TEXT NOT NULL,
  timezone             TEXT NOT NULL DEFAULT 'UTC',
  max_receipt_age_days INTEGER NOT NULL DEFAULT 30 CHECK (max_receipt_age_days BETWEEN 0 AND 3650)
) STRICT;
INSERT INTO wll_tenants_new (workspace_id, name, slug, timezone, max_receipt_age_days)
  SELECT workspace_id, name, slug, timezone, max_receipt_age_days FROM wll_tenants;
DROP TABLE wll_tenants;
ALTER TABLE wll_tenants_new RENAME TO wll_tenants;

-- A tenant's rule sets. `version` counts the changes to a set: the compiled-engine cache keys on
-- it, because updated_at does not move when the workspace's clock is frozen.
CREATE TABLE wll_rule_sets (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  name         TEXT,
  is_active    INTEGER NOT NULL CHECK (is_active IN (0, 1)),
  version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
) STRICT;

-- "The newest active rule set" of a claim: the last entry of this index (rowid breaks ties of
-- created_at, so two sets made on a frozen clock still have an order).
CREATE INDEX wll_rule_sets_by_activity ON wll_rule_sets (workspace_id, is_active, created_at);
CREATE INDEX wll_rule_sets_by_created_at ON wll_rule_sets (workspace_id, created_at);

-- The rules of a set in the order they were given. `rule_json` holds ruleProperties (a BASKET
-- rule's inflated), resultParams and configuration as the responses show them.
CREATE TABLE wll_rules (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  rule_set_id  TEXT NOT NULL,
  id           TEXT NOT NULL,
  position     INTEGER NOT NULL CHECK (position >= 0),
  name         TEXT NOT NULL,
  type         TEXT NOT NULL CHECK (type IN ('CUSTOM', 'BASKET')),
  priority     INTEGER NOT NULL,
  rule_json    TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, rule_set_id, position),
  FOREIGN KEY (workspace_id, rule_set_id) REFERENCES wll_rule_sets (workspace_id, id) ON DELETE CASCADE
) STRICT;

-- GET /orders filters by every scalar field of an order: each gets a column and an index.
ALTER TABLE wll_orders ADD COLUMN location_address TEXT;
CREATE INDEX wll_orders_by_type ON wll_orders (workspace_id, type, id);
CREATE INDEX wll_orders_by_status ON wll_orders (workspace_id, status, id);
CREATE INDEX wll_orders_by_service_time ON wll_orders (workspace_id, service_time, id);
CREATE INDEX wll_orders_by_total_tax ON wll_orders (workspace_id, total_tax, id);
CREATE INDEX wll_orders_by_location_address ON wll_orders (workspace_id, location_address, id);

-- Orders POST /orders/asyncly accepted and answered, waiting to be made "shortly after". The
-- one process that deletes a row makes its order, so a row left by a process that stopped is
-- made by the next one that starts, and never twice.
CREATE TABLE wll_pending_orders (
  workspace_id              TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id                        TEXT NOT NULL,
  accepted_at               TEXT NOT NULL,
  submitter_auth_identifier TEXT NOT NULL,
  order_json                TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
) STRICT;
