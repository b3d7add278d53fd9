-- Webhooks (issue 11): a workspace registers URLs with the event types they want; every event
-- recorded in its outbox (channel 'event', the type in payload.type) becomes one delivery per
-- matching webhook, tried until the receiver answers 2xx or the attempts run out. Delivery
-- times are real time: a receiver lives in real time, whatever the workspace's sandbox clock says.

CREATE TABLE webhooks (
  id           TEXT PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  url          TEXT NOT NULL,
  -- A JSON array of event types; "*" matches every type.
  events       TEXT NOT NULL CHECK (json_valid(events) AND json_type(events) = 'array'),
  description  TEXT,
  -- Kept as issued, not hashed: every delivery is signed with it (HMAC-SHA256).
  secret       TEXT NOT NULL,
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX webhooks_by_workspace ON webhooks (workspace_id, created_at);

-- An event at least one webhook wanted, copied out of the outbox so that its deliveries outlive
-- DELETE /__admin/outbox, and every attempt signs the same bytes.
CREATE TABLE webhook_events (
  id           INTEGER PRIMARY KEY,
  -- What receivers see and deduplicate on: random, the same for every webhook the event goes to.
  event_id     TEXT NOT NULL UNIQUE,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  outbox_id    INTEGER NOT NULL,
  api          TEXT NOT NULL,
  type         TEXT NOT NULL,
  -- The outbox payload without its type (JSON).
  data         TEXT NOT NULL,
  -- The workspace's sandbox time, as in the outbox.
  created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX webhook_events_by_workspace ON webhook_events (workspace_id, id);

CREATE TABLE webhook_deliveries (
  id           INTEGER PRIMARY KEY,
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  webhook_id   TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
  event_row_id INTEGER NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivering', 'succeeded', 'failed')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  -- Real time in epoch ms. pending: when the next attempt is due. delivering: when the claim
  -- lapses, so a delivery whose process died is taken up again. NULL once settled.
  due_at       INTEGER,
  -- Random per claim: only the process holding the claim records the attempt's outcome.
  claim        TEXT,
  created_at   TEXT NOT NULL,
  completed_at TEXT,
  CHECK ((state IN ('pending', 'delivering')) = (due_at IS NOT NULL))
) STRICT;
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (due_at) WHERE state IN ('pending', 'delivering');
CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (workspace_id, webhook_id, id);
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (event_row_id);

-- The delivery log: one row per attempt, written when it starts and completed when it ends.
CREATE TABLE webhook_attempts (
  workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt     INTEGER NOT NULL,
  started_at  TEXT NOT NULL,
  duration_ms INTEGER,
  status_code INTEGER,
  error       TEXT,
  -- The first bytes of the receiver's answer.
  response    TEXT,
  PRIMARY KEY (delivery_id, attempt)
) STRICT;

-- Fan-out in the transaction that records the event, whoever records it (DomainEvents or a plain
-- OutboxTable.add with channel 'event'), in every process sharing the file: an event is either
-- recorded with all its deliveries or not at all, and no scan of the outbox can miss or repeat
-- one. A migration that rebuilds outbox_messages drops this trigger and must create it again.
CREATE TRIGGER webhook_fan_out AFTER INSERT ON outbox_messages
WHEN NEW.channel = 'event' AND EXISTS (
  SELECT 1 FROM webhooks w, json_each(w.events) e
  WHERE w.workspace_id = NEW.workspace_id AND e.value IN ('*', coalesce(json_extract(NEW.payload, '$.type'), NEW.body))
)
BEGIN
  INSERT INTO webhook_events (event_id, workspace_id, outbox_id, api, type, data, created_at)
  VALUES (
    'evt_' || lower(hex(randomblob(12))), NEW.workspace_id, NEW.id, NEW.api,
    coalesce(json_extract(NEW.payload, '$.type'), NEW.body), json_remove(NEW.payload, '$.type'), NEW.created_at
  );
  -- Inside a trigger, last_insert_rowid() is the event row inserted just above.
  INSERT INTO webhook_deliveries (workspace_id, webhook_id, event_row_id, due_at, created_at)
  SELECT NEW.workspace_id, w.id, last_insert_rowid(), CAST(unixepoch('subsec') * 1000 AS INTEGER),
         strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  FROM webhooks w
  WHERE w.workspace_id = NEW.workspace_id
    AND EXISTS (
      SELECT 1 FROM json_each(w.events) e
      WHERE e.value IN ('*', coalesce(json_extract(NEW.payload, '$.type'), NEW.body))
    );
END;
