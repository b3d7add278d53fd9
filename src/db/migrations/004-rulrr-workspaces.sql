-- Rulrr and the outbox become workspace-scoped (CONTRACT §1a). Rows from before workspaces
-- existed belong to `demo`. Tables are rebuilt (SQLite cannot add a foreign key to a table),
-- children first out, parents first in.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE rulrr_clients_new (
  -- Client ids are unique across workspaces: the id alone resolves the workspace.
  client_id    TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  secret_hash  TEXT NOT NULL
) STRICT;
INSERT INTO rulrr_clients_new SELECT client_id, 'demo', name, secret_hash FROM rulrr_clients;

CREATE TABLE rulrr_merchants_new (
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id            TEXT NOT NULL,
  email         TEXT NOT NULL COLLATE NOCASE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id),
  UNIQUE (workspace_id, email)
) STRICT;
INSERT INTO rulrr_merchants_new SELECT 'demo', id, email, name, password_hash FROM rulrr_merchants;

CREATE TABLE rulrr_stores_new (
  workspace_id       TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id                 TEXT NOT NULL,
  merchant_id        TEXT NOT NULL,
  position           INTEGER NOT NULL,
  store_name         TEXT NOT NULL,
  store_address      TEXT,
  store_city         TEXT,
  store_state        TEXT,
  store_postal_code  TEXT,
  store_country_code TEXT,
  store_phone_number TEXT,
  store_currency     TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, merchant_id) REFERENCES rulrr_merchants_new (workspace_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO rulrr_stores_new
  SELECT 'demo', id, merchant_id, position, store_name, store_address, store_city, store_state,
         store_postal_code, store_country_code, store_phone_number, store_currency, updated_at
  FROM rulrr_stores;

CREATE TABLE rulrr_integrations_new (
  id                  INTEGER PRIMARY KEY,
  workspace_id        TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  client_id           TEXT NOT NULL REFERENCES rulrr_clients_new (client_id) ON DELETE CASCADE,
  token_hash          TEXT NOT NULL UNIQUE,
  status              TEXT NOT NULL CHECK (status IN ('pending', 'finished', 'cancelled')),
  created_at          TEXT NOT NULL,
  expires_at          TEXT NOT NULL,
  finished_at         TEXT,
  cancelled_at        TEXT,
  store_id            TEXT,
  ereceipt            INTEGER NOT NULL DEFAULT 0 CHECK (ereceipt IN (0, 1)),
  tokens_retrieved_at TEXT,
  revoked_at          TEXT,
  FOREIGN KEY (workspace_id, store_id) REFERENCES rulrr_stores_new (workspace_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO rulrr_integrations_new
  SELECT id, 'demo', client_id, token_hash, status, created_at, expires_at, finished_at, cancelled_at,
         store_id, ereceipt, tokens_retrieved_at, revoked_at
  FROM rulrr_integrations;

CREATE TABLE rulrr_tokens_new (
  token_hash     TEXT PRIMARY KEY,
  workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  integration_id INTEGER NOT NULL REFERENCES rulrr_integrations_new (id) ON DELETE CASCADE,
  kind           TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
  created_at     TEXT NOT NULL,
  expires_at     TEXT -- NULL: never expires (refresh tokens)
) STRICT;
INSERT INTO rulrr_tokens_new SELECT token_hash, 'demo', integration_id, kind, created_at, expires_at FROM rulrr_tokens;

CREATE TABLE rulrr_customer_uploads_new (
  token_hash     TEXT PRIMARY KEY,
  workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  integration_id INTEGER NOT NULL REFERENCES rulrr_integrations_new (id) ON DELETE CASCADE,
  store_id       TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  FOREIGN KEY (workspace_id, store_id) REFERENCES rulrr_stores_new (workspace_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO rulrr_customer_uploads_new
  SELECT token_hash, 'demo', integration_id, store_id, created_at, expires_at FROM rulrr_customer_uploads;

CREATE TABLE rulrr_customers_new (
  workspace_id     TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  store_id         TEXT NOT NULL,
  customer_id      TEXT NOT NULL,
  first_name       TEXT,
  last_name        TEXT,
  email            TEXT,
  phone            TEXT,
  marketing_opt_in INTEGER CHECK (marketing_opt_in IN (0, 1)),
  updated_at       TEXT NOT NULL,
  PRIMARY KEY (workspace_id, store_id, customer_id),
  FOREIGN KEY (workspace_id, store_id) REFERENCES rulrr_stores_new (workspace_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO rulrr_customers_new
  SELECT 'demo', store_id, customer_id, first_name, last_name, email, phone, marketing_opt_in, updated_at
  FROM rulrr_customers;

CREATE TABLE rulrr_orders_new (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  store_id     TEXT NOT NULL,
  order_id     TEXT NOT NULL,
  -- SHA-256 of the request body in canonical JSON: a repeat with another body is a conflict.
  body_hash    TEXT NOT NULL,
  order_json   TEXT NOT NULL,
  -- Random and unique across workspaces: the hosted receipt page is found by it alone.
  receipt_id   TEXT NOT NULL UNIQUE,
  received_at  TEXT NOT NULL,
  PRIMARY KEY (workspace_id, store_id, order_id),
  FOREIGN KEY (workspace_id, store_id) REFERENCES rulrr_stores_new (workspace_id, id) ON DELETE CASCADE
) STRICT;
INSERT INTO rulrr_orders_new
  SELECT 'demo', store_id, order_id, body_hash, order_json, receipt_id, received_at FROM rulrr_orders;

CREATE TABLE outbox_messages_new (
  id           INTEGER PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  api          TEXT NOT NULL,
  channel      TEXT NOT NULL,
  recipient    TEXT,
  body         TEXT NOT NULL,
  payload      TEXT NOT NULL DEFAULT '{}',
  created_at   TEXT NOT NULL
) STRICT;
INSERT INTO outbox_messages_new SELECT id, 'demo', api, channel, recipient, body, payload, created_at FROM outbox_messages;

DROP TABLE outbox_messages;
DROP TABLE rulrr_orders;
DROP TABLE rulrr_customers;
DROP TABLE rulrr_customer_uploads;
DROP TABLE rulrr_tokens;
DROP TABLE rulrr_integrations;
DROP TABLE rulrr_stores;
DROP TABLE rulrr_merchants;
DROP TABLE rulrr_clients;

ALTER TABLE rulrr_clients_new RENAME TO rulrr_clients;
ALTER TABLE rulrr_merchants_new RENAME TO rulrr_merchants;
ALTER TABLE rulrr_stores_new RENAME TO rulrr_stores;
ALTER TABLE rulrr_integrations_new RENAME TO rulrr_integrations;
ALTER TABLE rulrr_tokens_new RENAME TO rulrr_tokens;
ALTER TABLE rulrr_customer_uploads_new RENAME TO rulrr_customer_uploads;
ALTER TABLE rulrr_customers_new RENAME TO rulrr_customers;
ALTER TABLE rulrr_orders_new RENAME TO rulrr_orders;
ALTER TABLE outbox_messages_new RENAME TO outbox_messages;

CREATE INDEX rulrr_clients_by_workspace ON rulrr_clients (workspace_id);
CREATE INDEX rulrr_stores_by_merchant ON rulrr_stores (workspace_id, merchant_id, position);
CREATE INDEX outbox_messages_by_workspace ON outbox_messages (workspace_id, api, id);
CREATE INDEX rulrr_integrations_by_workspace ON rulrr_integrations (workspace_id, id);
CREATE INDEX rulrr_tokens_by_integration ON rulrr_tokens (integration_id);
CREATE INDEX rulrr_tokens_by_workspace ON rulrr_tokens (workspace_id);
CREATE INDEX rulrr_customer_uploads_by_integration ON rulrr_customer_uploads (integration_id);
