import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  type EventSource,
  type EventType,
  eventDefinitions,
  isEventType,
  type TaskflowEvents,
} from './event-types.js';

/**
 * The one shape every event has, on the outbox row, on the stream and in every handler. `version` is
 * the payload's schema version (see `eventDefinitions`), not a row or aggregate version.
 */
export interface EventEnvelope<T extends EventType = EventType> {
  /** Unique per event (uuid); consumers de-duplicate by it. */
  id: string;
  type: T;
  version: number;
  aggregateType: string;
  aggregateId: string;
  /** The user who owns the aggregate: live notices and the change log are per owner. */
  ownerId: string;
  payload: TaskflowEvents[T];
  correlationId: string | null;
  occurredAt: string;
}

/** A union over every known type, so `switch (event.type)` narrows `event.payload`. */
export type AnyEventEnvelope = { [T in EventType]: EventEnvelope<T> }[EventType];

/** The envelope of one of `T` (a union of types gives a union of envelopes). */
export type EnvelopeOf<T extends EventType> = { [K in T]: EventEnvelope<K> }[T];

export interface CreateEnvelopeInput<T extends EventType> {
  aggregateId: string;
  ownerId: string;
  payload: TaskflowEvents[T];
  correlationId?: string | null;
  /** Defaults to a new uuid; pass one to make the event's identity deterministic. */
  id?: string;
  /** Defaults to now. */
  occurredAt?: Date | string;
}

/** Builds an envelope with the type's aggregate type and schema version filled in. */
export function createEnvelope<T extends EventType>(
  type: T,
  input: CreateEnvelopeInput<T>,
): EventEnvelope<T> {
  const definition = eventDefinitions[type];
  const occurredAt = input.occurredAt ?? new Date();
  return {
    id: input.id ?? randomUUID(),
    type,
    version: definition.version,
    aggregateType: definition.aggregateType,
    aggregateId: input.aggregateId,
    ownerId: input.ownerId,
    payload: input.payload,
    correlationId: input.correlationId ?? null,
    occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
  };
}

/**
 * The envelope's structure. The payload is checked only to be an object: payload shapes are typed at
 * compile time, and a consumer that needs more checks a payload's `version` itself.
 */
export const envelopeSchema = z.object({
  // guid, not uuid: any 8-4-4-4-12 hex id Postgres accepts as `uuid` is accepted here too.
  id: z.guid(),
  type: z.string().min(1).max(200),
  version: z.number().int().positive(),
  aggregateType: z.string().min(1).max(200),
  aggregateId: z.string().min(1).max(200),
  ownerId: z.string().min(1).max(200),
  payload: z.record(z.string(), z.unknown()),
  correlationId: z.string().max(200).nullable(),
  occurredAt: z.iso.datetime({ offset: true }),
});

/**
 * An envelope of any type, known to this build or not (what a stream may carry). Every typed
 * `EventEnvelope` is one, so publishing code accepts both.
 */
export interface RawEnvelope {
  id: string;
  type: string;
  version: number;
  aggregateType: string;
  aggregateId: string;
  ownerId: string;
  payload: object;
  correlationId: string | null;
  occurredAt: string;
}

/** Validates an envelope about to be written; a bad one is a programming error, so this throws. */
export function assertValidEnvelope(envelope: unknown): asserts envelope is RawEnvelope {
  const result = envelopeSchema.safeParse(envelope);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new TypeError(`invalid event envelope: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
}

export type ParsedEnvelope =
  | { kind: 'known'; envelope: AnyEventEnvelope }
  | { kind: 'unknown-type'; envelope: RawEnvelope }
  | { kind: 'invalid'; reason: string };

/** Parses the JSON a stream entry carries. Never throws: the consumer decides what to do with each case. */
export function parseEnvelopeJson(json: string | undefined | null): ParsedEnvelope {
  if (!json) return { kind: 'invalid', reason: 'entry has no event field' };
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { kind: 'invalid', reason: `not JSON: ${(error as Error).message}` };
  }
  const result = envelopeSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    return { kind: 'invalid', reason: `${issue.path.join('.') || '(root)'}: ${issue.message}` };
  }
  const envelope = result.data;
  if (!isEventType(envelope.type)) return { kind: 'unknown-type', envelope };
  return { kind: 'known', envelope: envelope as unknown as AnyEventEnvelope };
}

/**
 * The stream an envelope goes to: its type's declared source. A type this build does not know (a newer
 * publisher's) goes to `fallback`, the source of the process that wrote it.
 */
export function sourceOf(envelope: { type: string }, fallback: EventSource): EventSource {
  return isEventType(envelope.type) ? eventDefinitions[envelope.type].source : fallback;
}
