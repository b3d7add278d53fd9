-- Workspaces (CONTRACT §1a): isolated worlds sharing one sandbox. Every table of an emulated
-- API carries workspace_id and references this table with ON DELETE CASCADE, so deleting a
-- workspace is one statement.
CREATE TABLE workspaces (
  id              TEXT PRIMARY KEY,
  name            TEXT NOT NULL,
  -- Real time, not the sandbox clock: when it was made and last used, for its ttl.
  created_at      TEXT NOT NULL,
  last_used_at    TEXT NOT NULL,
  -- Unused this long (real time), the workspace is deleted; NULL keeps it until deleted.
  ttl             TEXT,
  ttl_ms          INTEGER CHECK (ttl_ms IS NULL OR ttl_ms > 0),
  -- The sandbox clock of this workspace: real time plus this offset. Read from here on every
  -- use, so processes sharing the file agree on it right after a move.
  clock_offset_ms INTEGER NOT NULL DEFAULT 0,
  -- The credentials minted for it, per API (JSON), so a reset reseeds with the same ones.
  credentials     TEXT NOT NULL DEFAULT '{}'
) STRICT;

INSERT INTO workspaces (id, name, created_at, last_used_at, clock_offset_ms)
VALUES (
  'demo', 'demo', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'),
  coalesce((SELECT CAST(value AS INTEGER) FROM sandbox_meta WHERE key = 'clock.offset_ms'), 0)
);
DELETE FROM sandbox_meta WHERE key = 'clock.offset_ms';
