/**
 * The stream operations a consumer needs, shaped after Redis streams (XGROUP, XREADGROUP, XAUTOCLAIM,
 * XCLAIM, XPENDING, XACK). `StreamConsumer` holds all the delivery logic and runs unchanged over the
 * Redis transport and the in-memory one, so both buses behave alike by construction.
 */

export interface StreamMessage {
  stream: string;
  id: string;
  /** Null when the entry was trimmed from the stream while it was pending. */
  fields: Record<string, string> | null;
}

export interface ClaimIdleResult {
  messages: StreamMessage[];
  /** Where the next scan continues; `0-0` when this one reached the end of the pending list. */
  nextCursor: string;
  /** Pending ids whose entries no longer exist (trimmed); they were dropped from the pending list. */
  deletedIds: string[];
}

export interface DeadLetterRecord {
  group: string;
  consumer: string;
  attempts: number;
  error: string;
  failedAt: string;
}

export interface StreamTransport {
  /** Creates the group at the start of the stream (and the stream) unless it exists. */
  ensureGroup(stream: string, group: string): Promise<void>;
  /** New entries for the group (XREADGROUP `>`), waiting up to `blockMs` for some to arrive. */
  readNew(
    streams: readonly string[],
    group: string,
    consumer: string,
    count: number,
    blockMs: number,
  ): Promise<StreamMessage[]>;
  /** This consumer's own pending entries with ids after `afterId` (XREADGROUP with an id). */
  readOwnPending(
    stream: string,
    group: string,
    consumer: string,
    afterId: string,
    count: number,
  ): Promise<StreamMessage[]>;
  /** Takes over entries pending longer than `minIdleMs` with any consumer (XAUTOCLAIM). */
  claimIdle(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    cursor: string,
    count: number,
  ): Promise<ClaimIdleResult>;
  /** Takes over the given entries if still pending and idle for `minIdleMs` (XCLAIM). */
  claim(
    stream: string,
    group: string,
    consumer: string,
    minIdleMs: number,
    ids: readonly string[],
  ): Promise<StreamMessage[]>;
  /** How many times each still-pending entry has been delivered (absent: no longer pending). */
  deliveryCounts(stream: string, group: string, ids: readonly string[]): Promise<Map<string, number>>;
  ack(stream: string, group: string, id: string): Promise<void>;
  /** Copies the entry to the dead-letter stream and acknowledges it, in one step. */
  deadLetter(message: StreamMessage, record: DeadLetterRecord): Promise<void>;
  /** Makes a read in progress return now (used by stop). */
  interrupt(): void;
  close(): Promise<void>;
}
