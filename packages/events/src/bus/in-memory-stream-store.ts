import type { TrimState } from '../live/change-log.js';
import { compareStreamIds } from '../live/stream-id.js';
import type {
  ClaimIdleResult,
  DeadLetterRecord,
  StreamMessage,
  StreamTransport,
} from './stream-transport.js';

interface Entry {
  id: string;
  fields: Record<string, string>;
}

interface PendingEntry {
  consumer: string;
  deliveredAt: number;
  deliveries: number;
}

interface GroupState {
  lastDeliveredId: string;
  /** Kept in id order (insertion order is delivery order, which is id order for new entries). */
  pending: Map<string, PendingEntry>;
}

interface StreamState {
  entries: Entry[];
  lastMs: number;
  lastSeq: number;
  entriesAdded: number;
  groups: Map<string, GroupState>;
}

const noGroup = (stream: string, group: string) =>
  new Error(`NOGROUP No such key '${stream}' or consumer group '${group}'`);

/**
 * Redis streams' semantics in process memory, for the embedded mode: entry ids `<ms>-<seq>`, consumer
 * groups with a last-delivered id and a pending list with delivery counts, exact MAXLEN trimming.
 * Only what the bus uses is modelled; errors carry Redis' error prefixes (NOGROUP) so the consumer
 * logic treats both the same.
 */
export class InMemoryStreamStore {
  private readonly streams = new Map<string, StreamState>();
  private readonly waiters = new Set<() => void>();

  private stateOf(stream: string): StreamState | undefined {
    return this.streams.get(stream);
  }

  private ensureStream(stream: string): StreamState {
    let state = this.streams.get(stream);
    if (!state) {
      state = { entries: [], lastMs: 0, lastSeq: -1, entriesAdded: 0, groups: new Map() };
      this.streams.set(stream, state);
    }
    return state;
  }

  private groupOf(stream: string, group: string): { state: StreamState; group: GroupState } {
    const state = this.stateOf(stream);
    const groupState = state?.groups.get(group);
    if (!state || !groupState) throw noGroup(stream, group);
    return { state, group: groupState };
  }

  /** XADD with `MAXLEN` (exact). Ids follow Redis: the clock, or the last id's sequence + 1. */
  add(stream: string, fields: Record<string, string>, maxLen?: number): string {
    const state = this.ensureStream(stream);
    const now = Date.now();
    if (now > state.lastMs) {
      state.lastMs = now;
      state.lastSeq = 0;
    } else {
      state.lastSeq += 1;
    }
    const id = `${state.lastMs}-${state.lastSeq}`;
    state.entries.push({ id, fields });
    state.entriesAdded += 1;
    if (maxLen !== undefined && state.entries.length > maxLen)
      state.entries.splice(0, state.entries.length - maxLen);
    for (const wake of this.waiters) wake();
    return id;
  }

  /** XRANGE `(after` `+` COUNT, plus what XINFO STREAM tells about trimming. */
  rangeAfter(stream: string, afterId: string, count: number): { entries: Entry[]; trim: TrimState | null } {
    const state = this.stateOf(stream);
    if (!state) return { entries: [], trim: null };
    const entries = state.entries.filter((entry) => compareStreamIds(entry.id, afterId) > 0).slice(0, count);
    const trim: TrimState = {
      length: state.entries.length,
      entriesAdded: state.entriesAdded,
      firstEntryId: state.entries[0]?.id ?? null,
      maxDeletedEntryId: null,
      lastId: state.entriesAdded > 0 ? `${state.lastMs}-${state.lastSeq}` : null,
    };
    return { entries, trim };
  }

  /** The last `count` entries. */
  tail(stream: string, count: number): Entry[] {
    return this.stateOf(stream)?.entries.slice(-count) ?? [];
  }

  createGroup(stream: string, group: string): void {
    const state = this.ensureStream(stream);
    if (!state.groups.has(group)) state.groups.set(group, { lastDeliveredId: '0-0', pending: new Map() });
  }

  inspectGroup(stream: string, group: string): { pending: number; lag: number; consumers: number } | null {
    const state = this.stateOf(stream);
    const groupState = state?.groups.get(group);
    if (!state || !groupState) return null;
    const lag = state.entries.filter(
      (entry) => compareStreamIds(entry.id, groupState.lastDeliveredId) > 0,
    ).length;
    const consumers = new Set([...groupState.pending.values()].map((entry) => entry.consumer)).size;
    return { pending: groupState.pending.size, lag, consumers };
  }

  readNew(streams: readonly string[], groupName: string, consumer: string, count: number): StreamMessage[] {
    const messages: StreamMessage[] = [];
    for (const stream of streams) {
      const { state, group } = this.groupOf(stream, groupName);
      for (const entry of state.entries) {
        if (messages.length >= count) break;
        if (compareStreamIds(entry.id, group.lastDeliveredId) <= 0) continue;
        group.lastDeliveredId = entry.id;
        group.pending.set(entry.id, { consumer, deliveredAt: Date.now(), deliveries: 1 });
        messages.push({ stream, id: entry.id, fields: entry.fields });
      }
    }
    return messages;
  }

  readOwnPending(
    stream: string,
    groupName: string,
    consumer: string,
    afterId: string,
    count: number,
  ): StreamMessage[] {
    const { state, group } = this.groupOf(stream, groupName);
    const messages: StreamMessage[] = [];
    for (const id of this.sortedPendingIds(group)) {
      if (messages.length >= count) break;
      const pending = group.pending.get(id)!;
      if (pending.consumer !== consumer || compareStreamIds(id, afterId) <= 0) continue;
      pending.deliveredAt = Date.now();
      pending.deliveries += 1;
      messages.push({ stream, id, fields: this.findEntry(state, id)?.fields ?? null });
    }
    return messages;
  }

  claimIdle(
    stream: string,
    groupName: string,
    consumer: string,
    minIdleMs: number,
    cursor: string,
    count: number,
  ): ClaimIdleResult {
    const { state, group } = this.groupOf(stream, groupName);
    const now = Date.now();
    const messages: StreamMessage[] = [];
    const deletedIds: string[] = [];
    const ids = this.sortedPendingIds(group).filter((id) => compareStreamIds(id, cursor) >= 0);
    let nextCursor = '0-0';
    for (const id of ids) {
      if (messages.length + deletedIds.length >= count) {
        nextCursor = id;
        break;
      }
      const pending = group.pending.get(id)!;
      if (now - pending.deliveredAt < minIdleMs) continue;
      const entry = this.findEntry(state, id);
      if (!entry) {
        group.pending.delete(id);
        deletedIds.push(id);
        continue;
      }
      group.pending.set(id, { consumer, deliveredAt: now, deliveries: pending.deliveries + 1 });
      messages.push({ stream, id, fields: entry.fields });
    }
    return { messages, nextCursor, deletedIds };
  }

  claim(
    stream: string,
    groupName: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
  ): StreamMessage[] {
    const { state, group } = this.groupOf(stream, groupName);
    const now = Date.now();
    const messages: StreamMessage[] = [];
    for (const id of ids) {
      const pending = group.pending.get(id);
      if (!pending || now - pending.deliveredAt < minIdleMs) continue;
      const entry = this.findEntry(state, id);
      if (!entry) {
        group.pending.delete(id);
        continue;
      }
      group.pending.set(id, { consumer, deliveredAt: now, deliveries: pending.deliveries + 1 });
      messages.push({ stream, id, fields: entry.fields });
    }
    return messages;
  }

  deliveryCounts(stream: string, groupName: string, ids: readonly string[]): Map<string, number> {
    const { group } = this.groupOf(stream, groupName);
    const counts = new Map<string, number>();
    for (const id of ids) {
      const pending = group.pending.get(id);
      if (pending) counts.set(id, pending.deliveries);
    }
    return counts;
  }

  ack(stream: string, groupName: string, id: string): void {
    this.groupOf(stream, groupName).group.pending.delete(id);
  }

  /** Resolves when anything is added to any stream, after `timeoutMs`, or when `signal` aborts. */
  waitForEntries(timeoutMs: number, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.waiters.add(done);
      signal.addEventListener('abort', done);
    });
  }

  private findEntry(state: StreamState, id: string): Entry | undefined {
    // Binary search: entries are in id order.
    let low = 0;
    let high = state.entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const entry = state.entries[middle]!;
      const order = compareStreamIds(entry.id, id);
      if (order === 0) return entry;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  private sortedPendingIds(group: GroupState): string[] {
    return [...group.pending.keys()].sort(compareStreamIds);
  }
}

/** One consumer's view of an `InMemoryStreamStore`. */
export class InMemoryStreamTransport implements StreamTransport {
  private readonly abort = new AbortController();

  constructor(
    private readonly store: InMemoryStreamStore,
    private readonly deadLetterKey: string,
    private readonly deadLetterMaxLen: number,
  ) {}

  async ensureGroup(stream: string, group: string): Promise<void> {
    this.store.createGroup(stream, group);
  }

  async readNew(
    streams: readonly string[],
    group: string,
    consumer: string,
    count: number,
    blockMs: number,
  ): Promise<StreamMessage[]> {
    const messages = this.store.readNew(streams, group, consumer, count);
    if (messages.length > 0 || this.abort.signal.aborted) return messages;
    await this.store.waitForEntries(blockMs, this.abort.signal);
    return this.store.readNew(streams, group, consumer, count);
  }

  async readOwnPending(
    stream: string,
    group: string,
    consumer: string,
    afterId: string,
    count: number,
  ): Promise<StreamMessage[]> {
    return this.store.readOwnPending(stream, group, consumer, afterId, count);
  }

  async claimIdle(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    cursor: string,
    count: number,
  ): Promise<ClaimIdleResult> {
    return this.store.claimIdle(stream, group, consumer, minIdleMs, cursor, count);
  }

  async claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
  ): Promise<StreamMessage[]> {
    return this.store.claim(stream, group, consumer, minIdleMs, ids);
  }

  async deliveryCounts(stream: string, group: string, ids: readonly string[]): Promise<Map<string, number>> {
    return this.store.deliveryCounts(stream, group, ids);
  }

  async ack(stream: string, group: string, id: string): Promise<void> {
    this.store.ack(stream, group, id);
  }

  async deadLetter(message: StreamMessage, record: DeadLetterRecord): Promise<void> {
    this.store.add(
      this.deadLetterKey,
      {
        event: message.fields?.event ?? '',
        stream: message.stream,
        messageId: message.id,
        group: record.group,
        consumer: record.consumer,
        attempts: String(record.attempts),
        error: record.error.slice(0, 2_000),
        failedAt: record.failedAt,
      },
      this.deadLetterMaxLen,
    );
    this.store.ack(message.stream, record.group, message.id);
  }

  interrupt(): void {
    this.abort.abort();
  }

  async close(): Promise<void> {
    this.abort.abort();
  }
}
