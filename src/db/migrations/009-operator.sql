-- Operator controls (issue 9): the request journal and injected faults, both per workspace.

-- Every emulated-API call, as received and as answered, secrets masked (GET /__admin/requests).
-- Bounded per workspace: past SANDBOX_JOURNAL_LIMIT entries the oldest go first.
CREATE TABLE request_journal (
  id                      INTEGER PRIMARY KEY,
  workspace_id            TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  -- 1: the API resolved the workspace from a valid credential. 0: it did not (a wrong, expired or
  -- missing credential), and the entry sits in the workspace the credential's text names, else demo.
  workspace_resolved      INTEGER NOT NULL CHECK (workspace_resolved IN (0, 1)),
  api                     TEXT NOT NULL,
  request_id              TEXT NOT NULL,
  method                  TEXT NOT NULL,
  -- The path as routed (API prefix included, also for Host-routed calls), secret segments masked.
  path                    TEXT NOT NULL,
  host                    TEXT,
  query                   TEXT NOT NULL DEFAULT '{}',
  request_headers         TEXT NOT NULL DEFAULT '{}',
  request_body            TEXT,
  request_body_truncated  INTEGER NOT NULL DEFAULT 0 CHECK (request_body_truncated IN (0, 1)),
  -- 0: no answer left (a fault dropped the connection).
  status                  INTEGER NOT NULL,
  response_headers        TEXT NOT NULL DEFAULT '{}',
  response_body           TEXT,
  response_body_truncated INTEGER NOT NULL DEFAULT 0 CHECK (response_body_truncated IN (0, 1)),
  duration_ms             REAL NOT NULL,
  -- Real time, and the workspace's sandbox clock, when the request arrived.
  received_at             TEXT NOT NULL,
  sandbox_time            TEXT NOT NULL,
  -- The fault injected into this call (JSON: id and kind), if any.
  fault                   TEXT
) STRICT;

CREATE INDEX request_journal_by_workspace ON request_journal (workspace_id, id);

-- Faults (CONTRACT §6): matching calls of a workspace answer an error, wait, lose their
-- connection or get a garbled body. In the database, so every process sharing the file applies
-- them, and `remaining` and `draws` count across all of them.
CREATE TABLE faults (
  id           INTEGER PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  -- NULL: any API, any method, any path.
  api          TEXT,
  method       TEXT,
  path         TEXT,
  status       INTEGER CHECK (status IS NULL OR status BETWEEN 400 AND 599),
  delay_ms     INTEGER NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
  drop_connection INTEGER NOT NULL DEFAULT 0 CHECK (drop_connection IN (0, 1)),
  malformed    INTEGER NOT NULL DEFAULT 0 CHECK (malformed IN (0, 1)),
  probability  REAL NOT NULL DEFAULT 1 CHECK (probability > 0 AND probability <= 1),
  seed         INTEGER NOT NULL,
  -- How many more times it fires; NULL: until deleted.
  remaining    INTEGER CHECK (remaining IS NULL OR remaining >= 0),
  times        INTEGER,
  -- Matching calls seen (each one draws the next number of the seeded sequence) and fired on.
  draws        INTEGER NOT NULL DEFAULT 0,
  hits         INTEGER NOT NULL DEFAULT 0,
  -- 'admin' (POST /__admin/faults) or 'fixtures' (fixtures/faults.json).
  source       TEXT NOT NULL CHECK (source IN ('admin', 'fixtures')),
  created_at   TEXT NOT NULL
) STRICT;

CREATE INDEX faults_by_workspace ON faults (workspace_id, id);
