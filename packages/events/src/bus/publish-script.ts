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
 * A guard key (ARGV[8] = '1'): the script writes nothing and returns {-1, ''} when that key is missing,
 * which is how the relay learns, atomically with the publish, that Redis lost its data (a restart
 * without persistence): its own marker key is gone. Replays (ARGV[9] = '0') go to the source stream
 * only: no change-log entry and no live notice, since subscribers saw those events when they were new.
 *
 * KEYS[1] dedupe marker, KEYS[2] source stream, KEYS[3] guard key (unused unless ARGV[8] = '1'),
 * KEYS[4] change log (only for live task changes)
 * ARGV[1] marker TTL (s), ARGV[2] source stream MAXLEN, ARGV[3] envelope JSON, ARGV[4] user channel,
 * ARGV[5] notice JSON without eventId, ARGV[6] change log MAXLEN, ARGV[7] change log TTL (s, 0 = none),
 * ARGV[8] '1' to require the guard key, ARGV[9] '1' to publish the live notice
 *
 * Returns {1, "<stream id> <change id>"} when published, {0, "<stream id> <change id>"} when it was
 * already published (the ids of the first publish; empty when unknown), {-1, ""} when the guard key
 * is missing.
 */
export const publishScriptSource = `
if ARGV[8] == '1' and redis.call('EXISTS', KEYS[3]) == 0 then
  return {-1, ''}
end
local published = redis.call('GET', KEYS[1])
if published then
  return {0, published}
end
local streamId = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', 'event', ARGV[3])
local changeId = ''
local eventIdJson = 'null'
if #KEYS >= 4 then
  changeId = redis.call('XADD', KEYS[4], 'MAXLEN', '~', ARGV[6], '*', 'notice', ARGV[5])
  if tonumber(ARGV[7]) > 0 then
    redis.call('EXPIRE', KEYS[4], ARGV[7])
  end
  eventIdJson = '"' .. changeId .. '"'
end
local ids = streamId .. ' ' .. changeId
redis.call('SET', KEYS[1], ids, 'NX', 'EX', ARGV[1])
if ARGV[9] == '1' then
  redis.call('PUBLISH', ARGV[4], string.sub(ARGV[5], 1, -2) .. ',"eventId":' .. eventIdJson .. '}')
end
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
  { guardKey, isReplay = false }: { guardKey?: string; isReplay?: boolean } = {},
): { numKeys: number; args: string[] } {
  const isTaskChange = changeKindOf(envelope.type) !== null;
  const keys = [relaySentKey(prefix, envelope.id), eventStreamKey(prefix, source), guardKey ?? ''];
  if (isTaskChange && !isReplay) keys.push(userChangesKey(prefix, envelope.ownerId));
  const argv = [
    String(limits.dedupeTtlSeconds),
    String(limits.streamMaxLen),
    JSON.stringify(envelope),
    userChannel(prefix, envelope.ownerId),
    JSON.stringify(buildNotice(envelope)),
    String(limits.changeLogMaxLen),
    String(limits.changeLogTtlSeconds),
    guardKey ? '1' : '0',
    isReplay ? '0' : '1',
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

/** The publish's guard key was missing: Redis lost its data since the key was written. */
export class GuardKeyMissingError extends Error {
  constructor(readonly guardKey: string) {
    super(`guard key ${guardKey} is missing: Redis lost its data`);
    this.name = 'GuardKeyMissingError';
  }
}

/** Reads the script's `{flag, "<stream id> <change id>"}` reply. */
export function parsePublishReply(reply: unknown, guardKey = ''): PublishResult {
  if (!Array.isArray(reply) || reply.length !== 2)
    throw new Error(`unexpected publish script reply: ${String(reply)}`);
  const [flag, ids] = reply as [unknown, unknown];
  if (Number(flag) === -1) throw new GuardKeyMissingError(guardKey);
  const [streamEntryId, eventId] = typeof ids === 'string' ? ids.split(' ') : [];
  return {
    isNew: Number(flag) === 1,
    streamEntryId: streamEntryId || null,
    eventId: eventId || null,
  };
}
