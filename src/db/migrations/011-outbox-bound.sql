-- The outbox is bounded per workspace (SANDBOX_OUTBOX_LIMIT): the oldest messages go first, found
-- through this index. Webhook deliveries keep their own copy of each event (webhook_events), so
-- a message trimmed here is still delivered.
CREATE INDEX outbox_messages_by_workspace_id ON outbox_messages (workspace_id, id);
