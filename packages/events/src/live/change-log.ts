import type { Redis } from 'ioredis';
import { toFieldMap } from '../internal/redis-connection.js';
import { userChangesKey } from '../keys.js';
import type { ChangeNotice } from './live-notice.js';
import { liveNoticeSchema } from './live-notice.js';
import { assertEventId, compareStreamIds } from './stream-id.js';

export interface ChangesSince {
  /** The changes after `since`, oldest first (at most `limit`). */
  entries: ChangeNotice[];
  /**
   * True when the log no longer holds every change after `since` (trimmed from the capped log,
   * lost with the log, or `since` is ahead of anything the log issued): replay alone cannot bring
   * the client up to date; it should refetch.
   */
  hasGap: boolean;
  /** True when more than `limit` changes follow `since`: read again after the last entry. */
  hasMore: boolean;
}

/** A change-log entry's notice with the entry id as its eventId; null when the entry is not one. */
export function parseChangeNotice(entryId: string, noticeJson: string | undefined): ChangeNotice | null {
  if (!noticeJson) return null;
  try {
    const parsed = liveNoticeSchema.omit({ eventId: true }).parse(JSON.parse(noticeJson));
    return { ...parsed, eventId: entryId };
  } catch {
    return null;
  }
}

/**
 * What a read of up to `limit + 1` change-log entries after `since` means, on any store: the first
 * `limit` as notices, a gap when the log lost history after `since`, and whether more remain.
 */
export function changesFrom(
  since: string,
  limit: number,
  read: readonly { id: string; notice: string | undefined }[],
  trim: TrimState | null,
): ChangesSince {
  const entries: ChangeNotice[] = [];
  for (const { id, notice } of read.slice(0, limit)) {
    const parsed = parseChangeNotice(id, notice);
    if (parsed) entries.push(parsed);
  }
  return { entries, hasGap: isHistoryMissingAfter(since, trim), hasMore: read.length > limit };
}

/**
 * The owner's task changes after `since` (exclusive), for `taskChanged(since:)` replay. The gateway
 * subscribes to the live channel first, buffers, replays these, then forwards buffered notices with
 * a larger eventId, so nothing is missed or doubled in the switch-over.
 */
export async function readChangesSince(
  redis: Redis,
  prefix: string,
  userId: string,
  since: string,
  options: { limit?: number } = {},
): Promise<ChangesSince> {
  assertEventId(since);
  const limit = options.limit ?? 1_000;
  const key = userChangesKey(prefix, userId);
  // One round trip, one point in time: the range and the trim watermark must describe the same log.
  const replies = await redis
    .multi()
    .call('XRANGE', key, `(${since}`, '+', 'COUNT', String(limit + 1))
    .call('XINFO', 'STREAM', key)
    .exec();
  const [rangeReply, infoReply] = replies ?? [];
  if (!rangeReply || rangeReply[0]) throw rangeReply?.[0] ?? new Error('XRANGE failed');
  const raw = (rangeReply[1] ?? []) as [string, string[]][];
  // XINFO fails with "no such key" when the log does not exist (never written, expired or lost).
  const trim = infoReply && !infoReply[0] ? toTrimState(infoReply[1]) : null;
  const read = raw.map(([id, fields]) => ({ id, notice: toFieldMap(fields).notice }));
  return changesFrom(since, limit, read, trim);
}

/** What a capped log tells about its trimmed head and its newest id. */
export interface TrimState {
  length: number;
  /** Entries ever added (Redis 7+); null when unknown. */
  entriesAdded: number | null;
  firstEntryId: string | null;
  /** Set by XDEL (Redis 7.0 does not move it on MAXLEN trimming); null when none. */
  maxDeletedEntryId: string | null;
  /** The newest id the log ever issued (Redis' last-generated-id); null when it issued none. */
  lastId: string | null;
}

const ORIGIN = '0-0';

/**
 * Whether the log (null: it does not exist) misses changes after `since`. `since` is an id this
 * log issued, or `0-0` for "from the start". So it is missing history when:
 * - `since` is older than the first entry left: entries between the two were trimmed, or the log
 *   was lost and started again (Redis restarted empty, or the log expired);
 * - `since` is ahead of the newest id the log issued: the log that issued it is gone;
 * - an entry after `since` was deleted, or (for `0-0`) anything was ever removed.
 * (If `since` was exactly the last entry removed, this says "gap" although there is none: the
 * client refetches once, which is the safe side.)
 */
export function isHistoryMissingAfter(since: string, state: TrimState | null): boolean {
  const fromOrigin = compareStreamIds(since, ORIGIN) === 0;
  if (state === null) return !fromOrigin;
  if (state.maxDeletedEntryId && compareStreamIds(state.maxDeletedEntryId, since) > 0) return true;
  if (compareStreamIds(since, state.lastId ?? ORIGIN) > 0) return true;
  const hasRemoved = state.entriesAdded !== null && state.entriesAdded > state.length;
  if (fromOrigin) return hasRemoved;
  if (state.firstEntryId === null) return compareStreamIds(since, state.lastId ?? ORIGIN) !== 0;
  return compareStreamIds(since, state.firstEntryId) < 0;
}

/** Reads an XINFO STREAM reply. */
function toTrimState(info: unknown): TrimState | null {
  if (!Array.isArray(info)) return null;
  const field = (name: string) => {
    const index = info.indexOf(name);
    return index >= 0 && index % 2 === 0 ? info[index + 1] : undefined;
  };
  const maxDeleted = field('max-deleted-entry-id');
  const added = field('entries-added');
  const first = field('first-entry');
  const last = field('last-generated-id');
  return {
    length: Number(field('length') ?? 0),
    entriesAdded: added === undefined || added === null ? null : Number(added),
    firstEntryId: Array.isArray(first) && typeof first[0] === 'string' ? first[0] : null,
    maxDeletedEntryId: typeof maxDeleted === 'string' && maxDeleted !== ORIGIN ? maxDeleted : null,
    lastId: typeof last === 'string' && last !== ORIGIN ? last : null,
  };
}
