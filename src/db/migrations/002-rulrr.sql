-- Rulrr POS integration. Every token is stored as its SHA-256 hash only.

CREATE TABLE rulrr_clients (
  client_id   TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  secret_hash TEXT NOT NULL
) STRICT;

CREATE TABLE rulrr_merchants (
  id            TEXT PRIMARY KEY,
  email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL
) STRICT;

-- A Rulrr store ("profile"): what an access token is bound to.
CREATE TABLE rulrr_stores (
  id                 TEXT PRIMARY KEY,
  merchant_id        TEXT NOT NULL REFERENCES rulrr_merchants (id),
  position           INTEGER NOT NULL,
  store_name         TEXT NOT NULL,
  store_address      TEXT,
  store_city         TEXT,
  store_state        TEXT,
  store_postal_code  TEXT,
  store_country_code TEXT,
  store_phone_number TEXT,
  store_currency     TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;

CREATE INDEX rulrr_stores_by_merchant ON rulrr_stores (merchant_id, position);

CREATE TABLE rulrr_integrations (
  id                  INTEGER PRIMARY KEY,
  client_id           TEXT NOT NULL REFERENCES rulrr_clients (client_id),
  token_hash          TEXT NOT NULL UNIQUE,
  status              TEXT NOT NULL CHECK (status IN ('pending', 'finished', 'cancelled')),
  created_at          TEXT NOT NULL,
  expires_at          TEXT NOT NULL,
  finished_at         TEXT,
  cancelled_at        TEXT,
  store_id            TEXT REFERENCES rulrr_stores (id),
  ereceipt            INTEGER NOT NULL DEFAULT 0 CHECK (ereceipt IN (0, 1)),
  tokens_retrieved_at TEXT,
  revoked_at          TEXT
) STRICT;

CREATE TABLE rulrr_tokens (
  token_hash     TEXT PRIMARY KEY,
  integration_id INTEGER NOT NULL REFERENCES rulrr_integrations (id),
  kind           TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
  created_at     TEXT NOT NULL,
  expires_at     TEXT -- NULL: never expires (refresh tokens)
) STRICT;

CREATE INDEX rulrr_tokens_by_integration ON rulrr_tokens (integration_id);

CREATE TABLE rulrr_customer_uploads (
  token_hash     TEXT PRIMARY KEY,
  integration_id INTEGER NOT NULL REFERENCES rulrr_integrations (id),
  store_id       TEXT NOT NULL REFERENCES rulrr_stores (id),
  created_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL
) STRICT;

CREATE TABLE rulrr_customers (
  store_id          TEXT NOT NULL REFERENCES rulrr_stores (id),
  customer_id       TEXT NOT NULL,
  first_name        TEXT,
  last_name         TEXT,
  email             TEXT,
  phone             TEXT,
  marketing_opt_in  INTEGER CHECK (marketing_opt_in IN (0, 1)),
  updated_at        TEXT NOT NULL,
  PRIMARY KEY (store_id, customer_id)
) STRICT;

CREATE TABLE rulrr_orders (
  store_id    TEXT NOT NULL REFERENCES rulrr_stores (id),
  order_id    TEXT NOT NULL,
  -- SHA-256 of the request body in canonical JSON: a repeat with another body is a conflict.
  body_hash   TEXT NOT NULL,
  order_json  TEXT NOT NULL,
  receipt_id  TEXT NOT NULL UNIQUE,
  received_at TEXT NOT NULL,
  PRIMARY KEY (store_id, order_id)
) STRICT;
