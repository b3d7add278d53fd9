-- Sandbox-wide state that belongs to no single emulated API.

-- Small settings that must survive a restart: the clock offset, the signing key of
-- Rulrr-Connect's hidden form state, when the fixtures were loaded.
CREATE TABLE sandbox_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

-- Messages the real services would send to the outside world (e-receipt SMS, events),
-- captured for GET /__admin/outbox instead.
CREATE TABLE outbox_messages (
  id         INTEGER PRIMARY KEY,
  api        TEXT NOT NULL,
  channel    TEXT NOT NULL,
  recipient  TEXT,
  body       TEXT NOT NULL,
  payload    TEXT NOT NULL DEFAULT '{}',
  created_at TEXT NOT NULL
) STRICT;

CREATE INDEX outbox_messages_by_api ON outbox_messages (api, id);
