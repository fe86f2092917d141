import { createHash } from 'node:crypto';
import type { RawEnvelope } from '../envelope.js';
import { changeKindOf, type EventSource } from '../event-types.js';
import { eventStreamKey, relaySentKey, userChangesKey, userChannel } from '../keys.js';
import { buildNotice } from '../live/live-notice.js';

/**
 * Publishes one event in one atomic step: the durable stream entry, the owner's change-log entry
 * (task changes only), the dedupe marker and the live notice. Because the marker is checked and set
 * in the same script, running it again for the same event (a relay that crashed after Redis
 * accepted but before the outbox row was marked sent) changes nothing.
 *
 * The marker is checked first but written last (SET NX EX, as one write): Redis does not roll a
 * script back when a command in it fails, so a marker written first and an XADD failing after it
 * (out of memory) would lose the event for good; this order can at worst duplicate it, which
 * consumers absorb.
 *
 * KEYS[1] dedupe marker, KEYS[2] source stream, KEYS[3] change log (only for task changes)
 * ARGV[1] marker TTL (s), ARGV[2] source stream MAXLEN, ARGV[3] envelope JSON, ARGV[4] user channel,
 * ARGV[5] notice JSON without eventId, ARGV[6] change log MAXLEN, ARGV[7] change log TTL (s, 0 = none)
 *
 * Returns {1, "<stream id> <change id>"} when published, {0, "<stream id> <change id>"} when it was
 * already published (the ids of the first publish; empty when unknown).
 */
export const publishScriptSource = `
local published = redis.call('GET', KEYS[1])
if published then
  return {0, published}
end
local streamId = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[3])
local changeId = ''
local eventIdJson = 'null'
if #KEYS >= 3 then
  changeId = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[6], '*', 'notice', ARGV[5])
  if tonumber(ARGV[7]) > 0 then
    redis.call('EXPIRE', KEYS[3], ARGV[7])
  end
  eventIdJson = '"' .. changeId .. '"'
end
local ids = streamId .. ' ' .. changeId
redis.call('SET', KEYS[1], ids, 'NX', 'EX', ARGV[1])
redis.call('PUBLISH', ARGV[4], string.sub(ARGV[5], 1, -2) .. ',"eventId":' .. eventIdJson .. '}')
return {1, ids}
`;

/** Redis keys a script by the SHA1 of its source; EVALSHA sends only this. */
export const publishScriptSha = createHash('sha1').update(publishScriptSource).digest('hex');

export interface PublishLimits {
  /** How long the dedupe marker lives (s). A re-run after that publishes a duplicate (consumers de-dupe). */
  dedupeTtlSeconds: number;
  /** Approximate cap of each source stream; consumers must keep up within it. */
  streamMaxLen: number;
  /** Approximate cap of each user's change log (how far back `since` replay reaches). */
  changeLogMaxLen: number;
  /** A user's change log is dropped after this long without changes (s, 0 = kept). */
  changeLogTtlSeconds: number;
}

export const defaultPublishLimits: PublishLimits = {
  dedupeTtlSeconds: 24 * 60 * 60,
  streamMaxLen: 1_000_000,
  changeLogMaxLen: 1_000,
  changeLogTtlSeconds: 30 * 24 * 60 * 60,
};

/** The numkeys, keys and args of one EVALSHA/EVAL call for `envelope`. */
export function buildPublishCall(
  envelope: RawEnvelope,
  prefix: string,
  source: EventSource,
  limits: PublishLimits,
): { numKeys: number; args: string[] } {
  const isTaskChange = changeKindOf(envelope.type) !== null;
  const keys = [relaySentKey(prefix, envelope.id), eventStreamKey(prefix, source)];
  if (isTaskChange) keys.push(userChangesKey(prefix, envelope.ownerId));
  const argv = [
    String(limits.dedupeTtlSeconds),
    String(limits.streamMaxLen),
    JSON.stringify(envelope),
    userChannel(prefix, envelope.ownerId),
    JSON.stringify(buildNotice(envelope)),
    String(limits.changeLogMaxLen),
    String(limits.changeLogTtlSeconds),
  ];
  return { numKeys: keys.length, args: [...keys, ...argv] };
}

export interface PublishResult {
  /** False when this event id had already been published (nothing was written this time). */
  isNew: boolean;
  /** The entry id in the source stream (null if unknown for a duplicate). */
  streamEntryId: string | null;
  /** The public eventId (change-log entry id) of a task change; null otherwise or if unknown. */
  eventId: string | null;
}

/** Reads the script's `{flag, "<stream id> <change id>"}` reply. */
export function parsePublishReply(reply: unknown): PublishResult {
  if (!Array.isArray(reply) || reply.length !== 2)
    throw new Error(`unexpected publish script reply: ${String(reply)}`);
  const [flag, ids] = reply as [unknown, unknown];
  const [streamEntryId, eventId] = typeof ids === 'string' ? ids.split(' ') : [];
  return {
    isNew: Number(flag) === 1,
    streamEntryId: streamEntryId || null,
    eventId: eventId || null,
  };
}
