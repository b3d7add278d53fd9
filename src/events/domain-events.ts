import type { OutboxMessage, OutboxTable } from '../outbox/outbox-table.js';

/** The outbox channel of domain events; webhooks are fanned out from messages on it. */
export const EVENT_CHANNEL = 'event';

/**
 * Something that happened in an emulated API, in the words of a webhook receiver. `type` is
 * dotted `api.noun.verb` in the past tense (`rulrr.integration.finished`); any string is
 * accepted, so an API adds its types without touching the machinery.
 */
export interface DomainEvent {
  api: string;
  type: string;
  /** What the event says; its type goes in front of it. */
  payload: Record<string, unknown> & { type?: never };
}

/**
 * Records domain events in the workspace's outbox: `body` is the type, `payload` is
 * `{type, …payload}`. Call it inside the transaction of the change the event reports, so the
 * event and its webhook deliveries (fanned out by the database as the message is inserted) are
 * stored with the change or not at all.
 */
export class DomainEvents {
  constructor(private readonly outbox: OutboxTable) {}

  record(workspaceId: string, { api, type, payload }: DomainEvent, now: Date): OutboxMessage {
    return this.outbox.add(workspaceId, { api, channel: EVENT_CHANNEL, recipient: null, body: type, payload: { type, ...payload } }, now);
  }
}
