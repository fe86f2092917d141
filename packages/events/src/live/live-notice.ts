import { z } from 'zod';
import type { RawEnvelope } from '../envelope.js';
import { changeKindOf, type TaskChangeKind } from '../event-types.js';

export { userChannel } from '../keys.js';

/**
 * What a gateway replica receives on `<prefix>user:<ownerId>` for every event of that user, and what
 * the change log keeps for task changes. It carries ids only: the gateway loads the entity through
 * federation with the subscriber's identity, so a notice never leaks fields the subscriber may not see.
 */
export interface LiveNotice {
  /**
   * The public event id: the entry id in the owner's change log, strictly increasing per user and
   * usable as `taskChanged(since:)`. Null for events that are not task changes (tags, notifications).
   */
  eventId: string | null;
  /** The envelope's uuid (consumers' de-duplication key). */
  envelopeId: string;
  type: string;
  /** The `TaskChangeKind` of a task change; null otherwise. */
  kind: TaskChangeKind | null;
  aggregateType: string;
  aggregateId: string;
  ownerId: string;
  correlationId: string | null;
  occurredAt: string;
}

/** A change-log entry: a notice whose `eventId` is always set. */
export type ChangeNotice = LiveNotice & { eventId: string };

/**
 * The notice of an envelope, without `eventId`: the change log's entry id only exists once Redis
 * has added the entry, so the publish script appends it (see publish-script.ts).
 */
export function buildNotice(envelope: RawEnvelope): Omit<LiveNotice, 'eventId'> {
  return {
    envelopeId: envelope.id,
    type: envelope.type,
    kind: changeKindOf(envelope.type),
    aggregateType: envelope.aggregateType,
    aggregateId: envelope.aggregateId,
    ownerId: envelope.ownerId,
    correlationId: envelope.correlationId,
    occurredAt: envelope.occurredAt,
  };
}

const changeKinds = ['CREATED', 'UPDATED', 'COMPLETED', 'REOPENED', 'DELETED', 'RESTORED'] as const;

export const liveNoticeSchema = z.object({
  eventId: z.string().nullable(),
  envelopeId: z.string(),
  type: z.string(),
  kind: z.enum(changeKinds).nullable(),
  aggregateType: z.string(),
  aggregateId: z.string(),
  ownerId: z.string(),
  correlationId: z.string().nullable(),
  occurredAt: z.string(),
});

/** Parses a notice received on a user channel; throws on anything that is not one. */
export function parseLiveNotice(json: string): LiveNotice {
  return liveNoticeSchema.parse(JSON.parse(json));
}
