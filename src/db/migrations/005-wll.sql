-- White Label Loyalty Receipts Core. Every table belongs to a workspace (CONTRACT §1a) and is
-- deleted with it; every key and index leads with workspace_id, so no query of one workspace
-- reads another's rows. Rule sets are the rule engine's tables, in their own migration.

-- A workspace's tenant: its name, API key and the settings the automated reviewer reads.
CREATE TABLE wll_tenants (
  workspace_id         TEXT NOT NULL PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
  name                 TEXT NOT NULL,
  slug                 TEXT NOT NULL,
  -- SHA-256 (hex) of the X-Api-Key. The key is how a call finds its workspace, so this is the
  -- one index that cannot lead with workspace_id.
  api_key_hash         TEXT NOT NULL UNIQUE,
  timezone             TEXT NOT NULL DEFAULT 'UTC',
  max_receipt_age_days INTEGER NOT NULL DEFAULT 30 CHECK (max_receipt_age_days >= 0)
) STRICT;

-- Products line items are matched to (a line item's identifier → productId) and venues the
-- rule engine's venueMatches operator checks a receipt's locationIdentifier against.
CREATE TABLE wll_products (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  name         TEXT NOT NULL,
  unit_price   REAL,
  PRIMARY KEY (workspace_id, id)
) STRICT;

-- One product per identifier, so a line item matches at most one.
CREATE TABLE wll_product_identifiers (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  identifier   TEXT NOT NULL,
  product_id   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, identifier),
  FOREIGN KEY (workspace_id, product_id) REFERENCES wll_products (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX wll_product_identifiers_by_product ON wll_product_identifiers (workspace_id, product_id);

CREATE TABLE wll_venues (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id           TEXT NOT NULL,
  name         TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
) STRICT;

CREATE TABLE wll_venue_locations (
  workspace_id        TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  venue_id            TEXT NOT NULL,
  location_identifier TEXT NOT NULL,
  PRIMARY KEY (workspace_id, venue_id, location_identifier),
  FOREIGN KEY (workspace_id, venue_id) REFERENCES wll_venues (workspace_id, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX wll_venue_locations_by_location ON wll_venue_locations (workspace_id, location_identifier);

-- A claimed receipt. Every field GET /receipts filters or sorts by is a column (snake_case of
-- the field); the rest of the receipt is receipt_json.
CREATE TABLE wll_receipts (
  workspace_id              TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id                        TEXT NOT NULL,
  status                    TEXT NOT NULL CHECK (status IN ('PENDING', 'AUTHORIZED', 'REJECTED')),
  created_at                TEXT NOT NULL,
  updated_at                TEXT NOT NULL,
  -- served_at when the receipt shows a date, else created_at: never NULL, so it always sorts.
  notionally_served_at      TEXT NOT NULL,
  served_at                 TEXT,
  service_date              TEXT,
  service_time              TEXT,
  -- The tenant's timezone when the receipt was claimed, which its date and time are local to.
  timezone                  TEXT NOT NULL,
  total                     REAL,
  subtotal                  REAL,
  corrected_total           REAL,
  barcode                   TEXT,
  -- A number here (so gt/lt compare numbers); the API answers it as a string.
  ocr_confidence            REAL NOT NULL CHECK (ocr_confidence BETWEEN 0 AND 1),
  transaction_id            TEXT,
  merchant_name             TEXT,
  location_identifier       TEXT,
  submitter_auth_identifier TEXT NOT NULL,
  use_parser                INTEGER NOT NULL CHECK (use_parser IN (0, 1)),
  -- The review that set the status: the automated one at first, then the newest manual one.
  paramount_review_id       TEXT,
  -- The receipt as stored: lineItems (with productId where matched), pictureUrl, metadata, …
  -- what the rule engine's `transaction` fact and GET /receipts/{id} are made from.
  receipt_json              TEXT NOT NULL,
  -- What the rule engine answered (JSON); NULL when an earlier step decided and it did not run.
  rule_engine_output        TEXT,
  PRIMARY KEY (workspace_id, id),
  -- Deferred: a receipt and its first review are inserted in one transaction, in either order.
  -- The paramount review must be one of this receipt's.
  FOREIGN KEY (workspace_id, id, paramount_review_id)
    REFERENCES wll_reviews (workspace_id, receipt_id, id) DEFERRABLE INITIALLY DEFERRED
) STRICT;

-- One index per sortable or filterable field, ending in id: the list's tie-break and keyset.
CREATE INDEX wll_receipts_by_status ON wll_receipts (workspace_id, status, id);
CREATE INDEX wll_receipts_by_created_at ON wll_receipts (workspace_id, created_at, id);
CREATE INDEX wll_receipts_by_updated_at ON wll_receipts (workspace_id, updated_at, id);
CREATE INDEX wll_receipts_by_notionally_served_at ON wll_receipts (workspace_id, notionally_served_at, id);
CREATE INDEX wll_receipts_by_service_date ON wll_receipts (workspace_id, service_date, id);
CREATE INDEX wll_receipts_by_service_time ON wll_receipts (workspace_id, service_time, id);
CREATE INDEX wll_receipts_by_total ON wll_receipts (workspace_id, total, id);
CREATE INDEX wll_receipts_by_subtotal ON wll_receipts (workspace_id, subtotal, id);
CREATE INDEX wll_receipts_by_corrected_total ON wll_receipts (workspace_id, corrected_total, id);
CREATE INDEX wll_receipts_by_barcode ON wll_receipts (workspace_id, barcode, id);
CREATE INDEX wll_receipts_by_ocr_confidence ON wll_receipts (workspace_id, ocr_confidence, id);
CREATE INDEX wll_receipts_by_transaction_id ON wll_receipts (workspace_id, transaction_id, id);
CREATE INDEX wll_receipts_by_merchant_name ON wll_receipts (workspace_id, merchant_name, id);
CREATE INDEX wll_receipts_by_location_identifier ON wll_receipts (workspace_id, location_identifier, id);
CREATE INDEX wll_receipts_by_submitter ON wll_receipts (workspace_id, submitter_auth_identifier, id);

-- The barcodes and transaction ids claimed in a workspace, each held by the first receipt that
-- claimed it. A claim inserts its keys with INSERT OR IGNORE in the transaction that inserts the
-- receipt: of two identical claims racing, the one that writes second changes no row, finds its
-- key held, and is the DUPLICATE — the unique key, not a read before the write, decides.
CREATE TABLE wll_receipt_claim_keys (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  kind         TEXT NOT NULL CHECK (kind IN ('barcode', 'transactionId')),
  value        TEXT NOT NULL,
  receipt_id   TEXT NOT NULL,
  PRIMARY KEY (workspace_id, kind, value),
  FOREIGN KEY (workspace_id, receipt_id) REFERENCES wll_receipts (workspace_id, id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
) STRICT;

CREATE INDEX wll_receipt_claim_keys_by_receipt ON wll_receipt_claim_keys (workspace_id, receipt_id);

CREATE TABLE wll_reviews (
  workspace_id             TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id                       TEXT NOT NULL,
  receipt_id               TEXT NOT NULL,
  verdict                  TEXT NOT NULL CHECK (verdict IN ('ABSTAIN', 'REJECT', 'AUTHORIZE')),
  reason                   TEXT NOT NULL CHECK (reason IN (
    'OTHER', 'VERIFIED', 'VALID_DATA', 'FLAGGED_FOR_SPOT_CHECK', 'DUPLICATE', 'INVALID_MERCHANT',
    'INVALID_DATE', 'INSUFFICIENT_DATA', 'SUSPICIOUS', 'SUSPICIOUS_CONTEXT', 'RULE_ENGINE_THREW_ERROR',
    'INVALID_VENUE', 'FORMAT_SUBMISSION_LIMIT_EXCEEDED', 'MERCHANT_SUBMISSION_LIMIT_EXCEEDED',
    'NO_QUALIFYING_PRODUCTS', 'INVALID_MULTIPAGE_CLAIM', 'TEST'
  )),
  comment                  TEXT,
  is_automated             INTEGER NOT NULL CHECK (is_automated IN (0, 1)),
  -- The reviewer (`reviwer` in the API) from the admin token; all NULL for the automated review.
  reviewer_auth_issuer     TEXT,
  reviewer_auth_identifier TEXT,
  reviewer_name            TEXT,
  created_at               TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id),
  -- Also the parent key of a receipt's paramount review, and the index that lists a receipt's
  -- reviews (a handful: sorted by created_at, then rowid, after the lookup).
  UNIQUE (workspace_id, receipt_id, id),
  FOREIGN KEY (workspace_id, receipt_id) REFERENCES wll_receipts (workspace_id, id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  CHECK ((reviewer_auth_issuer IS NULL) = (reviewer_auth_identifier IS NULL))
) STRICT;

-- The automated reviewer reviews a receipt once, at claim time.
CREATE UNIQUE INDEX wll_reviews_one_automated ON wll_reviews (workspace_id, receipt_id) WHERE is_automated = 1;

CREATE TABLE wll_orders (
  workspace_id              TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  id                        TEXT NOT NULL,
  type                      TEXT NOT NULL DEFAULT 'ORDER' CHECK (type IN ('ORDER', 'RECEIPT')),
  -- 'AUTHORIZED', the one status the docs show; not a CHECK, so another needs no table rebuild.
  status                    TEXT NOT NULL,
  created_at                TEXT NOT NULL,
  updated_at                TEXT NOT NULL,
  service_date              TEXT NOT NULL,
  service_time              TEXT NOT NULL,
  total                     REAL,
  subtotal                  REAL,
  total_tax                 REAL,
  transaction_id            TEXT,
  submitter_auth_identifier TEXT NOT NULL,
  location_identifier       TEXT,
  -- The order as answered: lineItems (with productId where matched), paymentTenders, metadata, …
  order_json                TEXT NOT NULL,
  PRIMARY KEY (workspace_id, id)
) STRICT;

CREATE INDEX wll_orders_by_created_at ON wll_orders (workspace_id, created_at, id);
CREATE INDEX wll_orders_by_updated_at ON wll_orders (workspace_id, updated_at, id);
CREATE INDEX wll_orders_by_total ON wll_orders (workspace_id, total, id);
CREATE INDEX wll_orders_by_subtotal ON wll_orders (workspace_id, subtotal, id);
CREATE INDEX wll_orders_by_service_date ON wll_orders (workspace_id, service_date, id);
CREATE INDEX wll_orders_by_transaction_id ON wll_orders (workspace_id, transaction_id, id);
CREATE INDEX wll_orders_by_location_identifier ON wll_orders (workspace_id, location_identifier, id);
CREATE INDEX wll_orders_by_submitter ON wll_orders (workspace_id, submitter_auth_identifier, id);

-- POST /orders/asyncly drops a repeat of a transactionId by the same submitter within 5 minutes
-- of sandbox time. One row per pair holds when it was last accepted. Accepting is one upsert —
--   INSERT … ON CONFLICT (workspace_id, submitter_auth_identifier, transaction_id)
--   DO UPDATE SET accepted_at = excluded.accepted_at, order_id = excluded.order_id
--   WHERE accepted_at <= :now_minus_5_minutes
-- — that changes a row only when the pair is new or its window has passed, so of two racing
-- repeats exactly one changes a row and makes an order. A dropped repeat does not extend the window.
CREATE TABLE wll_async_order_keys (
  workspace_id              TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  submitter_auth_identifier TEXT NOT NULL,
  transaction_id            TEXT NOT NULL,
  accepted_at               TEXT NOT NULL,
  -- The order the accepted call made (not a foreign key: the order may be written after).
  order_id                  TEXT NOT NULL,
  PRIMARY KEY (workspace_id, submitter_auth_identifier, transaction_id)
) STRICT;
