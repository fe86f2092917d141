import type { EventSource } from './event-types.js';

/**
 * Every Redis key and channel this package uses, in one place. All start with the deployment's prefix
 * (REDIS_PREFIX, `taskflow:` by default) so several deployments or test runs can share one Redis.
 */

/** The durable stream of one subgraph's events, read by consumer groups. */
export const eventStreamKey = (prefix: string, source: EventSource) => `${prefix}events:${source}`;

/** Where consumers move events whose handler failed `maxAttempts` times, or that cannot be parsed. */
export const deadLetterStreamKey = (prefix: string) => `${prefix}events:dead`;

/** The per-user capped log of task changes: its entry ids are the public, per-user `eventId`s. */
export const userChangesKey = (prefix: string, userId: string) => `${prefix}user:${userId}:changes`;

/** The pub/sub channel of live notices for one user (gateway replicas subscribe to it). */
export const userChannel = (prefix: string, userId: string) => `${prefix}user:${userId}`;

/** Marks an event id as published, so re-running the publish of the same event does nothing. */
export const relaySentKey = (prefix: string, eventId: string) => `${prefix}relay:sent:${eventId}`;

/**
 * Written by a schema's relay once Redis holds everything its outbox retains: its absence means Redis
 * lost its data (or never had it), and the relay publishes the retained events again.
 */
export const relayEpochKey = (prefix: string, schema: string) => `${prefix}relay:epoch:${schema}`;

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,55}$/;

/** Rejects schema names that would need quoting (or overflow Postgres' 63-byte channel names). */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new TypeError(`schema name "${schema}" must match ${SCHEMA_NAME} to be used for the outbox`);
  }
}

/**
 * The Postgres NOTIFY channel the outbox trigger signals on. It names the schema, so relays of
 * different subgraphs sharing one database only wake for their own rows.
 */
export const outboxChannel = (schema: string) => `outbox_${schema}`;

/**
 * Where accounts announces a revoked session or API key (`{ "credentialId": "<id>" }`), so every
 * gateway replica closes the WebSocket connections that used it at once.
 */
export const revocationChannel = (prefix: string) => `${prefix}auth:revoked`;
