-- Kangaroo Rewards integrations API. Every row belongs to one workspace (CONTRACT §1a); keys and
-- indexes lead with workspace_id, and deleting a workspace deletes its Kangaroo world. Secrets
-- and tokens are stored as SHA-256 hashes only.

-- The one loyalty business of a workspace.
CREATE TABLE kangaroo_businesses (
  workspace_id   TEXT NOT NULL PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  id             TEXT NOT NULL,
  name           TEXT NOT NULL,
  -- Points a reward or sale earns per whole unit of currency spent (the sandbox's earn rule).
  points_per_currency_unit INTEGER NOT NULL CHECK (points_per_currency_unit >= 0)
) STRICT;

CREATE TABLE kangaroo_oauth_clients (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  client_id    TEXT NOT NULL,
  name         TEXT NOT NULL,
  secret_hash  TEXT NOT NULL,
  PRIMARY KEY (workspace_id, client_id)
) STRICT;

-- Who can sign in with the password grant.
CREATE TABLE kangaroo_users (
  workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  email         TEXT NOT NULL COLLATE NOCASE,
  name          TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  PRIMARY KEY (workspace_id, email)
) STRICT;

CREATE TABLE kangaroo_application_keys (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  key_hash     TEXT NOT NULL,
  name         TEXT NOT NULL,
  PRIMARY KEY (workspace_id, key_hash)
) STRICT;

CREATE TABLE kangaroo_access_tokens (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL,
  client_id    TEXT NOT NULL,
  -- NULL for a client_credentials token, which acts for no user.
  user_email   TEXT,
  scope        TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  expires_at   TEXT NOT NULL,
  revoked_at   TEXT,
  PRIMARY KEY (workspace_id, token_hash),
  FOREIGN KEY (workspace_id, client_id) REFERENCES kangaroo_oauth_clients (workspace_id, client_id) ON DELETE CASCADE
) STRICT;

CREATE TABLE kangaroo_refresh_tokens (
  workspace_id      TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  token_hash        TEXT NOT NULL,
  -- The access token issued with it: using the refresh token revokes that one.
  access_token_hash TEXT NOT NULL,
  client_id         TEXT NOT NULL,
  user_email        TEXT NOT NULL,
  scope             TEXT NOT NULL,
  created_at        TEXT NOT NULL,
  -- Single-use, so "unused for 30 days" counts from issue; each refresh issues a fresh one.
  lapses_at         TEXT NOT NULL,
  -- Set by the one refresh that consumes it (a conditional UPDATE: racing refreshes, one winner).
  used_at           TEXT,
  PRIMARY KEY (workspace_id, token_hash),
  FOREIGN KEY (workspace_id, access_token_hash) REFERENCES kangaroo_access_tokens (workspace_id, token_hash) ON DELETE CASCADE
) STRICT;

CREATE TABLE kangaroo_branches (
  workspace_id        TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id                  TEXT NOT NULL,
  position            INTEGER NOT NULL,
  name                TEXT NOT NULL,
  web_site            TEXT,
  virtual_branch_flag INTEGER NOT NULL CHECK (virtual_branch_flag IN (0, 1)),
  is_ecom             INTEGER NOT NULL CHECK (is_ecom IN (0, 1)),
  address_formatted   TEXT,
  address_street      TEXT,
  address_city        TEXT,
  address_region      TEXT,
  address_country     TEXT,
  address_lat         REAL,
  address_long        REAL,
  PRIMARY KEY (workspace_id, id)
) STRICT;

CREATE INDEX kangaroo_branches_in_order ON kangaroo_branches (workspace_id, position);

CREATE TABLE kangaroo_integrations (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id           INTEGER NOT NULL,
  name         TEXT NOT NULL,
  type         INTEGER NOT NULL,
  is_ecom      INTEGER NOT NULL CHECK (is_ecom IN (0, 1)),
  created_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
) STRICT;

CREATE TABLE kangaroo_branch_links (
  workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id             INTEGER NOT NULL,
  integration_id INTEGER NOT NULL,
  branch_id      TEXT NOT NULL,
  account_id     TEXT NOT NULL,
  shop_id        TEXT NOT NULL,
  store_name     TEXT,
  store_domain   TEXT,
  enabled        INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at     TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id),
  -- "The same shop id can only be connected to one branch", within one integration.
  UNIQUE (workspace_id, integration_id, shop_id),
  FOREIGN KEY (workspace_id, integration_id) REFERENCES kangaroo_integrations (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, branch_id) REFERENCES kangaroo_branches (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE TABLE kangaroo_customers (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  email        TEXT COLLATE NOCASE,
  phone        TEXT,
  country_code TEXT,
  first_name   TEXT,
  last_name    TEXT,
  -- The balance the ledger adds up to; the CHECK is the last line against a negative one.
  points       INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
  created_at   TEXT NOT NULL,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id),
  CHECK (email IS NOT NULL OR phone IS NOT NULL),
  CHECK ((phone IS NULL) = (country_code IS NULL))
) STRICT;

CREATE UNIQUE INDEX kangaroo_customers_by_email ON kangaroo_customers (workspace_id, email) WHERE email IS NOT NULL;
CREATE UNIQUE INDEX kangaroo_customers_by_phone ON kangaroo_customers (workspace_id, country_code, phone) WHERE phone IS NOT NULL;

CREATE TABLE kangaroo_transactions (
  workspace_id      TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id                INTEGER NOT NULL,
  branch_link_id    INTEGER NOT NULL,
  customer_id       TEXT NOT NULL,
  intent            TEXT NOT NULL,
  -- Kangaroo's transaction type (4 Reward, 5 Redemption, 43 Redemption - Catalog, ...).
  type_id           INTEGER NOT NULL,
  name              TEXT NOT NULL,
  -- Money in hundredths of the business currency (Kangaroo's amounts have two decimals).
  amount_cents      INTEGER NOT NULL DEFAULT 0 CHECK (amount_cents >= 0),
  -- Points moved, always >= 0: the type says which way.
  points            INTEGER NOT NULL CHECK (points >= 0),
  visits            INTEGER,
  receipt_number    TEXT,
  external_order_id TEXT,
  -- The sale's line items and any catalog items or offer redeemed (JSON), as sent.
  details           TEXT NOT NULL DEFAULT '{}',
  comments          TEXT,
  is_sale           INTEGER NOT NULL DEFAULT 0 CHECK (is_sale IN (0, 1)),
  created_at        TEXT NOT NULL,
  -- Set once, by the one DELETE /transactions/{id} that cancels it (a conditional UPDATE).
  cancelled_at      TEXT,
  -- On a cancellation (type 44): the transaction it cancels.
  cancels_id        INTEGER,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, branch_link_id) REFERENCES kangaroo_branch_links (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, customer_id) REFERENCES kangaroo_customers (workspace_id, id) ON DELETE CASCADE
) STRICT;

-- A sale's order id is taken once per branch link.
CREATE UNIQUE INDEX kangaroo_sales_by_order ON kangaroo_transactions (workspace_id, branch_link_id, external_order_id)
  WHERE is_sale = 1;
CREATE INDEX kangaroo_transactions_by_customer ON kangaroo_transactions (workspace_id, customer_id, id);

-- Every change to a balance, so the balance can be explained (and checked: it is their sum).
CREATE TABLE kangaroo_points_ledger (
  workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id             INTEGER NOT NULL,
  customer_id    TEXT NOT NULL,
  -- NULL for an opening balance from the fixtures.
  transaction_id INTEGER,
  delta          INTEGER NOT NULL,
  balance_after  INTEGER NOT NULL CHECK (balance_after >= 0),
  created_at     TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id),
  FOREIGN KEY (workspace_id, customer_id) REFERENCES kangaroo_customers (workspace_id, id) ON DELETE CASCADE,
  FOREIGN KEY (workspace_id, transaction_id) REFERENCES kangaroo_transactions (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX kangaroo_points_ledger_by_customer ON kangaroo_points_ledger (workspace_id, customer_id, id);

CREATE TABLE kangaroo_offers (
  workspace_id   TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id             INTEGER NOT NULL,
  type_id        INTEGER NOT NULL,
  type           TEXT NOT NULL,
  title          TEXT NOT NULL,
  description    TEXT NOT NULL,
  -- What redeeming it costs, for the redeemable types (free product, discounts).
  points         INTEGER NOT NULL CHECK (points >= 0),
  discount_value REAL NOT NULL,
  multip_factor  REAL NOT NULL,
  real_value     REAL NOT NULL,
  publish_at     TEXT NOT NULL,
  expires_at     TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
) STRICT;

-- The redemption catalog ("rewards").
CREATE TABLE kangaroo_catalog_items (
  workspace_id         TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id                   INTEGER NOT NULL,
  type                 TEXT NOT NULL,
  title                TEXT NOT NULL,
  description          TEXT NOT NULL,
  points               INTEGER NOT NULL CHECK (points > 0),
  amount               REAL NOT NULL,
  real_value           REAL NOT NULL,
  discount_value       REAL NOT NULL,
  partner_reward       INTEGER NOT NULL CHECK (partner_reward IN (0, 1)),
  redeem_for_gift_card INTEGER NOT NULL CHECK (redeem_for_gift_card IN (0, 1)),
  publish_at           TEXT NOT NULL,
  expires_at           TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
) STRICT;

-- Rate limiting per workspace. No row: the sandbox's defaults.
CREATE TABLE kangaroo_rate_limits (
  workspace_id        TEXT NOT NULL PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  requests_per_minute INTEGER NOT NULL CHECK (requests_per_minute BETWEEN 1 AND 1000000),
  -- NULL: follow the sandbox-wide setting (on when serving, off in tests).
  enabled             INTEGER CHECK (enabled IN (0, 1))
) STRICT;
